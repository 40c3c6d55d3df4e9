import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Chỉ tiêu: a numbered target of a program, kept as written; its indicators are read from the text. */
@Entity('targets')
@Index(['programId'])
export class Target {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) programId: number;
  @Column({ type: 'varchar', length: 64, nullable: true }) ref: string | null;
  @Column({ type: 'text' }) text: string;
  @Column({ type: 'integer', default: 0 }) position: number;
  /** The lead unit that reports its results (null: the office). */
  @Column({ type: 'integer', nullable: true }) unitId: number | null;
}
