import { MigrationInterface, QueryRunner } from 'typeorm';

export class Evidence1796360418188 implements MigrationInterface {
  name = 'Evidence1796360418188';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "evidence" ("id" SERIAL NOT NULL, "committeeId" integer NOT NULL, "taskId" integer NOT NULL, "sha256" character varying(64) NOT NULL, "fileName" character varying(255) NOT NULL, "size" integer NOT NULL, "contentType" character varying(100) NOT NULL, "uploadedBy" character varying(200) NOT NULL, "uploadedAt" character varying(30) NOT NULL, CONSTRAINT "PK_b864cb5d49854f89917fc0b44b9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_314d450c89dbdc2cb7552f0310" ON "evidence" ("committeeId", "uploadedAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_0058794c85df5cc092d54a9075" ON "evidence" ("committeeId", "taskId") `);
    await queryRunner.query(`ALTER TABLE "programs" ADD "requireEvidence" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "programs" DROP COLUMN "requireEvidence"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0058794c85df5cc092d54a9075"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_314d450c89dbdc2cb7552f0310"`);
    await queryRunner.query(`DROP TABLE "evidence"`);
  }
}
