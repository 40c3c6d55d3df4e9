import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { LocalDate } from '../deadlines/calendar';
import type { TaskStatus } from './task-status';

/**
 * One change in a task's life, with its local day: a status change (and the completion date
 * it carried before and after), or a due date moved by an approved extension. The compliance
 * summary as of a past day reads a task's state then from the first change after that day.
 */
@Entity('task_changes')
@Index(['taskId', 'id'])
// "Which tasks changed after day D" for a committee, read off the index.
@Index(['committeeId', 'on', 'taskId'])
export class TaskChange {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) committeeId: number;
  @Column({ type: 'integer' }) taskId: number;
  @Column({ type: 'varchar', length: 10 }) kind: 'status' | 'deadline';
  /** Status before (null: the task did not exist yet) and after; for a deadline change the status it kept. */
  @Column({ type: 'varchar', length: 24, nullable: true }) fromStatus: TaskStatus | null;
  @Column({ type: 'varchar', length: 24 }) toStatus: TaskStatus;
  @Column({ type: 'varchar', length: 10, nullable: true }) fromCompletedOn: LocalDate | null;
  /** For a deadline change: the due date before and after. */
  @Column({ type: 'varchar', length: 10, nullable: true }) fromDue: LocalDate | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) toDue: LocalDate | null;
  /** The committee's local day of the change. */
  @Column({ type: 'varchar', length: 10 }) on: LocalDate;
  /** ISO instant, from the clock. */
  @Column({ type: 'varchar', length: 30 }) at: string;
  @Column({ type: 'varchar', length: 200 }) by: string;
  @Column({ type: 'text', nullable: true }) note: string | null;
}
