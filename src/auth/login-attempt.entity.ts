import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Sign-in attempts per username and client address, kept in the database so every instance
 * sees them. `nextAt` is the earliest instant the next attempt is accepted ('' = now).
 */
@Entity('login_attempts')
@Index('IDX_login_attempts_lastAt', ['lastAt'])
export class LoginAttempt {
  @PrimaryColumn({ type: 'varchar', length: 200 }) key: string;
  @Column({ type: 'integer' }) failures: number;
  @Column({ type: 'varchar', length: 30 }) nextAt: string;
  @Column({ type: 'varchar', length: 30 }) lastAt: string;
}
