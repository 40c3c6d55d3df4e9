import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A signed-in session. The token names it (`sid`), so signing out, signing out everywhere,
 * a password change or a deactivation revokes tokens that are still validly signed.
 * Times are ISO instants (UTC) kept as text: they compare in order on both databases.
 */
@Entity('sessions')
@Index('IDX_sessions_userId', ['userId'])
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 32 }) id: string;
  @Column({ type: 'integer' }) userId: number;
  @Column({ type: 'integer' }) committeeId: number;
  @Column({ type: 'varchar', length: 30 }) createdAt: string;
  @Column({ type: 'varchar', length: 30 }) expiresAt: string;
  @Column({ type: 'varchar', length: 30, nullable: true }) revokedAt: string | null;
}
