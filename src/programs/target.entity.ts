import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Chỉ tiêu: a numbered target of a program, kept as written. */
@Entity('targets')
@Index(['programId'])
export class Target {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) programId: number;
  @Column({ type: 'varchar', length: 64, nullable: true }) ref: string | null;
  @Column({ type: 'text' }) text: string;
  @Column({ type: 'integer', default: 0 }) position: number;
}
