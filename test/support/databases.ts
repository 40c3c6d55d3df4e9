/**
 * The databases a test runs on. `npm test` runs the suite twice: on SQLite, then (the
 * PostgreSQL pass, postgres-pass.ts) with TEST_DB=postgres, every test app on a fresh database
 * of one throwaway cluster. Tests written for both databases at once (`databases()`) run both
 * in the SQLite pass and PostgreSQL in the other. Without Debian's server binaries a test on
 * PostgreSQL skips with a message, and fails under CI=true (.ci/run installs `postgresql`).
 */
import { join } from 'path';
import { PgCluster, createDatabaseAt, pgBinDir, startPg } from './postgres';

export type DbKind = 'sqlite' | 'postgres';

export const PG_AVAILABLE = pgBinDir() !== null;

/** The database of this pass: what startApp and freshDb use unless told otherwise. */
export const TEST_DB: DbKind = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

export function databases(): DbKind[] {
  if (TEST_DB === 'postgres') return ['postgres'];
  if (PG_AVAILABLE) return ['sqlite', 'postgres'];
  if (process.env.CI === 'true') throw new Error('PostgreSQL server binaries are missing: install the postgresql package (.ci/run does)');
  console.warn('PostgreSQL is not installed (apt-get install postgresql): the PostgreSQL half of this test is skipped');
  return ['sqlite'];
}

/** `it` for what only exists on SQLite (the database file, PRAGMAs, file backups); skipped in the PostgreSQL pass. */
export const itOnSqlite: jest.It = TEST_DB === 'sqlite' ? it : it.skip;

/** `it` for what only exists on PostgreSQL; skipped in the SQLite pass. */
export const itOnPostgres: jest.It = TEST_DB === 'postgres' ? it : it.skip;

let cluster: Promise<PgCluster> | null = null;

/** Environment for a test app on `db`: nothing for SQLite, a fresh database for PostgreSQL. */
export async function dbEnv(db: DbKind): Promise<Record<string, string>> {
  if (db === 'sqlite') return {};
  return { DB_TYPE: 'postgres', DATABASE_URL: await newPgDatabase() };
}

/**
 * Environment naming a new empty database of this pass: a file in `dir`, or a fresh PostgreSQL
 * database with the signing secret in a file in `dir` (PostgreSQL keeps no file beside it).
 */
export async function freshDb(dir: string, file = 'dondoc.sqlite'): Promise<Record<string, string>> {
  if (TEST_DB === 'sqlite') return { DB_PATH: join(dir, file) };
  return { ...(await dbEnv('postgres')), AUTH_SECRET_FILE: join(dir, 'auth.secret') };
}

/** Environment for another process on the database `handle` (a test app's dbPath: a file, or a postgres:// URL). */
export function dbEnvOf(handle: string): Record<string, string> {
  return handle.startsWith('postgres://') ? { DB_TYPE: 'postgres', DATABASE_URL: handle } : { DB_PATH: handle };
}

async function newPgDatabase(): Promise<string> {
  // The PostgreSQL pass shares one cluster among all files; a lone run starts its own per file.
  if (process.env.TEST_PG_BASE) return createDatabaseAt(process.env.TEST_PG_BASE);
  cluster ??= startPg();
  return (await cluster).createDatabase();
}

/** Stops this file's cluster, if it started one (call in afterAll). */
export async function stopDatabases(): Promise<void> {
  if (!cluster) return;
  const c = await cluster;
  cluster = null;
  c.stop();
}
