import { MigrationInterface, QueryRunner } from 'typeorm';

/** Calendar feeds: the unit's link version, added in place (no table rebuild of units). */
export class CalendarVersion1796359532625 implements MigrationInterface {
  name = 'CalendarVersion1796359532625';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "units" ADD COLUMN "calendarVersion" integer NOT NULL DEFAULT (0)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "units" DROP COLUMN "calendarVersion"`);
  }
}
