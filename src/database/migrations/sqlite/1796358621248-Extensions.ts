import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadline extensions. The two task columns are added in place (ALTER TABLE … ADD COLUMN):
 * the table rebuild TypeORM generates for SQLite would drop the full-text triggers on tasks.
 */
export class Extensions1796358621248 implements MigrationInterface {
  name = 'Extensions1796358621248';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "extensions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "committeeId" integer NOT NULL, "taskId" integer NOT NULL, "proposedDue" varchar(10) NOT NULL, "originalDue" varchar(10) NOT NULL, "reason" text NOT NULL, "status" varchar(10) NOT NULL DEFAULT ('pending'), "requestedBy" varchar(200) NOT NULL, "requestedAt" varchar(30) NOT NULL, "decidedBy" varchar(200), "decidedAt" varchar(30), "note" text)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6b7232e90f03df79d2e6fb6783" ON "extensions" ("taskId") `);
    await queryRunner.query(`CREATE INDEX "IDX_533598dc7ec89f613d40b83b70" ON "extensions" ("committeeId", "status") `);
    await queryRunner.query(`ALTER TABLE "tasks" ADD COLUMN "extendedDue" varchar(10)`);
    await queryRunner.query(`ALTER TABLE "tasks" ADD COLUMN "originalDue" varchar(10)`);
    await queryRunner.query(`CREATE INDEX "IDX_tasks_extended" ON "tasks" ("committeeId", "leadUnitId") WHERE "extendedDue" IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_tasks_extended"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "originalDue"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "extendedDue"`);
    await queryRunner.query(`DROP INDEX "IDX_533598dc7ec89f613d40b83b70"`);
    await queryRunner.query(`DROP INDEX "IDX_6b7232e90f03df79d2e6fb6783"`);
    await queryRunner.query(`DROP TABLE "extensions"`);
  }
}
