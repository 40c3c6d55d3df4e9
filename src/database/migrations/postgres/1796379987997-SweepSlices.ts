import { MigrationInterface, QueryRunner } from 'typeorm';

export class SweepSlices1796379987997 implements MigrationInterface {
  name = 'SweepSlices1796379987997';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_tasks_committee_id" ON "tasks" ("committeeId", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_tasks_committee_id"`);
  }
}
