import { MigrationInterface, QueryRunner } from 'typeorm';

/** Minh chứng (evidence files' records) and "bắt buộc minh chứng" per program, added in place. */
export class Evidence1796360402444 implements MigrationInterface {
  name = 'Evidence1796360402444';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "evidence" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "committeeId" integer NOT NULL, "taskId" integer NOT NULL, "sha256" varchar(64) NOT NULL, "fileName" varchar(255) NOT NULL, "size" integer NOT NULL, "contentType" varchar(100) NOT NULL, "uploadedBy" varchar(200) NOT NULL, "uploadedAt" varchar(30) NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_314d450c89dbdc2cb7552f0310" ON "evidence" ("committeeId", "uploadedAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_0058794c85df5cc092d54a9075" ON "evidence" ("committeeId", "taskId") `);
    await queryRunner.query(`ALTER TABLE "programs" ADD COLUMN "requireEvidence" boolean NOT NULL DEFAULT (0)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "programs" DROP COLUMN "requireEvidence"`);
    await queryRunner.query(`DROP INDEX "IDX_0058794c85df5cc092d54a9075"`);
    await queryRunner.query(`DROP INDEX "IDX_314d450c89dbdc2cb7552f0310"`);
    await queryRunner.query(`DROP TABLE "evidence"`);
  }
}
