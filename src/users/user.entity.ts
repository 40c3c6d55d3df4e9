import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * office: Văn phòng (manages tasks); unit: a unit's reporter; inspection: Ủy ban Kiểm tra (reads,
 * notes); admin: users and units; province: a parent committee's reader of its descendants,
 * who never writes.
 */
export const ROLES = ['office', 'unit', 'inspection', 'admin', 'province'] as const;
export type Role = (typeof ROLES)[number];

@Entity('users')
// Usernames are unique within a committee: every ward may have its own `admin`.
@Index(['committeeId', 'username'], { unique: true })
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
  /** Creates committees and their first admins (the first start's admin). */
  @Column({ type: 'boolean', default: false }) superAdmin: boolean;
  @CreateDateColumn() createdAt: Date;
}
