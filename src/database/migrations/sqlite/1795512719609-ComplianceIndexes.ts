import { MigrationInterface, QueryRunner } from 'typeorm';

export class ComplianceIndexes1795512719609 implements MigrationInterface {
  name = 'ComplianceIndexes1795512719609';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_f68f0c1909e0e76ce7518278f4"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_tasks_timeliness" ON "tasks" ("committeeId", "leadUnitId", "scheduleKind", "status", "programId", "dueDate", "startDate", "completedOn", "every") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_f526abf3f6fd796aecaafeef9b" ON "tasks" ("committeeId", "leadUnitId", "dueDate") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_f526abf3f6fd796aecaafeef9b"`);
    await queryRunner.query(`DROP INDEX "IDX_tasks_timeliness"`);
    await queryRunner.query(`CREATE INDEX "IDX_f68f0c1909e0e76ce7518278f4" ON "tasks" ("committeeId", "leadUnitId") `);
  }
}
