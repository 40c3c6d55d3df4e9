import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { LocalDate } from '../deadlines/calendar';
import type { SummaryPeriod } from './periods';

/**
 * Chốt kỳ báo cáo: a period's summary and overdue list frozen as sent, with who closed it,
 * when, the SHA-256 of the frozen content, and the number of the báo cáo issued for it. A
 * reopened period keeps its row (status `reopened`, with who, when and why).
 */
@Entity('closed_periods')
@Index(['committeeId', 'kind', 'start', 'status'])
@Index(['committeeId', 'year', 'number'])
export class ClosedPeriod {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) committeeId: number;
  @Column({ type: 'varchar', length: 16 }) kind: SummaryPeriod;
  @Column({ type: 'varchar', length: 10 }) start: LocalDate;
  @Column({ type: 'varchar', length: 10 }) end: LocalDate;
  @Column({ type: 'varchar', length: 10, default: 'closed' }) status: 'closed' | 'reopened';
  /** The frozen content, canonical JSON: {summary, overdue, heading}. */
  @Column({ type: 'text' }) content: string;
  @Column({ type: 'varchar', length: 64 }) sha256: string;
  /** The báo cáo's number, per committee and year of issue ("Số 12-BC/ĐU"). */
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'integer' }) number: number;
  @Column({ type: 'varchar', length: 30 }) closedAt: string;
  @Column({ type: 'varchar', length: 200 }) closedBy: string;
  @Column({ type: 'varchar', length: 30, nullable: true }) reopenedAt: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) reopenedBy: string | null;
  @Column({ type: 'text', nullable: true }) reopenReason: string | null;
}
