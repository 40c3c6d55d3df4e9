import { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskChanges1796361144896 implements MigrationInterface {
  name = 'TaskChanges1796361144896';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "task_changes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "committeeId" integer NOT NULL, "taskId" integer NOT NULL, "kind" varchar(10) NOT NULL, "fromStatus" varchar(24), "toStatus" varchar(24) NOT NULL, "fromCompletedOn" varchar(10), "fromDue" varchar(10), "toDue" varchar(10), "on" varchar(10) NOT NULL, "at" varchar(30) NOT NULL, "by" varchar(200) NOT NULL, "note" text)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c219fafbb6fc1ceae329920966" ON "task_changes" ("committeeId", "on", "taskId") `);
    await queryRunner.query(`CREATE INDEX "IDX_c8ddd22918a293dee82030a1a3" ON "task_changes" ("taskId", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_c8ddd22918a293dee82030a1a3"`);
    await queryRunner.query(`DROP INDEX "IDX_c219fafbb6fc1ceae329920966"`);
    await queryRunner.query(`DROP TABLE "task_changes"`);
  }
}
