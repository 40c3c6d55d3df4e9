import { MigrationInterface, QueryRunner } from 'typeorm';

export class LastProgress1796359839963 implements MigrationInterface {
  name = 'LastProgress1796359839963';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" ADD "lastProgressOn" character varying(10)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "lastProgressOn"`);
  }
}
