import { Inject, Injectable } from '@nestjs/common';
import { statfs } from 'fs/promises';
import { dirname, resolve } from 'path';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { Db } from '../database/db.service';
import { HealthRepository } from './health.repository';

export interface Readiness {
  ok: boolean;
  today: string;
  database: { ok: boolean; type: string; error?: string };
  migrations: { ok: boolean; pending: boolean };
  sweep: { lastDay: string | null; committees: { committeeId: number; day: string }[] };
  outbox: { backlog: number; failed: number; oldestPending: string | null } | null;
  disk: { path: string; freeMb: number; minFreeMb: number; ok: boolean } | null;
}

/**
 * What a load balancer and a monitor need: is the process up (liveness), and can it serve
 * and do its jobs (readiness). Counts and days only: no names, addresses or secrets.
 */
@Injectable()
export class HealthService {
  private readonly repo: HealthRepository;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.repo = new HealthRepository(db);
  }

  async ready(): Promise<Readiness> {
    const r: Readiness = {
      ok: false,
      today: this.clock.today(),
      database: { ok: false, type: this.config.database.type },
      migrations: { ok: false, pending: true },
      sweep: { lastDay: null, committees: [] },
      outbox: null,
      disk: null,
    };
    try {
      await this.repo.ping();
      r.database.ok = true;
      const pending = await this.db.dataSource.showMigrations();
      r.migrations = { ok: !pending, pending };
      const days = await this.repo.lastSweepDays();
      r.sweep = { lastDay: days.map((d) => d.day).sort()[0] ?? null, committees: days };
      r.outbox = await this.repo.outbox();
    } catch (e) {
      r.database.error = (e as Error).message.split('\n')[0].slice(0, 200);
    }
    r.disk = await this.disk();
    r.ok = r.database.ok && r.migrations.ok && (r.disk?.ok ?? true);
    return r;
  }

  private async disk(): Promise<Readiness['disk']> {
    const path =
      this.config.database.type === 'sqlite' && this.config.database.path !== ':memory:'
        ? dirname(resolve(this.config.database.path))
        : resolve(this.config.outboxDir, '..');
    try {
      const s = await statfs(path);
      const freeMb = Math.floor((Number(s.bavail) * Number(s.bsize)) / 1024 / 1024);
      return { path, freeMb, minFreeMb: this.config.health.minFreeMb, ok: freeMb >= this.config.health.minFreeMb };
    } catch {
      return null;
    }
  }
}
