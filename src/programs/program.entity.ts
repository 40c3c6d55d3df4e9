import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { LocalDate } from '../deadlines/calendar';
import type { Period } from '../deadlines/schedule';
import { ProgramEvent } from './program-event.entity';

export const PROGRAM_KINDS = ['chuong_trinh_hanh_dong', 'ke_hoach', 'nghi_quyet', 'ket_luan', 'other'] as const;
export type ProgramKind = (typeof PROGRAM_KINDS)[number];

/** Văn bản: the source document whose tasks are tracked. */
@Entity('programs')
@Index(['committeeId'])
export class Program {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) committeeId: number;
  @Column({ type: 'varchar', length: 32 }) kind: ProgramKind;
  @Column({ type: 'varchar', length: 64, nullable: true }) number: string | null;
  @Column({ type: 'varchar', length: 500 }) title: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) issuingBody: string | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) issuedDate: LocalDate | null;
  @Column({ type: 'integer', nullable: true }) termStart: number | null;
  @Column({ type: 'integer', nullable: true }) termEnd: number | null;
  /** Report period of continuous tasks (quarterly by default). */
  @Column({ type: 'varchar', length: 16, default: 'quarter' }) reportPeriod: Period;
  /** "Bắt buộc minh chứng": a unit reports a task done only with at least one file attached. */
  @Column({ type: 'boolean', default: false }) requireEvidence: boolean;
  @OneToMany(() => ProgramEvent, (e) => e.program) events: ProgramEvent[];
  @CreateDateColumn() createdAt: Date;
  @UpdateDateColumn() updatedAt: Date;
}
