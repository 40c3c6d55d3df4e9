import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Minh chứng: a file a unit (or the office) attached to a task. The bytes live outside the
 * database, named by their SHA-256 (the same file twice is stored once); this row says which
 * task, under what name, by whom and when.
 */
@Entity('evidence')
@Index(['committeeId', 'taskId'])
@Index(['committeeId', 'uploadedAt'])
export class Evidence {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) committeeId: number;
  @Column({ type: 'integer' }) taskId: number;
  @Column({ type: 'varchar', length: 64 }) sha256: string;
  @Column({ type: 'varchar', length: 255 }) fileName: string;
  @Column({ type: 'integer' }) size: number;
  @Column({ type: 'varchar', length: 100 }) contentType: string;
  @Column({ type: 'varchar', length: 200 }) uploadedBy: string;
  /** ISO instant, from the clock. */
  @Column({ type: 'varchar', length: 30 }) uploadedAt: string;
}
