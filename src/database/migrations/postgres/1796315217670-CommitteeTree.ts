import { MigrationInterface, QueryRunner } from 'typeorm';

export class CommitteeTree1796315217670 implements MigrationInterface {
  name = 'CommitteeTree1796315217670';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_fe0bb3f6520ee0469504521e71"`);
    await queryRunner.query(`ALTER TABLE "users" ADD "superAdmin" boolean NOT NULL DEFAULT false`);
    // The first committee's first admin is the installation's super-admin (creates committees).
    await queryRunner.query(
      `UPDATE "users" SET "superAdmin" = true WHERE id = (SELECT MIN(id) FROM "users" WHERE role = 'admin' AND "committeeId" = (SELECT MIN(id) FROM "committees"))`,
    );
    await queryRunner.query(`ALTER TABLE "committees" ADD "parentId" integer`);
    await queryRunner.query(`ALTER TABLE "committees" ADD "settings" text`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_92e108dc59f03670fbcc5ed2f2" ON "users" ("committeeId", "username") `);
    await queryRunner.query(`CREATE INDEX "IDX_bf4145ff02b92177eaefcc6800" ON "committees" ("parentId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_bf4145ff02b92177eaefcc6800"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_92e108dc59f03670fbcc5ed2f2"`);
    await queryRunner.query(`ALTER TABLE "committees" DROP COLUMN "settings"`);
    await queryRunner.query(`ALTER TABLE "committees" DROP COLUMN "parentId"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "superAdmin"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fe0bb3f6520ee0469504521e71" ON "users" ("username") `);
  }
}
