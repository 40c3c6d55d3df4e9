import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A unit's periodic report on a continuous or recurring task, one per task and period. */
@Entity('task_reports')
@Index(['taskId', 'periodKey'], { unique: true })
// Sweeps and summaries read a committee's reports (task, period) from the index alone.
@Index(['committeeId', 'taskId', 'periodKey'])
export class TaskReport {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) committeeId: number;
  @Column({ type: 'integer' }) taskId: number;
  @Column({ type: 'integer', nullable: true }) unitId: number | null;
  /** e.g. 2025-Q3, 2025-H2, 2025-08, 2025-W35, 2025 */
  @Column({ type: 'varchar', length: 12 }) periodKey: string;
  @Column({ type: 'varchar', length: 10 }) periodStart: string;
  @Column({ type: 'varchar', length: 10 }) periodEnd: string;
  @Column({ type: 'text' }) text: string;
  @Column({ type: 'varchar', length: 500, nullable: true }) link: string | null;
  /** Local day it was reported (on time when ≤ periodEnd). */
  @Column({ type: 'varchar', length: 10 }) reportedOn: string;
  @Column({ type: 'varchar', length: 200 }) reportedBy: string;
  @CreateDateColumn() createdAt: Date;
}
