// For the TypeORM CLI (migration:generate / migration:run), honouring the same config and env as the service.
import 'reflect-metadata';
import { loadConfig } from '../config/configuration';
import { createDataSource, dataSourceOptions } from './options';

export default createDataSource({ ...dataSourceOptions(loadConfig()), migrationsRun: false });
