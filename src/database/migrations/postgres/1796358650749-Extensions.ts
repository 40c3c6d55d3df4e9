import { MigrationInterface, QueryRunner } from 'typeorm';

export class Extensions1796358650749 implements MigrationInterface {
  name = 'Extensions1796358650749';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "extensions" ("id" SERIAL NOT NULL, "committeeId" integer NOT NULL, "taskId" integer NOT NULL, "proposedDue" character varying(10) NOT NULL, "originalDue" character varying(10) NOT NULL, "reason" text NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'pending', "requestedBy" character varying(200) NOT NULL, "requestedAt" character varying(30) NOT NULL, "decidedBy" character varying(200), "decidedAt" character varying(30), "note" text, CONSTRAINT "PK_3632b8148c8f511650d3f3eda06" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6b7232e90f03df79d2e6fb6783" ON "extensions" ("taskId") `);
    await queryRunner.query(`CREATE INDEX "IDX_533598dc7ec89f613d40b83b70" ON "extensions" ("committeeId", "status") `);
    await queryRunner.query(`ALTER TABLE "tasks" ADD "extendedDue" character varying(10)`);
    await queryRunner.query(`ALTER TABLE "tasks" ADD "originalDue" character varying(10)`);
    await queryRunner.query(`CREATE INDEX "IDX_tasks_extended" ON "tasks" ("committeeId", "leadUnitId") WHERE "extendedDue" IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_tasks_extended"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "originalDue"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "extendedDue"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_533598dc7ec89f613d40b83b70"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6b7232e90f03df79d2e6fb6783"`);
    await queryRunner.query(`DROP TABLE "extensions"`);
  }
}
