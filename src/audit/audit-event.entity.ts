import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who changed what, when, from what to what. Never updated, never deleted. */
@Entity('audit_events')
@Index(['entity', 'entityId'])
@Index(['committeeId'])
export class AuditEvent {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) committeeId: number;
  @Column({ type: 'varchar', length: 16 }) entity: 'task' | 'unit' | 'program' | 'user' | 'committee' | 'target';
  @Column({ type: 'integer' }) entityId: number;
  @Column({ type: 'varchar', length: 32 }) action: string;
  @Column({ type: 'integer', nullable: true }) actorId: number | null;
  @Column({ type: 'varchar', length: 200 }) actorName: string;
  @Column({ type: 'simple-json', nullable: true }) before: Record<string, unknown> | null;
  @Column({ type: 'simple-json', nullable: true }) after: Record<string, unknown> | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @CreateDateColumn() at: Date;
}
