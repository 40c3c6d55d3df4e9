import { MigrationInterface, QueryRunner } from 'typeorm';

export class ClosedPeriods1796361920754 implements MigrationInterface {
  name = 'ClosedPeriods1796361920754';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "closed_periods" ("id" SERIAL NOT NULL, "committeeId" integer NOT NULL, "kind" character varying(16) NOT NULL, "start" character varying(10) NOT NULL, "end" character varying(10) NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'closed', "content" text NOT NULL, "sha256" character varying(64) NOT NULL, "year" integer NOT NULL, "number" integer NOT NULL, "closedAt" character varying(30) NOT NULL, "closedBy" character varying(200) NOT NULL, "reopenedAt" character varying(30), "reopenedBy" character varying(200), "reopenReason" text, CONSTRAINT "PK_00e0466960a37331b71dc2f8ca4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_124a3274cc2e99950d5b53adc2" ON "closed_periods" ("committeeId", "year", "number") `);
    await queryRunner.query(`CREATE INDEX "IDX_57f6631fea1ce804483d8a15c3" ON "closed_periods" ("committeeId", "kind", "start", "status") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_57f6631fea1ce804483d8a15c3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_124a3274cc2e99950d5b53adc2"`);
    await queryRunner.query(`DROP TABLE "closed_periods"`);
  }
}
