import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistics on the expression the list's common-phrase search tests row by row
 * (`"searchText" || ''`, sql.textMatch in tasks/task-rules.ts). Without them PostgreSQL guesses
 * a "contains" pattern's selectivity from its length — a 17-letter phrase "matches nothing" —
 * and, expecting no page to fill early, reads and sorts the whole committee instead of walking
 * the list's order index until a page is full. With them ANALYZE samples the texts and the
 * planner tests the pattern on the sample (one task in eight, as it truly is).
 */
export class SearchStatistics1796380500000 implements MigrationInterface {
  name = 'SearchStatistics1796380500000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE STATISTICS IF NOT EXISTS "STAT_tasks_search_text" ON ("searchText" || '') FROM tasks`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP STATISTICS IF EXISTS "STAT_tasks_search_text"`);
  }
}
