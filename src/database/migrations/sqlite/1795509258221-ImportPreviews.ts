import { MigrationInterface, QueryRunner } from 'typeorm';

export class ImportPreviews1795509258221 implements MigrationInterface {
  name = 'ImportPreviews1795509258221';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "import_previews" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "committeeId" integer NOT NULL, "createdById" integer, "createdByName" varchar(200) NOT NULL, "fileName" varchar(255) NOT NULL, "fileType" varchar(8) NOT NULL, "status" varchar(16) NOT NULL DEFAULT ('preview'), "program" text NOT NULL, "rows" text NOT NULL, "targets" text NOT NULL, "warnings" text NOT NULL, "result" text, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "committedAt" varchar(30))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_11b5a201aae585c9954fa28bff" ON "import_previews" ("committeeId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_11b5a201aae585c9954fa28bff"`);
    await queryRunner.query(`DROP TABLE "import_previews"`);
  }
}
