import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A recurring deadline's day in each period ("trước ngày 10 hằng tháng", "chậm nhất ngày 20
 * của tháng cuối quý"), stored as "10", "last:20", "first:15", "next:15", so reminders and
 * report periods fall on that day rather than the period's last.
 */
export class PeriodDay1795600000003 implements MigrationInterface {
  name = 'PeriodDay1795600000003';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks ADD COLUMN "periodDay" varchar(12) NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks DROP COLUMN "periodDay"`);
  }
}
