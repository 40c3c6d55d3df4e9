import { MigrationInterface, QueryRunner } from 'typeorm';

export class CalendarVersion1796359549422 implements MigrationInterface {
  name = 'CalendarVersion1796359549422';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "units" ADD "calendarVersion" integer NOT NULL DEFAULT '0'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "units" DROP COLUMN "calendarVersion"`);
  }
}
