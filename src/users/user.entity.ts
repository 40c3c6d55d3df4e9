import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const ROLES = ['office', 'unit', 'inspection', 'admin'] as const;
export type Role = (typeof ROLES)[number];

@Entity('users')
@Index(['username'], { unique: true })
export class User {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) committeeId: number;
  @Column({ type: 'varchar', length: 64 }) username: string;
  @Column({ type: 'varchar', length: 200 }) displayName: string;
  @Column({ type: 'varchar', length: 16 }) role: Role;
  /** The unit a unit user acts for. */
  @Column({ type: 'integer', nullable: true }) unitId: number | null;
  @Column({ type: 'varchar', length: 255 }) passwordHash: string;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @CreateDateColumn() createdAt: Date;
}
