import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The office is found by its kind from now on (it was found by its name, and a rename stopped
 * the monthly summary): the unit an older installation created as "Văn phòng Đảng ủy" becomes
 * kind `office`, unless some unit has that kind already.
 */
export class OfficeKind1795600000001 implements MigrationInterface {
  name = 'OfficeKind1795600000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE units SET kind = 'office' WHERE name = 'Văn phòng Đảng ủy' AND NOT EXISTS (SELECT 1 FROM units o WHERE o."committeeId" = units."committeeId" AND o.kind = 'office')`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE units SET kind = 'party_agency' WHERE kind = 'office'`);
  }
}
