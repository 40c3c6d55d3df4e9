import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { LocalDate } from '../deadlines/calendar';
import { Program } from './program.entity';

/**
 * A named event relative deadlines count from ("Đại hội Đảng bộ phường" = 2025-08-20).
 * With unitId set it is that unit's own event (each chi bộ's own Đại hội).
 */
@Entity('program_events')
@Index(['programId', 'name', 'unitId'], { unique: true })
export class ProgramEvent {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) programId: number;
  @ManyToOne(() => Program, (p) => p.events, { onDelete: 'CASCADE' }) program: Program;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 10, nullable: true }) date: LocalDate | null;
  @Column({ type: 'integer', nullable: true }) unitId: number | null;
}
