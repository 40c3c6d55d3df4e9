/**
 * One migration folder per dialect (src/database/migrations/{sqlite,postgres}), generated from
 * the same entities: on each database, after every migration has run, the schema the entities
 * describe has nothing left to add or change — what `migration:generate` would write is empty.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadConfig } from '../src/config/configuration';
import { createDataSource, dataSourceOptions } from '../src/database/options';
import { Db } from '../src/database/db.service';
import { createProgram, createTask, startApp } from './support/app';
import { DbKind, databases, dbEnv, stopDatabases } from './support/databases';

describe.each(databases())('migrations on %s', (db: DbKind) => {
  afterAll(() => stopDatabases());

  it('build the schema the entities describe, with nothing left for migration:generate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-migrations-'));
    const env = { ...(await dbEnv(db)), DB_PATH: join(dir, 'm.sqlite') };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const ds = createDataSource({ ...dataSourceOptions(loadConfig()), migrationsRun: false, logging: false });
    Object.assign(process.env, saved);
    for (const k of Object.keys(env)) if (!(k in saved)) delete process.env[k];
    try {
      await ds.initialize();
      const ran = await ds.runMigrations({ transaction: 'each' });
      expect(ran.length).toBeGreaterThan(0);
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      expect(await ds.showMigrations()).toBe(false);
      // What the entities cannot describe, made by the TaskSearch and Tallies migrations, is there too.
      if (db === 'sqlite') {
        const triggers = await ds.query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'tasks' ORDER BY name`);
        expect(triggers.map((r: { name: string }) => r.name)).toEqual([
          'tally_tasks_delete',
          'tally_tasks_insert',
          'tally_tasks_update',
          'tasks_fts_delete',
          'tasks_fts_insert',
          'tasks_fts_update',
        ]);
      } else {
        expect(await ds.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'tasks' AND indexname = 'IDX_tasks_search_trgm'`)).toHaveLength(1);
        const triggers = await ds.query(`SELECT tgname FROM pg_trigger WHERE tgname LIKE 'tally_%' ORDER BY tgname`);
        expect(triggers.map((r: { tgname: string }) => r.tgname)).toEqual([
          'tally_changes',
          'tally_reports_insert_delete',
          'tally_reports_update',
          'tally_tasks_insert_delete',
          'tally_tasks_update',
        ]);
      }
    } finally {
      if (ds.isInitialized) await ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe.each(databases())('instants on %s', (db: DbKind) => {
  afterAll(() => stopDatabases());

  // The PostgreSQL pass runs the whole suite with TZ=Asia/Ho_Chi_Minh (a ward's server), the
  // SQLite pass in the machine's zone (UTC on CI): this case holds in both.
  it('read back as the same instant whatever the time zone Node runs in', async () => {
    const t = await startApp('2025-09-01', { env: await dbEnv(db) });
    try {
      const before = Date.now();
      const task = await createTask(t, await createProgram(t), { leadUnitId: t.unitId('Ban Xây dựng Đảng') });
      const read = (await t.http().get(`/api/tasks/${task.id}`).set(t.as('office')).expect(200)).body;
      // Written by the database's clock, read back through the driver: within the minute, not 7 hours off.
      expect(Math.abs(Date.parse(read.createdAt) - before)).toBeLessThan(60_000);
      if (db === 'postgres') {
        const types = await t.app
          .get(Db)
          .query<{ type: string }>(
            `SELECT DISTINCT data_type AS type FROM information_schema.columns WHERE table_schema = 'public' AND column_name IN ('createdAt', 'updatedAt', 'at') AND data_type LIKE 'timestamp%'`,
          );
        expect(types).toEqual([{ type: 'timestamp with time zone' }]);
      }
    } finally {
      await t.close();
    }
  }, 60_000);
});
