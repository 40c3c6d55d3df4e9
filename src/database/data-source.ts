// For the TypeORM CLI (migration:generate / migration:run), honouring the same config and env as the service.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/configuration';
import { dataSourceOptions } from './options';

export default new DataSource({ ...dataSourceOptions(loadConfig()), migrationsRun: false });
