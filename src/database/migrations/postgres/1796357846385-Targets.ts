import { MigrationInterface, QueryRunner } from 'typeorm';

export class Targets1796357846385 implements MigrationInterface {
  name = 'Targets1796357846385';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "target_results" ("id" SERIAL NOT NULL, "committeeId" integer NOT NULL, "targetId" integer NOT NULL, "indicator" integer NOT NULL, "year" integer NOT NULL, "period" character varying(8) NOT NULL DEFAULT 'year', "value" double precision NOT NULL, "note" text, "source" character varying(300), "recordedBy" character varying(200) NOT NULL, "recordedAt" character varying(30) NOT NULL, CONSTRAINT "PK_35e8aee4dae1ea85217ba1e8aa9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_b53a627c52db2a28a6b36728c5" ON "target_results" ("committeeId", "year") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_7d9b13945e1347900117d0292f" ON "target_results" ("targetId", "indicator", "year", "period") `);
    await queryRunner.query(`ALTER TABLE "targets" ADD "unitId" integer`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "targets" DROP COLUMN "unitId"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7d9b13945e1347900117d0292f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b53a627c52db2a28a6b36728c5"`);
    await queryRunner.query(`DROP TABLE "target_results"`);
  }
}
