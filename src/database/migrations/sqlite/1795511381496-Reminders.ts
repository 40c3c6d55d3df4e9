import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reminders1795511381496 implements MigrationInterface {
  name = 'Reminders1795511381496';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "committeeId" integer NOT NULL, "idempotencyKey" varchar(200) NOT NULL, "kind" varchar(32) NOT NULL, "unitId" integer, "forDate" varchar(10) NOT NULL, "to" text NOT NULL, "cc" text NOT NULL, "subject" varchar(300) NOT NULL, "template" varchar(40) NOT NULL, "data" text NOT NULL, "items" text NOT NULL, "attachments" text, "status" varchar(10) NOT NULL DEFAULT ('pending'), "attempts" integer NOT NULL DEFAULT (0), "nextAttemptAt" varchar(30) NOT NULL, "claimedBy" varchar(100), "claimedUntil" varchar(30), "sentAt" varchar(30), "messageId" varchar(300), "lastError" text, "recipientErrors" text, "ambiguous" integer NOT NULL DEFAULT (0), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_1fc21e0a877f31597151179afb9" UNIQUE ("idempotencyKey"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ee2adbf93130a9858f65b134c3" ON "outbox" ("committeeId", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_9c73258b2a06124401a84076b2" ON "outbox" ("status", "nextAttemptAt") `);
    await queryRunner.query(
      `CREATE TABLE "reminder_log" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "itemKey" varchar(200) NOT NULL, "committeeId" integer NOT NULL, "taskId" integer NOT NULL, "unitId" integer NOT NULL, "outboxId" integer NOT NULL, "rule" varchar(20) NOT NULL, "due" varchar(10) NOT NULL, "day" varchar(10) NOT NULL, CONSTRAINT "UQ_3b72a951e7f867f46b061eed440" UNIQUE ("itemKey"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_bb8fc49f6df3d8cfe4b3762677" ON "reminder_log" ("taskId") `);
    await queryRunner.query(
      `CREATE TABLE "task_reports" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "committeeId" integer NOT NULL, "taskId" integer NOT NULL, "unitId" integer, "periodKey" varchar(12) NOT NULL, "periodStart" varchar(10) NOT NULL, "periodEnd" varchar(10) NOT NULL, "text" text NOT NULL, "link" varchar(500), "reportedOn" varchar(10) NOT NULL, "reportedBy" varchar(200) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_3484a57de33b78f6a8e63cb6b1" ON "task_reports" ("taskId", "periodKey") `);
    await queryRunner.query(
      `CREATE TABLE "leases" ("name" varchar(64) PRIMARY KEY NOT NULL, "holder" varchar(100) NOT NULL, "expiresAt" varchar(30) NOT NULL)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "leases"`);
    await queryRunner.query(`DROP INDEX "IDX_3484a57de33b78f6a8e63cb6b1"`);
    await queryRunner.query(`DROP TABLE "task_reports"`);
    await queryRunner.query(`DROP INDEX "IDX_bb8fc49f6df3d8cfe4b3762677"`);
    await queryRunner.query(`DROP TABLE "reminder_log"`);
    await queryRunner.query(`DROP INDEX "IDX_9c73258b2a06124401a84076b2"`);
    await queryRunner.query(`DROP INDEX "IDX_ee2adbf93130a9858f65b134c3"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
  }
}
