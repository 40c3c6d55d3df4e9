import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { Db } from './db.service';
import { Lease } from './lease.entity';
import { Setting } from './setting.entity';
import { LeaseService } from './lease.service';
import { createDataSource, dataSourceOptions } from './options';
import { PublicUrlService } from './public-url.service';

@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([Lease, Setting]),
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      // Two more tries a second apart ride out a database that is still starting; a wrong
      // address or password then fails the start-up instead of retrying for half a minute.
      // Each feature module registers its own entities (TypeOrmModule.forFeature).
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config), entities: [], autoLoadEntities: true, retryAttempts: 2, retryDelay: 1000 }),
      dataSourceFactory: (options) => createDataSource(options!).initialize(),
    }),
  ],
  providers: [Db, LeaseService, PublicUrlService],
  exports: [Db, LeaseService, PublicUrlService],
})
export class DatabaseModule {}
