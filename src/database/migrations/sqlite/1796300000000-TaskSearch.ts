import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Text search by index: an FTS5 table over the tasks' folded text (no diacritics, lower case)
 * with the trigram tokenizer, so "contains" (LIKE '%…%') is answered from the index instead of
 * reading every task. Kept in step by triggers. A later migration that makes TypeORM rebuild
 * the tasks table (copy, drop, rename) drops these triggers: recreate them there;
 * test/migrations.e2e-spec.ts checks they exist after every migration.
 */
export class TaskSearch1796300000000 implements MigrationInterface {
  name = 'TaskSearch1796300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE VIRTUAL TABLE tasks_fts USING fts5("searchText", content='tasks', content_rowid='id', tokenize='trigram')`);
    await q.query(`INSERT INTO tasks_fts (rowid, "searchText") SELECT id, "searchText" FROM tasks`);
    await q.query(
      `CREATE TRIGGER tasks_fts_insert AFTER INSERT ON tasks BEGIN INSERT INTO tasks_fts (rowid, "searchText") VALUES (new.id, new."searchText"); END`,
    );
    await q.query(
      `CREATE TRIGGER tasks_fts_delete AFTER DELETE ON tasks BEGIN INSERT INTO tasks_fts (tasks_fts, rowid, "searchText") VALUES ('delete', old.id, old."searchText"); END`,
    );
    await q.query(
      `CREATE TRIGGER tasks_fts_update AFTER UPDATE OF "searchText" ON tasks BEGIN INSERT INTO tasks_fts (tasks_fts, rowid, "searchText") VALUES ('delete', old.id, old."searchText"); INSERT INTO tasks_fts (rowid, "searchText") VALUES (new.id, new."searchText"); END`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of ['tasks_fts_insert', 'tasks_fts_delete', 'tasks_fts_update']) await q.query(`DROP TRIGGER IF EXISTS ${t}`);
    await q.query(`DROP TABLE IF EXISTS tasks_fts`);
  }
}
