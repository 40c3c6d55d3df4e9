import { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskChanges1796361159874 implements MigrationInterface {
  name = 'TaskChanges1796361159874';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "task_changes" ("id" SERIAL NOT NULL, "committeeId" integer NOT NULL, "taskId" integer NOT NULL, "kind" character varying(10) NOT NULL, "fromStatus" character varying(24), "toStatus" character varying(24) NOT NULL, "fromCompletedOn" character varying(10), "fromDue" character varying(10), "toDue" character varying(10), "on" character varying(10) NOT NULL, "at" character varying(30) NOT NULL, "by" character varying(200) NOT NULL, "note" text, CONSTRAINT "PK_c3bf1a671cd868b1833b955d404" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c219fafbb6fc1ceae329920966" ON "task_changes" ("committeeId", "on", "taskId") `);
    await queryRunner.query(`CREATE INDEX "IDX_c8ddd22918a293dee82030a1a3" ON "task_changes" ("taskId", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_c8ddd22918a293dee82030a1a3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c219fafbb6fc1ceae329920966"`);
    await queryRunner.query(`DROP TABLE "task_changes"`);
  }
}
