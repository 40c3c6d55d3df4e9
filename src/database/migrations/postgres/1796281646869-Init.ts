import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1796281646869 implements MigrationInterface {
  name = 'Init1796281646869';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "login_attempts" ("key" character varying(200) NOT NULL, "failures" integer NOT NULL, "nextAt" character varying(30) NOT NULL, "lastAt" character varying(30) NOT NULL, CONSTRAINT "PK_f90e70c50d5744e4d9f41dd397c" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_login_attempts_lastAt" ON "login_attempts" ("lastAt") `);
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id" character varying(32) NOT NULL, "userId" integer NOT NULL, "committeeId" integer NOT NULL, "createdAt" character varying(30) NOT NULL, "expiresAt" character varying(30) NOT NULL, "revokedAt" character varying(30), CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_sessions_userId" ON "sessions" ("userId") `);
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" SERIAL NOT NULL, "committeeId" integer NOT NULL, "entity" character varying(16) NOT NULL, "entityId" integer NOT NULL, "action" character varying(32) NOT NULL, "actorId" integer, "actorName" character varying(200) NOT NULL, "before" text, "after" text, "note" text, "at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_0a1d798026a312a095c88472f1" ON "audit_events" ("committeeId") `);
    await queryRunner.query(`CREATE INDEX "IDX_91d836023fab9e2df67fdd303a" ON "audit_events" ("entity", "entityId") `);
    await queryRunner.query(
      `CREATE TABLE "committees" ("id" SERIAL NOT NULL, "name" character varying(200) NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_69acdd168edf3e61a2a0b4ed13b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "import_previews" ("id" SERIAL NOT NULL, "committeeId" integer NOT NULL, "createdById" integer, "createdByName" character varying(200) NOT NULL, "fileName" character varying(255) NOT NULL, "fileType" character varying(8) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'preview', "program" text NOT NULL, "rows" text NOT NULL, "targets" text NOT NULL, "warnings" text NOT NULL, "result" text, "progress" text, "error" character varying(500), "header" text, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "committedAt" character varying(30), CONSTRAINT "PK_1d143e15647af30ef40e38b58d8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_11b5a201aae585c9954fa28bff" ON "import_previews" ("committeeId") `);
    await queryRunner.query(
      `CREATE TABLE "outbox" ("id" SERIAL NOT NULL, "committeeId" integer NOT NULL, "idempotencyKey" character varying(200) NOT NULL, "kind" character varying(32) NOT NULL, "unitId" integer, "forDate" character varying(10) NOT NULL, "to" text NOT NULL, "cc" text NOT NULL, "subject" character varying(300) NOT NULL, "template" character varying(40) NOT NULL, "data" text NOT NULL, "items" text NOT NULL, "attachments" text, "status" character varying(10) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "nextAttemptAt" character varying(30) NOT NULL, "claimedBy" character varying(100), "claimedUntil" character varying(30), "sentAt" character varying(30), "messageId" character varying(300), "lastError" text, "recipientErrors" text, "ambiguous" integer NOT NULL DEFAULT '0', "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_1fc21e0a877f31597151179afb9" UNIQUE ("idempotencyKey"), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ee2adbf93130a9858f65b134c3" ON "outbox" ("committeeId", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_9c73258b2a06124401a84076b2" ON "outbox" ("status", "nextAttemptAt") `);
    await queryRunner.query(
      `CREATE TABLE "reminder_log" ("id" SERIAL NOT NULL, "itemKey" character varying(200) NOT NULL, "committeeId" integer NOT NULL, "taskId" integer NOT NULL, "unitId" integer NOT NULL, "outboxId" integer NOT NULL, "rule" character varying(20) NOT NULL, "due" character varying(10) NOT NULL, "day" character varying(10) NOT NULL, CONSTRAINT "UQ_3b72a951e7f867f46b061eed440" UNIQUE ("itemKey"), CONSTRAINT "PK_c113d227b2fabdbdb73f91c7456" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_bb8fc49f6df3d8cfe4b3762677" ON "reminder_log" ("taskId") `);
    await queryRunner.query(
      `CREATE TABLE "task_reports" ("id" SERIAL NOT NULL, "committeeId" integer NOT NULL, "taskId" integer NOT NULL, "unitId" integer, "periodKey" character varying(12) NOT NULL, "periodStart" character varying(10) NOT NULL, "periodEnd" character varying(10) NOT NULL, "text" text NOT NULL, "link" character varying(500), "reportedOn" character varying(10) NOT NULL, "reportedBy" character varying(200) NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_e77e2d7597e6b6bff2523010cb2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_3484a57de33b78f6a8e63cb6b1" ON "task_reports" ("taskId", "periodKey") `);
    await queryRunner.query(
      `CREATE TABLE "leases" ("name" character varying(64) NOT NULL, "holder" character varying(100) NOT NULL, "expiresAt" character varying(30) NOT NULL, CONSTRAINT "PK_8f564523b661f9e2648c3377687" PRIMARY KEY ("name"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "program_events" ("id" SERIAL NOT NULL, "programId" integer NOT NULL, "name" character varying(200) NOT NULL, "date" character varying(10), "unitId" integer, CONSTRAINT "PK_cb53a77b5f8880d9c5b5dfeb5cb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_e2ae04aeb38ba3a1210beeaa4f" ON "program_events" ("programId", "name", "unitId") `);
    await queryRunner.query(
      `CREATE TABLE "programs" ("id" SERIAL NOT NULL, "committeeId" integer NOT NULL, "kind" character varying(32) NOT NULL, "number" character varying(64), "title" character varying(500) NOT NULL, "issuingBody" character varying(200), "issuedDate" character varying(10), "termStart" integer, "termEnd" integer, "reportPeriod" character varying(16) NOT NULL DEFAULT 'quarter', "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_d43c664bcaafc0e8a06dfd34e05" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d71a35ddb89af164514ee4cb65" ON "programs" ("committeeId") `);
    await queryRunner.query(
      `CREATE TABLE "targets" ("id" SERIAL NOT NULL, "programId" integer NOT NULL, "ref" character varying(64), "text" text NOT NULL, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_87084f49e9de9dd6a3e83906584" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d664ad15c29903dfdf14c714c7" ON "targets" ("programId") `);
    await queryRunner.query(
      `CREATE TABLE "task_notes" ("id" SERIAL NOT NULL, "committeeId" integer NOT NULL, "taskId" integer NOT NULL, "kind" character varying(16) NOT NULL, "authorId" integer, "authorName" character varying(200) NOT NULL, "text" text NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_85e3e7dfff9c342d8381ebd0699" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6941001a5182670e4968a9cd51" ON "task_notes" ("taskId") `);
    await queryRunner.query(
      `CREATE TABLE "units" ("id" SERIAL NOT NULL, "committeeId" integer NOT NULL, "name" character varying(200) NOT NULL, "kind" character varying(32) NOT NULL DEFAULT 'other', "aliases" text NOT NULL, "emails" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_5a8f2f064919b587d93936cb223" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_de8084f595fe379dd0468a8243" ON "units" ("committeeId", "name") `);
    await queryRunner.query(
      `CREATE TABLE "tasks" ("id" SERIAL NOT NULL, "committeeId" integer NOT NULL, "programId" integer NOT NULL, "ref" character varying(64), "position" integer NOT NULL DEFAULT '0', "text" text NOT NULL, "searchText" text NOT NULL DEFAULT '', "leadUnitId" integer, "deadlineRaw" text, "scheduleKind" character varying(16) NOT NULL DEFAULT 'unknown', "startDate" character varying(10), "dueDate" character varying(10), "every" character varying(16), "eventName" character varying(200), "eventOffsetDays" integer, "eventWorkingDays" boolean NOT NULL DEFAULT false, "scheduleReason" text, "periodDay" character varying(12), "status" character varying(24) NOT NULL DEFAULT 'not_started', "completedOn" character varying(10), "resultNote" text, "progressNote" text, "statusReason" text, "version" integer NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_tasks_timeliness" ON "tasks" ("committeeId", "leadUnitId", "scheduleKind", "status", "programId", "dueDate", "startDate", "completedOn", "every") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_aa82345b814580e02e1e69c8af" ON "tasks" ("committeeId", "dueDate") `);
    await queryRunner.query(`CREATE INDEX "IDX_f526abf3f6fd796aecaafeef9b" ON "tasks" ("committeeId", "leadUnitId", "dueDate") `);
    await queryRunner.query(`CREATE INDEX "IDX_d3dd3752d9aa894be653460f6f" ON "tasks" ("committeeId", "programId") `);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" SERIAL NOT NULL, "committeeId" integer NOT NULL, "username" character varying(64) NOT NULL, "displayName" character varying(200) NOT NULL, "role" character varying(16) NOT NULL, "unitId" integer, "passwordHash" character varying(255) NOT NULL, "active" boolean NOT NULL DEFAULT true, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fe0bb3f6520ee0469504521e71" ON "users" ("username") `);
    await queryRunner.query(
      `CREATE TABLE "settings" ("key" character varying(64) NOT NULL, "value" text NOT NULL, CONSTRAINT "PK_c8639b7626fa94ba8265628f214" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "task_co_units" ("taskId" integer NOT NULL, "unitId" integer NOT NULL, CONSTRAINT "PK_33cd943f6a9d6844e5b1b9fbc07" PRIMARY KEY ("taskId", "unitId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c048766f70150bd59cb532a96d" ON "task_co_units" ("taskId") `);
    await queryRunner.query(`CREATE INDEX "IDX_7ada11e817519fcc9407bccb50" ON "task_co_units" ("unitId") `);
    await queryRunner.query(
      `ALTER TABLE "program_events" ADD CONSTRAINT "FK_f28667b36626ab3c14c4ec8bc32" FOREIGN KEY ("programId") REFERENCES "programs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "FK_08e4ed7a1dc04f2b64c41dd02f6" FOREIGN KEY ("programId") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "FK_cd9b4e85176ca2745c5b6c4f34e" FOREIGN KEY ("leadUnitId") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_co_units" ADD CONSTRAINT "FK_c048766f70150bd59cb532a96d2" FOREIGN KEY ("taskId") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_co_units" ADD CONSTRAINT "FK_7ada11e817519fcc9407bccb50b" FOREIGN KEY ("unitId") REFERENCES "units"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task_co_units" DROP CONSTRAINT "FK_7ada11e817519fcc9407bccb50b"`);
    await queryRunner.query(`ALTER TABLE "task_co_units" DROP CONSTRAINT "FK_c048766f70150bd59cb532a96d2"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "FK_cd9b4e85176ca2745c5b6c4f34e"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "FK_08e4ed7a1dc04f2b64c41dd02f6"`);
    await queryRunner.query(`ALTER TABLE "program_events" DROP CONSTRAINT "FK_f28667b36626ab3c14c4ec8bc32"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7ada11e817519fcc9407bccb50"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c048766f70150bd59cb532a96d"`);
    await queryRunner.query(`DROP TABLE "task_co_units"`);
    await queryRunner.query(`DROP TABLE "settings"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fe0bb3f6520ee0469504521e71"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d3dd3752d9aa894be653460f6f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f526abf3f6fd796aecaafeef9b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_aa82345b814580e02e1e69c8af"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tasks_timeliness"`);
    await queryRunner.query(`DROP TABLE "tasks"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_de8084f595fe379dd0468a8243"`);
    await queryRunner.query(`DROP TABLE "units"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6941001a5182670e4968a9cd51"`);
    await queryRunner.query(`DROP TABLE "task_notes"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d664ad15c29903dfdf14c714c7"`);
    await queryRunner.query(`DROP TABLE "targets"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d71a35ddb89af164514ee4cb65"`);
    await queryRunner.query(`DROP TABLE "programs"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e2ae04aeb38ba3a1210beeaa4f"`);
    await queryRunner.query(`DROP TABLE "program_events"`);
    await queryRunner.query(`DROP TABLE "leases"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3484a57de33b78f6a8e63cb6b1"`);
    await queryRunner.query(`DROP TABLE "task_reports"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bb8fc49f6df3d8cfe4b3762677"`);
    await queryRunner.query(`DROP TABLE "reminder_log"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9c73258b2a06124401a84076b2"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ee2adbf93130a9858f65b134c3"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_11b5a201aae585c9954fa28bff"`);
    await queryRunner.query(`DROP TABLE "import_previews"`);
    await queryRunner.query(`DROP TABLE "committees"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_91d836023fab9e2df67fdd303a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0a1d798026a312a095c88472f1"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_sessions_userId"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_login_attempts_lastAt"`);
    await queryRunner.query(`DROP TABLE "login_attempts"`);
  }
}
