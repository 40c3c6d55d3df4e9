import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The day a unit last reported on a task ("không cập nhật" counts from it), added in place:
 * rebuilding tasks would drop its full-text triggers.
 */
export class LastProgress1796359825192 implements MigrationInterface {
  name = 'LastProgress1796359825192';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" ADD COLUMN "lastProgressOn" varchar(10)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "lastProgressOn"`);
  }
}
