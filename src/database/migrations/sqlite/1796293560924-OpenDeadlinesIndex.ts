import { MigrationInterface, QueryRunner } from 'typeorm';

export class OpenDeadlinesIndex1796293560924 implements MigrationInterface {
  name = 'OpenDeadlinesIndex1796293560924';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_tasks_open_deadlines" ON "tasks" ("committeeId", "dueDate") WHERE "scheduleKind" IN ('date', 'window', 'relative') AND "status" NOT IN ('cancelled', 'suspended', 'done', 'pending_confirmation')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_tasks_open_deadlines"`);
  }
}
