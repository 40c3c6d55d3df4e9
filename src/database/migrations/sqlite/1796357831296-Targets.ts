import { MigrationInterface, QueryRunner } from 'typeorm';

export class Targets1796357831296 implements MigrationInterface {
  name = 'Targets1796357831296';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "target_results" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "committeeId" integer NOT NULL, "targetId" integer NOT NULL, "indicator" integer NOT NULL, "year" integer NOT NULL, "period" varchar(8) NOT NULL DEFAULT ('year'), "value" double precision NOT NULL, "note" text, "source" varchar(300), "recordedBy" varchar(200) NOT NULL, "recordedAt" varchar(30) NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_b53a627c52db2a28a6b36728c5" ON "target_results" ("committeeId", "year") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_7d9b13945e1347900117d0292f" ON "target_results" ("targetId", "indicator", "year", "period") `);
    await queryRunner.query(`DROP INDEX "IDX_d664ad15c29903dfdf14c714c7"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_targets" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "programId" integer NOT NULL, "ref" varchar(64), "text" text NOT NULL, "position" integer NOT NULL DEFAULT (0), "unitId" integer)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_targets"("id", "programId", "ref", "text", "position") SELECT "id", "programId", "ref", "text", "position" FROM "targets"`,
    );
    await queryRunner.query(`DROP TABLE "targets"`);
    await queryRunner.query(`ALTER TABLE "temporary_targets" RENAME TO "targets"`);
    await queryRunner.query(`CREATE INDEX "IDX_d664ad15c29903dfdf14c714c7" ON "targets" ("programId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_d664ad15c29903dfdf14c714c7"`);
    await queryRunner.query(`ALTER TABLE "targets" RENAME TO "temporary_targets"`);
    await queryRunner.query(
      `CREATE TABLE "targets" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "programId" integer NOT NULL, "ref" varchar(64), "text" text NOT NULL, "position" integer NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(
      `INSERT INTO "targets"("id", "programId", "ref", "text", "position") SELECT "id", "programId", "ref", "text", "position" FROM "temporary_targets"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_targets"`);
    await queryRunner.query(`CREATE INDEX "IDX_d664ad15c29903dfdf14c714c7" ON "targets" ("programId") `);
    await queryRunner.query(`DROP INDEX "IDX_7d9b13945e1347900117d0292f"`);
    await queryRunner.query(`DROP INDEX "IDX_b53a627c52db2a28a6b36728c5"`);
    await queryRunner.query(`DROP TABLE "target_results"`);
  }
}
