import { MigrationInterface, QueryRunner } from 'typeorm';

export class ListIndexes1796290310375 implements MigrationInterface {
  name = 'ListIndexes1796290310375';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_d3dd3752d9aa894be653460f6f"`);
    await queryRunner.query(`CREATE INDEX "IDX_08c699dd0b5e281cc094aefd2f" ON "reminder_log" ("committeeId", "taskId", "day") `);
    await queryRunner.query(`CREATE INDEX "IDX_44754eb7a9348630abc7db7e44" ON "task_reports" ("committeeId", "taskId", "periodKey") `);
    await queryRunner.query(`CREATE INDEX "IDX_e20da9fa2307debb3f7f160318" ON "tasks" ("committeeId", "programId", "position", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_e20da9fa2307debb3f7f160318"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_44754eb7a9348630abc7db7e44"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_08c699dd0b5e281cc094aefd2f"`);
    await queryRunner.query(`CREATE INDEX "IDX_d3dd3752d9aa894be653460f6f" ON "tasks" ("committeeId", "programId") `);
  }
}
