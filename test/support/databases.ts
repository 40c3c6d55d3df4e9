/**
 * The databases a test runs on: SQLite always; PostgreSQL when Debian's server binaries are
 * installed (a throwaway cluster per test file, see postgres.ts). Without them a test on
 * PostgreSQL skips with a message, and fails under CI=true (.ci/run installs `postgresql`).
 */
import { PgCluster, pgBinDir, startPg } from './postgres';

export type DbKind = 'sqlite' | 'postgres';

export const PG_AVAILABLE = pgBinDir() !== null;

export function databases(): DbKind[] {
  if (PG_AVAILABLE) return ['sqlite', 'postgres'];
  if (process.env.CI === 'true') throw new Error('PostgreSQL server binaries are missing: install the postgresql package (.ci/run does)');
  console.warn('PostgreSQL is not installed (apt-get install postgresql): the PostgreSQL half of this test is skipped');
  return ['sqlite'];
}

let cluster: Promise<PgCluster> | null = null;

/** Environment for a test app on `db`: nothing for SQLite, a fresh database in this file's cluster for PostgreSQL. */
export async function dbEnv(db: DbKind): Promise<Record<string, string>> {
  if (db === 'sqlite') return {};
  cluster ??= startPg();
  const c = await cluster;
  return { DB_TYPE: 'postgres', DATABASE_URL: await c.createDatabase() };
}

/** Stops this file's cluster (call in afterAll). */
export async function stopDatabases(): Promise<void> {
  if (!cluster) return;
  const c = await cluster;
  cluster = null;
  c.stop();
}
