import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The columns TypeORM fills itself become `timestamptz` (see createDataSource). They were
 * written by now() in a session whose zone was the server's: read back as that zone, which
 * for the clusters dondoc runs on is UTC. Altered in place, so indexes and data stay.
 */
const COLUMNS: [string, string][] = [
  ['audit_events', 'at'],
  ['committees', 'createdAt'],
  ['import_previews', 'createdAt'],
  ['outbox', 'createdAt'],
  ['task_reports', 'createdAt'],
  ['programs', 'createdAt'],
  ['programs', 'updatedAt'],
  ['task_notes', 'createdAt'],
  ['units', 'createdAt'],
  ['units', 'updatedAt'],
  ['tasks', 'createdAt'],
  ['tasks', 'updatedAt'],
  ['users', 'createdAt'],
];

export class TimestampsWithZone1796290000000 implements MigrationInterface {
  name = 'TimestampsWithZone1796290000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of COLUMNS)
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE TIMESTAMP WITH TIME ZONE USING "${column}" AT TIME ZONE 'UTC'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of COLUMNS)
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE TIMESTAMP WITHOUT TIME ZONE USING "${column}" AT TIME ZONE 'UTC'`);
  }
}
