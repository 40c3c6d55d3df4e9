import { MigrationInterface, QueryRunner } from 'typeorm';

export class Tallies1796369420370 implements MigrationInterface {
  name = 'Tallies1796369420370';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tally_days" ("onTime" integer NOT NULL DEFAULT '0', "late" integer NOT NULL DEFAULT '0', "openInTime" integer NOT NULL DEFAULT '0', "overdue" integer NOT NULL DEFAULT '0', "notDue" integer NOT NULL DEFAULT '0', "noDeadline" integer NOT NULL DEFAULT '0', "suspended" integer NOT NULL DEFAULT '0', "onTimeReached" integer NOT NULL DEFAULT '0', "over30" integer NOT NULL DEFAULT '0', "over90" integer NOT NULL DEFAULT '0', "committeeId" integer NOT NULL, "day" character varying(10) NOT NULL, "unitId" integer NOT NULL, "programId" integer NOT NULL, CONSTRAINT "PK_f415efaab3e0c1b6192f7b2f365" PRIMARY KEY ("committeeId", "day", "unitId", "programId"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "tally_months" ("onTime" integer NOT NULL DEFAULT '0', "late" integer NOT NULL DEFAULT '0', "openInTime" integer NOT NULL DEFAULT '0', "overdue" integer NOT NULL DEFAULT '0', "notDue" integer NOT NULL DEFAULT '0', "noDeadline" integer NOT NULL DEFAULT '0', "suspended" integer NOT NULL DEFAULT '0', "onTimeReached" integer NOT NULL DEFAULT '0', "over30" integer NOT NULL DEFAULT '0', "over90" integer NOT NULL DEFAULT '0', "committeeId" integer NOT NULL, "month" character varying(7) NOT NULL, "unitId" integer NOT NULL, "programId" integer NOT NULL, CONSTRAINT "PK_b4be3f89f96c3d9da819e2cf689" PRIMARY KEY ("committeeId", "month", "unitId", "programId"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "committee_tally_days" ("onTime" integer NOT NULL DEFAULT '0', "late" integer NOT NULL DEFAULT '0', "openInTime" integer NOT NULL DEFAULT '0', "overdue" integer NOT NULL DEFAULT '0', "notDue" integer NOT NULL DEFAULT '0', "noDeadline" integer NOT NULL DEFAULT '0', "suspended" integer NOT NULL DEFAULT '0', "onTimeReached" integer NOT NULL DEFAULT '0', "over30" integer NOT NULL DEFAULT '0', "over90" integer NOT NULL DEFAULT '0', "committeeId" integer NOT NULL, "day" character varying(10) NOT NULL, CONSTRAINT "PK_fff017275636a8e673ac2acf17a" PRIMARY KEY ("committeeId", "day"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "committee_tally_months" ("onTime" integer NOT NULL DEFAULT '0', "late" integer NOT NULL DEFAULT '0', "openInTime" integer NOT NULL DEFAULT '0', "overdue" integer NOT NULL DEFAULT '0', "notDue" integer NOT NULL DEFAULT '0', "noDeadline" integer NOT NULL DEFAULT '0', "suspended" integer NOT NULL DEFAULT '0', "onTimeReached" integer NOT NULL DEFAULT '0', "over30" integer NOT NULL DEFAULT '0', "over90" integer NOT NULL DEFAULT '0', "committeeId" integer NOT NULL, "month" character varying(7) NOT NULL, CONSTRAINT "PK_0c7ec60b952fdd723876c9021e1" PRIMARY KEY ("committeeId", "month"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "tally_shapes" ("committeeId" integer NOT NULL, "unitId" integer NOT NULL, "programId" integer NOT NULL, "shape" character varying(120) NOT NULL, "day" character varying(10) NOT NULL, "n" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_7833ee2d59fca207dfa288bb71e" PRIMARY KEY ("committeeId", "programId", "shape", "unitId", "day"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "tally_reports" ("committeeId" integer NOT NULL, "periodEnd" character varying(10) NOT NULL, "unitId" integer NOT NULL, "programId" integer NOT NULL, "reportedOn" character varying(10) NOT NULL, "day" character varying(10) NOT NULL, "n" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_3ce0d1b744294aa70786aabba48" PRIMARY KEY ("committeeId", "periodEnd", "unitId", "programId", "reportedOn", "day"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "tally_marks" ("taskId" integer NOT NULL, "committeeId" integer NOT NULL, "unitId" integer NOT NULL, "programId" integer NOT NULL, "steps" text NOT NULL, CONSTRAINT "PK_3f4f1fe62e9532b2e122c4a9ff4" PRIMARY KEY ("taskId"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "tally_queue" ("id" SERIAL NOT NULL, "committeeId" integer NOT NULL, "taskId" integer NOT NULL, CONSTRAINT "PK_db485e25839bd76dfa713c5c076" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_dcfc052c684a4016c3f3987dea" ON "tally_queue" ("committeeId", "id") `);
    await queryRunner.query(
      `CREATE TABLE "tally_state" ("committeeId" integer NOT NULL, "folds" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_b507291fd08850939e3a18458df" PRIMARY KEY ("committeeId"))`,
    );
    // Hand-written: every change that can move a task's counts queues it in the same
    // transaction (compliance/tally.entity.ts), whichever code or cascade made it.
    await queryRunner.query(`CREATE FUNCTION tally_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF TG_TABLE_NAME = 'tasks' THEN
              IF TG_OP = 'DELETE' THEN INSERT INTO tally_queue ("committeeId", "taskId") VALUES (OLD."committeeId", OLD.id); RETURN OLD; END IF;
              INSERT INTO tally_queue ("committeeId", "taskId") VALUES (NEW."committeeId", NEW.id); RETURN NEW;
            END IF;
            IF TG_OP IN ('DELETE', 'UPDATE') THEN INSERT INTO tally_queue ("committeeId", "taskId") VALUES (OLD."committeeId", OLD."taskId"); END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            INSERT INTO tally_queue ("committeeId", "taskId") VALUES (NEW."committeeId", NEW."taskId"); RETURN NEW;
          END $$`);
    await queryRunner.query(`CREATE TRIGGER tally_tasks_insert_delete AFTER INSERT OR DELETE ON tasks FOR EACH ROW EXECUTE FUNCTION tally_enqueue()`);
    await queryRunner.query(
      `CREATE TRIGGER tally_tasks_update AFTER UPDATE ON tasks FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD."completedOn" IS DISTINCT FROM NEW."completedOn" OR OLD."dueDate" IS DISTINCT FROM NEW."dueDate" OR OLD."startDate" IS DISTINCT FROM NEW."startDate" OR OLD."scheduleKind" IS DISTINCT FROM NEW."scheduleKind" OR OLD.every IS DISTINCT FROM NEW.every OR OLD."periodDay" IS DISTINCT FROM NEW."periodDay" OR OLD."leadUnitId" IS DISTINCT FROM NEW."leadUnitId" OR OLD."programId" IS DISTINCT FROM NEW."programId" OR OLD."committeeId" IS DISTINCT FROM NEW."committeeId") EXECUTE FUNCTION tally_enqueue()`,
    );
    await queryRunner.query(`CREATE TRIGGER tally_changes AFTER INSERT OR DELETE ON task_changes FOR EACH ROW EXECUTE FUNCTION tally_enqueue()`);
    await queryRunner.query(`CREATE TRIGGER tally_reports_insert_delete AFTER INSERT OR DELETE ON task_reports FOR EACH ROW EXECUTE FUNCTION tally_enqueue()`);
    await queryRunner.query(
      `CREATE TRIGGER tally_reports_update AFTER UPDATE ON task_reports FOR EACH ROW WHEN (OLD."taskId" IS DISTINCT FROM NEW."taskId" OR OLD."periodEnd" IS DISTINCT FROM NEW."periodEnd" OR OLD."reportedOn" IS DISTINCT FROM NEW."reportedOn" OR OLD."committeeId" IS DISTINCT FROM NEW."committeeId") EXECUTE FUNCTION tally_enqueue()`,
    );
    await queryRunner.query(`INSERT INTO tally_queue ("committeeId", "taskId") SELECT "committeeId", id FROM tasks ORDER BY id`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER tally_reports_update ON task_reports`);
    await queryRunner.query(`DROP TRIGGER tally_reports_insert_delete ON task_reports`);
    await queryRunner.query(`DROP TRIGGER tally_changes ON task_changes`);
    await queryRunner.query(`DROP TRIGGER tally_tasks_update ON tasks`);
    await queryRunner.query(`DROP TRIGGER tally_tasks_insert_delete ON tasks`);
    await queryRunner.query(`DROP FUNCTION tally_enqueue()`);
    await queryRunner.query(`DROP TABLE "tally_state"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dcfc052c684a4016c3f3987dea"`);
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
