import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Text search by index: a trigram GIN index over the tasks' folded text, which PostgreSQL uses
 * for "contains" (LIKE '%…%') by itself. pg_trgm is a trusted extension: the database's owner
 * may create it.
 */
export class TaskSearch1796300000000 implements MigrationInterface {
  name = 'TaskSearch1796300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE INDEX "IDX_tasks_search_trgm" ON tasks USING gin ("searchText" gin_trgm_ops)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "IDX_tasks_search_trgm"`);
  }
}
