import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One row per reminder item planned: what was (to be) said about which task, and in which message. */
@Entity('reminder_log')
@Index(['taskId'])
// The overdue list reads a committee's reminders per task: without it, a scan of every committee's log.
@Index(['committeeId', 'taskId', 'day'])
export class ReminderLog {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 200, unique: true }) itemKey: string;
  @Column({ type: 'integer' }) committeeId: number;
  @Column({ type: 'integer' }) taskId: number;
  @Column({ type: 'integer' }) unitId: number;
  @Column({ type: 'integer' }) outboxId: number;
  @Column({ type: 'varchar', length: 20 }) rule: string;
  @Column({ type: 'varchar', length: 10 }) due: string;
  @Column({ type: 'varchar', length: 10 }) day: string;
}
