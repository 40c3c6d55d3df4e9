import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** `office`: Văn phòng Đảng ủy, who receives the summaries and passes on reminders; `inspection`: Ủy ban Kiểm tra, who receives the weekly digest. */
export const UNIT_KINDS = ['leadership', 'office', 'party_agency', 'inspection', 'party_organization', 'party_cell', 'front', 'group', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Đơn vị: an owner of tasks (a ban, chi bộ, đảng bộ…). */
@Entity('units')
@Index(['committeeId', 'name'], { unique: true })
export class Unit {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) committeeId: number;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 32, default: 'other' }) kind: UnitKind;
  @Column({ type: 'simple-json' }) aliases: string[];
  @Column({ type: 'simple-json' }) emails: string[];
  @Column({ type: 'boolean', default: true }) active: boolean;
  /**
   * The unit's calendar feed: its signed token carries this number, so issuing a new link
   * (version + 1) or revoking it (negative) makes every earlier link stop working.
   */
  @Column({ type: 'integer', default: 0 }) calendarVersion: number;
  @CreateDateColumn() createdAt: Date;
  @UpdateDateColumn() updatedAt: Date;
}
