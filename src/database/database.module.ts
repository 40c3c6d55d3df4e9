import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { Db } from './db.service';
import { LeaseService } from './lease.service';
import { dataSourceOptions } from './options';
import { PublicUrlService } from './public-url.service';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => dataSourceOptions(config),
    }),
  ],
  providers: [Db, LeaseService, PublicUrlService],
  exports: [Db, LeaseService, PublicUrlService],
})
export class DatabaseModule {}
