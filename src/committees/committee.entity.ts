import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Đảng bộ: owns units, programs and users; every query is scoped by it. */
@Entity('committees')
export class Committee {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @CreateDateColumn() createdAt: Date;
}
