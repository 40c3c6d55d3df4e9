import { MigrationInterface, QueryRunner } from 'typeorm';

/** Revocable sessions and sign-in throttling kept in the database (several instances). */
export class Sessions1795600000000 implements MigrationInterface {
  name = 'Sessions1795600000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "sessions" ("id" varchar(32) PRIMARY KEY NOT NULL, "userId" integer NOT NULL, "committeeId" integer NOT NULL, "createdAt" varchar(30) NOT NULL, "expiresAt" varchar(30) NOT NULL, "revokedAt" varchar(30))`,
    );
    await q.query(`CREATE INDEX "IDX_sessions_userId" ON "sessions" ("userId")`);
    await q.query(
      `CREATE TABLE "login_attempts" ("key" varchar(200) PRIMARY KEY NOT NULL, "failures" integer NOT NULL, "nextAt" varchar(30) NOT NULL, "lastAt" varchar(30) NOT NULL)`,
    );
    await q.query(`CREATE INDEX "IDX_login_attempts_lastAt" ON "login_attempts" ("lastAt")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "login_attempts"`);
    await q.query(`DROP TABLE "sessions"`);
  }
}
