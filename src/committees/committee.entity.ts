import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What a committee may set for itself; anything unset is inherited from its parent, and at the
 * top from the configuration (config/default.yaml, config/reminders.yaml).
 */
export interface CommitteeSettings {
  /** The From of its mail, e.g. `Văn phòng Đảng ủy phường X <vanphong@x.vn>`. */
  mailFrom?: string;
  /** Reminder rules (config/reminders.yaml `rules`), partly or wholly. */
  reminderRules?: Record<string, unknown>;
  /** Per program number (or id): rules that differ for that program of this committee. */
  reminderOverrides?: Record<string, Record<string, unknown>>;
}

/**
 * Đảng bộ: owns units, programs and users; every query is scoped by it. Committees form a
 * tree (a province above its wards and communes): the parent reads its descendants' figures.
 */
@Entity('committees')
@Index(['parentId'])
export class Committee {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'integer', nullable: true }) parentId: number | null;
  @Column({ type: 'simple-json', nullable: true }) settings: CommitteeSettings | null;
  @CreateDateColumn() createdAt: Date;
}
