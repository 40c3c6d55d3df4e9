import { MigrationInterface, QueryRunner } from 'typeorm';

export class ClosedPeriods1796361904144 implements MigrationInterface {
  name = 'ClosedPeriods1796361904144';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "closed_periods" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "committeeId" integer NOT NULL, "kind" varchar(16) NOT NULL, "start" varchar(10) NOT NULL, "end" varchar(10) NOT NULL, "status" varchar(10) NOT NULL DEFAULT ('closed'), "content" text NOT NULL, "sha256" varchar(64) NOT NULL, "year" integer NOT NULL, "number" integer NOT NULL, "closedAt" varchar(30) NOT NULL, "closedBy" varchar(200) NOT NULL, "reopenedAt" varchar(30), "reopenedBy" varchar(200), "reopenReason" text)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_124a3274cc2e99950d5b53adc2" ON "closed_periods" ("committeeId", "year", "number") `);
    await queryRunner.query(`CREATE INDEX "IDX_57f6631fea1ce804483d8a15c3" ON "closed_periods" ("committeeId", "kind", "start", "status") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_57f6631fea1ce804483d8a15c3"`);
    await queryRunner.query(`DROP INDEX "IDX_124a3274cc2e99950d5b53adc2"`);
    await queryRunner.query(`DROP TABLE "closed_periods"`);
  }
}
