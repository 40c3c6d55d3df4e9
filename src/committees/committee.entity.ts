import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CommitteeSettings } from './settings';

export type { CommitteeSettings } from './settings';

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
  /** Its own settings (mail sender, reminder rules, time zone, holidays); see settings.ts. */
  @Column({ type: 'simple-json', nullable: true }) settings: CommitteeSettings | null;
  @CreateDateColumn() createdAt: Date;
}
