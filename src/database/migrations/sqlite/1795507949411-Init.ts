import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795507949411 implements MigrationInterface {
  name = 'Init1795507949411';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "committeeId" integer NOT NULL, "entity" varchar(16) NOT NULL, "entityId" integer NOT NULL, "action" varchar(32) NOT NULL, "actorId" integer, "actorName" varchar(200) NOT NULL, "before" text, "after" text, "note" text, "at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_0a1d798026a312a095c88472f1" ON "audit_events" ("committeeId") `);
    await queryRunner.query(`CREATE INDEX "IDX_91d836023fab9e2df67fdd303a" ON "audit_events" ("entity", "entityId") `);
    await queryRunner.query(
      `CREATE TABLE "committees" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(200) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE TABLE "program_events" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "programId" integer NOT NULL, "name" varchar(200) NOT NULL, "date" varchar(10), "unitId" integer)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_e2ae04aeb38ba3a1210beeaa4f" ON "program_events" ("programId", "name", "unitId") `);
    await queryRunner.query(
      `CREATE TABLE "programs" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "committeeId" integer NOT NULL, "kind" varchar(32) NOT NULL, "number" varchar(64), "title" varchar(500) NOT NULL, "issuingBody" varchar(200), "issuedDate" varchar(10), "termStart" integer, "termEnd" integer, "reportPeriod" varchar(16) NOT NULL DEFAULT ('quarter'), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d71a35ddb89af164514ee4cb65" ON "programs" ("committeeId") `);
    await queryRunner.query(
      `CREATE TABLE "targets" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "programId" integer NOT NULL, "ref" varchar(64), "text" text NOT NULL, "position" integer NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d664ad15c29903dfdf14c714c7" ON "targets" ("programId") `);
    await queryRunner.query(
      `CREATE TABLE "task_notes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "committeeId" integer NOT NULL, "taskId" integer NOT NULL, "kind" varchar(16) NOT NULL, "authorId" integer, "authorName" varchar(200) NOT NULL, "text" text NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6941001a5182670e4968a9cd51" ON "task_notes" ("taskId") `);
    await queryRunner.query(
      `CREATE TABLE "units" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "committeeId" integer NOT NULL, "name" varchar(200) NOT NULL, "kind" varchar(32) NOT NULL DEFAULT ('other'), "aliases" text NOT NULL, "emails" text NOT NULL, "active" boolean NOT NULL DEFAULT (1), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_de8084f595fe379dd0468a8243" ON "units" ("committeeId", "name") `);
    await queryRunner.query(
      `CREATE TABLE "tasks" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "committeeId" integer NOT NULL, "programId" integer NOT NULL, "ref" varchar(64), "position" integer NOT NULL DEFAULT (0), "text" text NOT NULL, "searchText" text NOT NULL DEFAULT (''), "leadUnitId" integer, "deadlineRaw" text, "scheduleKind" varchar(16) NOT NULL DEFAULT ('unknown'), "startDate" varchar(10), "dueDate" varchar(10), "every" varchar(16), "eventName" varchar(200), "eventOffsetDays" integer, "eventWorkingDays" boolean NOT NULL DEFAULT (0), "scheduleReason" text, "status" varchar(24) NOT NULL DEFAULT ('not_started'), "completedOn" varchar(10), "resultNote" text, "progressNote" text, "statusReason" text, "version" integer NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_aa82345b814580e02e1e69c8af" ON "tasks" ("committeeId", "dueDate") `);
    await queryRunner.query(`CREATE INDEX "IDX_f68f0c1909e0e76ce7518278f4" ON "tasks" ("committeeId", "leadUnitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_d3dd3752d9aa894be653460f6f" ON "tasks" ("committeeId", "programId") `);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "committeeId" integer NOT NULL, "username" varchar(64) NOT NULL, "displayName" varchar(200) NOT NULL, "role" varchar(16) NOT NULL, "unitId" integer, "passwordHash" varchar(255) NOT NULL, "active" boolean NOT NULL DEFAULT (1), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fe0bb3f6520ee0469504521e71" ON "users" ("username") `);
    await queryRunner.query(`CREATE TABLE "settings" ("key" varchar(64) PRIMARY KEY NOT NULL, "value" text NOT NULL)`);
    await queryRunner.query(`CREATE TABLE "task_co_units" ("taskId" integer NOT NULL, "unitId" integer NOT NULL, PRIMARY KEY ("taskId", "unitId"))`);
    await queryRunner.query(`CREATE INDEX "IDX_c048766f70150bd59cb532a96d" ON "task_co_units" ("taskId") `);
    await queryRunner.query(`CREATE INDEX "IDX_7ada11e817519fcc9407bccb50" ON "task_co_units" ("unitId") `);
    await queryRunner.query(`DROP INDEX "IDX_e2ae04aeb38ba3a1210beeaa4f"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_program_events" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "programId" integer NOT NULL, "name" varchar(200) NOT NULL, "date" varchar(10), "unitId" integer, CONSTRAINT "FK_f28667b36626ab3c14c4ec8bc32" FOREIGN KEY ("programId") REFERENCES "programs" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_program_events"("id", "programId", "name", "date", "unitId") SELECT "id", "programId", "name", "date", "unitId" FROM "program_events"`,
    );
    await queryRunner.query(`DROP TABLE "program_events"`);
    await queryRunner.query(`ALTER TABLE "temporary_program_events" RENAME TO "program_events"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_e2ae04aeb38ba3a1210beeaa4f" ON "program_events" ("programId", "name", "unitId") `);
    await queryRunner.query(`DROP INDEX "IDX_aa82345b814580e02e1e69c8af"`);
    await queryRunner.query(`DROP INDEX "IDX_f68f0c1909e0e76ce7518278f4"`);
    await queryRunner.query(`DROP INDEX "IDX_d3dd3752d9aa894be653460f6f"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_tasks" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "committeeId" integer NOT NULL, "programId" integer NOT NULL, "ref" varchar(64), "position" integer NOT NULL DEFAULT (0), "text" text NOT NULL, "searchText" text NOT NULL DEFAULT (''), "leadUnitId" integer, "deadlineRaw" text, "scheduleKind" varchar(16) NOT NULL DEFAULT ('unknown'), "startDate" varchar(10), "dueDate" varchar(10), "every" varchar(16), "eventName" varchar(200), "eventOffsetDays" integer, "eventWorkingDays" boolean NOT NULL DEFAULT (0), "scheduleReason" text, "status" varchar(24) NOT NULL DEFAULT ('not_started'), "completedOn" varchar(10), "resultNote" text, "progressNote" text, "statusReason" text, "version" integer NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_08e4ed7a1dc04f2b64c41dd02f6" FOREIGN KEY ("programId") REFERENCES "programs" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_cd9b4e85176ca2745c5b6c4f34e" FOREIGN KEY ("leadUnitId") REFERENCES "units" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_tasks"("id", "committeeId", "programId", "ref", "position", "text", "searchText", "leadUnitId", "deadlineRaw", "scheduleKind", "startDate", "dueDate", "every", "eventName", "eventOffsetDays", "eventWorkingDays", "scheduleReason", "status", "completedOn", "resultNote", "progressNote", "statusReason", "version", "createdAt", "updatedAt") SELECT "id", "committeeId", "programId", "ref", "position", "text", "searchText", "leadUnitId", "deadlineRaw", "scheduleKind", "startDate", "dueDate", "every", "eventName", "eventOffsetDays", "eventWorkingDays", "scheduleReason", "status", "completedOn", "resultNote", "progressNote", "statusReason", "version", "createdAt", "updatedAt" FROM "tasks"`,
    );
    await queryRunner.query(`DROP TABLE "tasks"`);
    await queryRunner.query(`ALTER TABLE "temporary_tasks" RENAME TO "tasks"`);
    await queryRunner.query(`CREATE INDEX "IDX_aa82345b814580e02e1e69c8af" ON "tasks" ("committeeId", "dueDate") `);
    await queryRunner.query(`CREATE INDEX "IDX_f68f0c1909e0e76ce7518278f4" ON "tasks" ("committeeId", "leadUnitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_d3dd3752d9aa894be653460f6f" ON "tasks" ("committeeId", "programId") `);
    await queryRunner.query(`DROP INDEX "IDX_c048766f70150bd59cb532a96d"`);
    await queryRunner.query(`DROP INDEX "IDX_7ada11e817519fcc9407bccb50"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_task_co_units" ("taskId" integer NOT NULL, "unitId" integer NOT NULL, CONSTRAINT "FK_c048766f70150bd59cb532a96d2" FOREIGN KEY ("taskId") REFERENCES "tasks" ("id") ON DELETE CASCADE ON UPDATE CASCADE, CONSTRAINT "FK_7ada11e817519fcc9407bccb50b" FOREIGN KEY ("unitId") REFERENCES "units" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("taskId", "unitId"))`,
    );
    await queryRunner.query(`INSERT INTO "temporary_task_co_units"("taskId", "unitId") SELECT "taskId", "unitId" FROM "task_co_units"`);
    await queryRunner.query(`DROP TABLE "task_co_units"`);
    await queryRunner.query(`ALTER TABLE "temporary_task_co_units" RENAME TO "task_co_units"`);
    await queryRunner.query(`CREATE INDEX "IDX_c048766f70150bd59cb532a96d" ON "task_co_units" ("taskId") `);
    await queryRunner.query(`CREATE INDEX "IDX_7ada11e817519fcc9407bccb50" ON "task_co_units" ("unitId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_7ada11e817519fcc9407bccb50"`);
    await queryRunner.query(`DROP INDEX "IDX_c048766f70150bd59cb532a96d"`);
    await queryRunner.query(`ALTER TABLE "task_co_units" RENAME TO "temporary_task_co_units"`);
    await queryRunner.query(`CREATE TABLE "task_co_units" ("taskId" integer NOT NULL, "unitId" integer NOT NULL, PRIMARY KEY ("taskId", "unitId"))`);
    await queryRunner.query(`INSERT INTO "task_co_units"("taskId", "unitId") SELECT "taskId", "unitId" FROM "temporary_task_co_units"`);
    await queryRunner.query(`DROP TABLE "temporary_task_co_units"`);
    await queryRunner.query(`CREATE INDEX "IDX_7ada11e817519fcc9407bccb50" ON "task_co_units" ("unitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_c048766f70150bd59cb532a96d" ON "task_co_units" ("taskId") `);
    await queryRunner.query(`DROP INDEX "IDX_d3dd3752d9aa894be653460f6f"`);
    await queryRunner.query(`DROP INDEX "IDX_f68f0c1909e0e76ce7518278f4"`);
    await queryRunner.query(`DROP INDEX "IDX_aa82345b814580e02e1e69c8af"`);
    await queryRunner.query(`ALTER TABLE "tasks" RENAME TO "temporary_tasks"`);
    await queryRunner.query(
      `CREATE TABLE "tasks" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "committeeId" integer NOT NULL, "programId" integer NOT NULL, "ref" varchar(64), "position" integer NOT NULL DEFAULT (0), "text" text NOT NULL, "searchText" text NOT NULL DEFAULT (''), "leadUnitId" integer, "deadlineRaw" text, "scheduleKind" varchar(16) NOT NULL DEFAULT ('unknown'), "startDate" varchar(10), "dueDate" varchar(10), "every" varchar(16), "eventName" varchar(200), "eventOffsetDays" integer, "eventWorkingDays" boolean NOT NULL DEFAULT (0), "scheduleReason" text, "status" varchar(24) NOT NULL DEFAULT ('not_started'), "completedOn" varchar(10), "resultNote" text, "progressNote" text, "statusReason" text, "version" integer NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "tasks"("id", "committeeId", "programId", "ref", "position", "text", "searchText", "leadUnitId", "deadlineRaw", "scheduleKind", "startDate", "dueDate", "every", "eventName", "eventOffsetDays", "eventWorkingDays", "scheduleReason", "status", "completedOn", "resultNote", "progressNote", "statusReason", "version", "createdAt", "updatedAt") SELECT "id", "committeeId", "programId", "ref", "position", "text", "searchText", "leadUnitId", "deadlineRaw", "scheduleKind", "startDate", "dueDate", "every", "eventName", "eventOffsetDays", "eventWorkingDays", "scheduleReason", "status", "completedOn", "resultNote", "progressNote", "statusReason", "version", "createdAt", "updatedAt" FROM "temporary_tasks"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_tasks"`);
    await queryRunner.query(`CREATE INDEX "IDX_d3dd3752d9aa894be653460f6f" ON "tasks" ("committeeId", "programId") `);
    await queryRunner.query(`CREATE INDEX "IDX_f68f0c1909e0e76ce7518278f4" ON "tasks" ("committeeId", "leadUnitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_aa82345b814580e02e1e69c8af" ON "tasks" ("committeeId", "dueDate") `);
    await queryRunner.query(`DROP INDEX "IDX_e2ae04aeb38ba3a1210beeaa4f"`);
    await queryRunner.query(`ALTER TABLE "program_events" RENAME TO "temporary_program_events"`);
    await queryRunner.query(
      `CREATE TABLE "program_events" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "programId" integer NOT NULL, "name" varchar(200) NOT NULL, "date" varchar(10), "unitId" integer)`,
    );
    await queryRunner.query(
      `INSERT INTO "program_events"("id", "programId", "name", "date", "unitId") SELECT "id", "programId", "name", "date", "unitId" FROM "temporary_program_events"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_program_events"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_e2ae04aeb38ba3a1210beeaa4f" ON "program_events" ("programId", "name", "unitId") `);
    await queryRunner.query(`DROP INDEX "IDX_7ada11e817519fcc9407bccb50"`);
    await queryRunner.query(`DROP INDEX "IDX_c048766f70150bd59cb532a96d"`);
    await queryRunner.query(`DROP TABLE "task_co_units"`);
    await queryRunner.query(`DROP TABLE "settings"`);
    await queryRunner.query(`DROP INDEX "IDX_fe0bb3f6520ee0469504521e71"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "IDX_d3dd3752d9aa894be653460f6f"`);
    await queryRunner.query(`DROP INDEX "IDX_f68f0c1909e0e76ce7518278f4"`);
    await queryRunner.query(`DROP INDEX "IDX_aa82345b814580e02e1e69c8af"`);
    await queryRunner.query(`DROP TABLE "tasks"`);
    await queryRunner.query(`DROP INDEX "IDX_de8084f595fe379dd0468a8243"`);
    await queryRunner.query(`DROP TABLE "units"`);
    await queryRunner.query(`DROP INDEX "IDX_6941001a5182670e4968a9cd51"`);
    await queryRunner.query(`DROP TABLE "task_notes"`);
    await queryRunner.query(`DROP INDEX "IDX_d664ad15c29903dfdf14c714c7"`);
    await queryRunner.query(`DROP TABLE "targets"`);
    await queryRunner.query(`DROP INDEX "IDX_d71a35ddb89af164514ee4cb65"`);
    await queryRunner.query(`DROP TABLE "programs"`);
    await queryRunner.query(`DROP INDEX "IDX_e2ae04aeb38ba3a1210beeaa4f"`);
    await queryRunner.query(`DROP TABLE "program_events"`);
    await queryRunner.query(`DROP TABLE "committees"`);
    await queryRunner.query(`DROP INDEX "IDX_91d836023fab9e2df67fdd303a"`);
    await queryRunner.query(`DROP INDEX "IDX_0a1d798026a312a095c88472f1"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
  }
}
