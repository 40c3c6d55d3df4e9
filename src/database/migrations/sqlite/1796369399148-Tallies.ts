import { MigrationInterface, QueryRunner } from 'typeorm';

export class Tallies1796369399148 implements MigrationInterface {
  name = 'Tallies1796369399148';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tally_days" ("onTime" integer NOT NULL DEFAULT (0), "late" integer NOT NULL DEFAULT (0), "openInTime" integer NOT NULL DEFAULT (0), "overdue" integer NOT NULL DEFAULT (0), "notDue" integer NOT NULL DEFAULT (0), "noDeadline" integer NOT NULL DEFAULT (0), "suspended" integer NOT NULL DEFAULT (0), "onTimeReached" integer NOT NULL DEFAULT (0), "over30" integer NOT NULL DEFAULT (0), "over90" integer NOT NULL DEFAULT (0), "committeeId" integer NOT NULL, "day" varchar(10) NOT NULL, "unitId" integer NOT NULL, "programId" integer NOT NULL, PRIMARY KEY ("committeeId", "day", "unitId", "programId"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "tally_months" ("onTime" integer NOT NULL DEFAULT (0), "late" integer NOT NULL DEFAULT (0), "openInTime" integer NOT NULL DEFAULT (0), "overdue" integer NOT NULL DEFAULT (0), "notDue" integer NOT NULL DEFAULT (0), "noDeadline" integer NOT NULL DEFAULT (0), "suspended" integer NOT NULL DEFAULT (0), "onTimeReached" integer NOT NULL DEFAULT (0), "over30" integer NOT NULL DEFAULT (0), "over90" integer NOT NULL DEFAULT (0), "committeeId" integer NOT NULL, "month" varchar(7) NOT NULL, "unitId" integer NOT NULL, "programId" integer NOT NULL, PRIMARY KEY ("committeeId", "month", "unitId", "programId"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "committee_tally_days" ("onTime" integer NOT NULL DEFAULT (0), "late" integer NOT NULL DEFAULT (0), "openInTime" integer NOT NULL DEFAULT (0), "overdue" integer NOT NULL DEFAULT (0), "notDue" integer NOT NULL DEFAULT (0), "noDeadline" integer NOT NULL DEFAULT (0), "suspended" integer NOT NULL DEFAULT (0), "onTimeReached" integer NOT NULL DEFAULT (0), "over30" integer NOT NULL DEFAULT (0), "over90" integer NOT NULL DEFAULT (0), "committeeId" integer NOT NULL, "day" varchar(10) NOT NULL, PRIMARY KEY ("committeeId", "day"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "committee_tally_months" ("onTime" integer NOT NULL DEFAULT (0), "late" integer NOT NULL DEFAULT (0), "openInTime" integer NOT NULL DEFAULT (0), "overdue" integer NOT NULL DEFAULT (0), "notDue" integer NOT NULL DEFAULT (0), "noDeadline" integer NOT NULL DEFAULT (0), "suspended" integer NOT NULL DEFAULT (0), "onTimeReached" integer NOT NULL DEFAULT (0), "over30" integer NOT NULL DEFAULT (0), "over90" integer NOT NULL DEFAULT (0), "committeeId" integer NOT NULL, "month" varchar(7) NOT NULL, PRIMARY KEY ("committeeId", "month"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "tally_shapes" ("committeeId" integer NOT NULL, "unitId" integer NOT NULL, "programId" integer NOT NULL, "shape" varchar(120) NOT NULL, "day" varchar(10) NOT NULL, "n" integer NOT NULL DEFAULT (0), PRIMARY KEY ("committeeId", "programId", "shape", "unitId", "day"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "tally_reports" ("committeeId" integer NOT NULL, "periodEnd" varchar(10) NOT NULL, "unitId" integer NOT NULL, "programId" integer NOT NULL, "reportedOn" varchar(10) NOT NULL, "day" varchar(10) NOT NULL, "n" integer NOT NULL DEFAULT (0), PRIMARY KEY ("committeeId", "periodEnd", "unitId", "programId", "reportedOn", "day"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "tally_marks" ("taskId" integer PRIMARY KEY NOT NULL, "committeeId" integer NOT NULL, "unitId" integer NOT NULL, "programId" integer NOT NULL, "steps" text NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE "tally_queue" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "committeeId" integer NOT NULL, "taskId" integer NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_dcfc052c684a4016c3f3987dea" ON "tally_queue" ("committeeId", "id") `);
    await queryRunner.query(`CREATE TABLE "tally_state" ("committeeId" integer PRIMARY KEY NOT NULL, "folds" integer NOT NULL DEFAULT (0))`);
    // Hand-written: every change that can move a task's counts queues it in the same
    // transaction (compliance/tally.entity.ts), whichever code or cascade made it.
    const enqueue = (row: string, task: string) => `INSERT INTO tally_queue ("committeeId", "taskId") VALUES (${row}."committeeId", ${row}.${task});`;
    await queryRunner.query(`CREATE TRIGGER tally_tasks_insert AFTER INSERT ON tasks BEGIN ${enqueue('new', 'id')} END`);
    await queryRunner.query(`CREATE TRIGGER tally_tasks_delete AFTER DELETE ON tasks BEGIN ${enqueue('old', 'id')} END`);
    await queryRunner.query(
      `CREATE TRIGGER tally_tasks_update AFTER UPDATE ON tasks WHEN old.status IS NOT new.status OR old."completedOn" IS NOT new."completedOn" OR old."dueDate" IS NOT new."dueDate" OR old."startDate" IS NOT new."startDate" OR old."scheduleKind" IS NOT new."scheduleKind" OR old.every IS NOT new.every OR old."periodDay" IS NOT new."periodDay" OR old."leadUnitId" IS NOT new."leadUnitId" OR old."programId" IS NOT new."programId" OR old."committeeId" IS NOT new."committeeId" BEGIN ${enqueue('new', 'id')} END`,
    );
    await queryRunner.query(`CREATE TRIGGER tally_changes_insert AFTER INSERT ON task_changes BEGIN ${enqueue('new', '"taskId"')} END`);
    await queryRunner.query(`CREATE TRIGGER tally_changes_delete AFTER DELETE ON task_changes BEGIN ${enqueue('old', '"taskId"')} END`);
    await queryRunner.query(`CREATE TRIGGER tally_reports_insert AFTER INSERT ON task_reports BEGIN ${enqueue('new', '"taskId"')} END`);
    await queryRunner.query(`CREATE TRIGGER tally_reports_delete AFTER DELETE ON task_reports BEGIN ${enqueue('old', '"taskId"')} END`);
    await queryRunner.query(
      `CREATE TRIGGER tally_reports_update AFTER UPDATE ON task_reports WHEN old."taskId" IS NOT new."taskId" OR old."periodEnd" IS NOT new."periodEnd" OR old."reportedOn" IS NOT new."reportedOn" OR old."committeeId" IS NOT new."committeeId" BEGIN ${enqueue('old', '"taskId"')} ${enqueue('new', '"taskId"')} END`,
    );
    await queryRunner.query(`INSERT INTO tally_queue ("committeeId", "taskId") SELECT "committeeId", id FROM tasks ORDER BY id`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const t of [
      'tally_tasks_insert',
      'tally_tasks_delete',
      'tally_tasks_update',
      'tally_changes_insert',
      'tally_changes_delete',
      'tally_reports_insert',
      'tally_reports_delete',
      'tally_reports_update',
    ])
      await queryRunner.query(`DROP TRIGGER ${t}`);
    await queryRunner.query(`DROP TABLE "tally_state"`);
    await queryRunner.query(`DROP INDEX "IDX_dcfc052c684a4016c3f3987dea"`);
    await queryRunner.query(`DROP TABLE "tally_queue"`);
    await queryRunner.query(`DROP TABLE "tally_marks"`);
    await queryRunner.query(`DROP TABLE "tally_reports"`);
    await queryRunner.query(`DROP TABLE "tally_shapes"`);
    await queryRunner.query(`DROP TABLE "committee_tally_months"`);
    await queryRunner.query(`DROP TABLE "committee_tally_days"`);
    await queryRunner.query(`DROP TABLE "tally_months"`);
    await queryRunner.query(`DROP TABLE "tally_days"`);
  }
}
