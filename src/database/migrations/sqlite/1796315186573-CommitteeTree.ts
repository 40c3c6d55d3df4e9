import { MigrationInterface, QueryRunner } from 'typeorm';

export class CommitteeTree1796315186573 implements MigrationInterface {
  name = 'CommitteeTree1796315186573';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_fe0bb3f6520ee0469504521e71"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "committeeId" integer NOT NULL, "username" varchar(64) NOT NULL, "displayName" varchar(200) NOT NULL, "role" varchar(16) NOT NULL, "unitId" integer, "passwordHash" varchar(255) NOT NULL, "active" boolean NOT NULL DEFAULT (1), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "superAdmin" boolean NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_users"("id", "committeeId", "username", "displayName", "role", "unitId", "passwordHash", "active", "createdAt") SELECT "id", "committeeId", "username", "displayName", "role", "unitId", "passwordHash", "active", "createdAt" FROM "users"`,
    );
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`ALTER TABLE "temporary_users" RENAME TO "users"`);
    // The first committee's first admin is the installation's super-admin (creates committees).
    await queryRunner.query(
      `UPDATE "users" SET "superAdmin" = 1 WHERE id = (SELECT MIN(id) FROM "users" WHERE role = 'admin' AND "committeeId" = (SELECT MIN(id) FROM "committees"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "temporary_committees" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(200) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "parentId" integer, "settings" text)`,
    );
    await queryRunner.query(`INSERT INTO "temporary_committees"("id", "name", "createdAt") SELECT "id", "name", "createdAt" FROM "committees"`);
    await queryRunner.query(`DROP TABLE "committees"`);
    await queryRunner.query(`ALTER TABLE "temporary_committees" RENAME TO "committees"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_92e108dc59f03670fbcc5ed2f2" ON "users" ("committeeId", "username") `);
    await queryRunner.query(`CREATE INDEX "IDX_bf4145ff02b92177eaefcc6800" ON "committees" ("parentId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_bf4145ff02b92177eaefcc6800"`);
    await queryRunner.query(`DROP INDEX "IDX_92e108dc59f03670fbcc5ed2f2"`);
    await queryRunner.query(`ALTER TABLE "committees" RENAME TO "temporary_committees"`);
    await queryRunner.query(
      `CREATE TABLE "committees" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(200) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`INSERT INTO "committees"("id", "name", "createdAt") SELECT "id", "name", "createdAt" FROM "temporary_committees"`);
    await queryRunner.query(`DROP TABLE "temporary_committees"`);
    await queryRunner.query(`ALTER TABLE "users" RENAME TO "temporary_users"`);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "committeeId" integer NOT NULL, "username" varchar(64) NOT NULL, "displayName" varchar(200) NOT NULL, "role" varchar(16) NOT NULL, "unitId" integer, "passwordHash" varchar(255) NOT NULL, "active" boolean NOT NULL DEFAULT (1), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "users"("id", "committeeId", "username", "displayName", "role", "unitId", "passwordHash", "active", "createdAt") SELECT "id", "committeeId", "username", "displayName", "role", "unitId", "passwordHash", "active", "createdAt" FROM "temporary_users"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_users"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fe0bb3f6520ee0469504521e71" ON "users" ("username") `);
  }
}
