import { Injectable } from '@nestjs/common';
import { randomBytes } from 'crypto';
import { hostname } from 'os';
import { Db } from './db.service';
import { Lease } from './lease.entity';

/**
 * Named leases in the database, so that among several instances of the service only one runs
 * a job at a time (the daily sweep). A lease expires by itself if its holder dies.
 */
@Injectable()
export class LeaseService {
  readonly holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

  constructor(private readonly db: Db) {}

  async acquire(name: string, seconds: number): Promise<boolean> {
    // Leases measure real elapsed time (a job's duration), not the domain calendar.
    const now = new Date();
    const expiresAt = new Date(now.getTime() + seconds * 1000).toISOString();
    return this.db.write(async (m) => {
      await m.createQueryBuilder().insert().into(Lease).values({ name, holder: '', expiresAt: '' }).orIgnore().execute();
      const res = await m
        .createQueryBuilder()
        .update(Lease)
        .set({ holder: this.holder, expiresAt })
        .where('name = :name', { name })
        .andWhere('("expiresAt" < :now OR holder = :me)', { now: now.toISOString(), me: this.holder })
        .execute();
      return (res.affected ?? 0) === 1;
    });
  }

  async release(name: string): Promise<void> {
    await this.db.write((m) =>
      m.createQueryBuilder().update(Lease).set({ expiresAt: '' }).where('name = :name AND holder = :me', { name, me: this.holder }).execute(),
    );
  }
}
