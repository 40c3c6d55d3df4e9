/**
 * One migration folder per dialect (src/database/migrations/{sqlite,postgres}), generated from
 * the same entities: on each database, after every migration has run, the schema the entities
 * describe has nothing left to add or change — what `migration:generate` would write is empty.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/configuration';
import { dataSourceOptions } from '../src/database/options';
import { DbKind, databases, dbEnv, stopDatabases } from './support/databases';

describe.each(databases())('migrations on %s', (db: DbKind) => {
  afterAll(() => stopDatabases());

  it('build the schema the entities describe, with nothing left for migration:generate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-migrations-'));
    const env = { ...(await dbEnv(db)), DB_PATH: join(dir, 'm.sqlite') };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const ds = new DataSource({ ...dataSourceOptions(loadConfig()), migrationsRun: false, logging: false });
    Object.assign(process.env, saved);
    for (const k of Object.keys(env)) if (!(k in saved)) delete process.env[k];
    try {
      await ds.initialize();
      const ran = await ds.runMigrations({ transaction: 'each' });
      expect(ran.length).toBeGreaterThan(0);
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      expect(await ds.showMigrations()).toBe(false);
    } finally {
      if (ds.isInitialized) await ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
