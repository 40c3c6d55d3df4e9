import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { LocalDate } from '../deadlines/calendar';

export const EXTENSION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];

/**
 * Đề nghị điều chỉnh thời hạn: a lead unit (or the office on its behalf) asks for a later due
 * date with a reason; the office approves (the task's due date moves, the original is kept)
 * or rejects it with a note.
 */
@Entity('extensions')
@Index(['committeeId', 'status'])
@Index(['taskId'])
export class Extension {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) committeeId: number;
  @Column({ type: 'integer' }) taskId: number;
  @Column({ type: 'varchar', length: 10 }) proposedDue: LocalDate;
  /** The due date when the request was made (the document's, or an earlier extension's). */
  @Column({ type: 'varchar', length: 10 }) originalDue: LocalDate;
  @Column({ type: 'text' }) reason: string;
  @Column({ type: 'varchar', length: 10, default: 'pending' }) status: ExtensionStatus;
  @Column({ type: 'varchar', length: 200 }) requestedBy: string;
  /** ISO instants, from the clock. */
  @Column({ type: 'varchar', length: 30 }) requestedAt: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) decidedBy: string | null;
  @Column({ type: 'varchar', length: 30, nullable: true }) decidedAt: string | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
}
