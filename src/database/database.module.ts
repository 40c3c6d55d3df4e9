import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { Db } from './db.service';
import { LeaseService } from './lease.service';
import { dataSourceOptions } from './options';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => dataSourceOptions(config),
    }),
  ],
  providers: [Db, LeaseService],
  exports: [Db, LeaseService],
})
export class DatabaseModule {}
