import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A note on a task: the inspection committee's findings or the office's remarks. */
@Entity('task_notes')
@Index(['taskId'])
export class TaskNote {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) committeeId: number;
  @Column({ type: 'integer' }) taskId: number;
  @Column({ type: 'varchar', length: 16 }) kind: 'inspection' | 'office';
  @Column({ type: 'integer', nullable: true }) authorId: number | null;
  @Column({ type: 'varchar', length: 200 }) authorName: string;
  @Column({ type: 'text' }) text: string;
  @CreateDateColumn() createdAt: Date;
}
