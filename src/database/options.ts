import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'fs';
import { dirname, join } from 'path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/configuration';
import { SqlFileLogger } from './sql-log';

/**
 * The one place the database driver is chosen. SQLite (file, WAL, busy timeout) is the
 * embedded default; PostgreSQL via DATABASE_URL when one machine is not enough.
 * `synchronize` stays off: the schema comes from migrations only.
 */
export function dataSourceOptions(cfg: AppConfig): DataSourceOptions {
  // One migration folder per dialect, generated from the same entities (a test checks that
  // each leaves nothing for migration:generate to add).
  // The TypeORM CLI and the schema check find every entity file; the service takes each
  // feature module's own (autoLoadEntities, database.module.ts).
  const entities = [join(__dirname, '..', '**', '*.entity.{ts,js}')];
  const log = cfg.database.sqlLog ? { logging: ['query' as const], logger: new SqlFileLogger(cfg.database.sqlLog) } : {};
  const migrations = [join(__dirname, 'migrations', cfg.database.type === 'postgres' ? 'postgres' : 'sqlite', '*.{ts,js}')];
  if (cfg.database.type === 'postgres') {
    // Migrations run in Db.onModuleInit under an advisory lock: instances starting together on
    // an empty database would otherwise race to create the same tables.
    // At start-up a database that cannot be reached is a setting to fix, said at once (main.ts
    // names DATABASE_URL); once running, the pool reconnects by itself query by query.
    return {
      type: 'postgres',
      // No URL: node-postgres reads PGHOST, PGPORT, PGDATABASE, PGUSER and PGPASSWORD itself.
      url: cfg.database.url || undefined,
      entities,
      migrations,
      migrationsRun: false,
      synchronize: false,
      connectTimeoutMS: 10_000,
      poolSize: cfg.database.poolSize,
      ...log,
    };
  }
  if (cfg.database.path !== ':memory:') privateFile(cfg.database.path);
  return {
    type: 'sqlite',
    database: cfg.database.path,
    entities,
    migrations,
    migrationsRun: true,
    synchronize: false,
    enableWAL: true,
    busyTimeout: cfg.database.busyTimeoutMs,
    ...log,
  };
}

/**
 * A data source for these options, with one rule for instants on PostgreSQL: the columns
 * TypeORM fills itself (@CreateDateColumn, @UpdateDateColumn) are `timestamptz`, so a stored
 * instant means the same whatever the server's or Node's time zone (a plain `timestamp` came
 * back 7 hours early under TZ=Asia/Ho_Chi_Minh). SQLite keeps its UTC text ('YYYY-MM-DD
 * HH:MM:SS'); raw reads of either go through `instant()` (instants.ts). Entities stay the same
 * for both dialects: the driver's mapping is what differs, set here before metadata is built.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  const ds = new DataSource(options);
  if (options.type === 'postgres') {
    const mapped = ds.driver.mappedDataTypes as { createDate: string; updateDate: string };
    mapped.createDate = 'timestamp with time zone';
    mapped.updateDate = 'timestamp with time zone';
  }
  return ds;
}

/**
 * The database holds every task, note and password hash: only the service's user may read it.
 * SQLite gives its -wal and -shm files the database file's mode.
 */
function privateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  else if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
}
