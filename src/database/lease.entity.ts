import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A named lease with an expiry: only its holder does the job (e.g. the daily sweep) until it expires. */
@Entity('leases')
export class Lease {
  @PrimaryColumn({ type: 'varchar', length: 64 }) name: string;
  @Column({ type: 'varchar', length: 100 }) holder: string;
  @Column({ type: 'varchar', length: 30 }) expiresAt: string;
}
