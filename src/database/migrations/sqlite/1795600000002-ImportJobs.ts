import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An upload that takes long (a scan read by OCR) is a job: the preview row exists while the
 * file is read, with its progress, and ends as a preview or with the reason it failed. The
 * document's own header (kind, number, title, date, place) is kept beside the program fields
 * it prefilled.
 */
export class ImportJobs1795600000002 implements MigrationInterface {
  name = 'ImportJobs1795600000002';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_previews ADD COLUMN progress text NULL`);
    await q.query(`ALTER TABLE import_previews ADD COLUMN error varchar(500) NULL`);
    await q.query(`ALTER TABLE import_previews ADD COLUMN header text NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_previews DROP COLUMN header`);
    await q.query(`ALTER TABLE import_previews DROP COLUMN error`);
    await q.query(`ALTER TABLE import_previews DROP COLUMN progress`);
  }
}
