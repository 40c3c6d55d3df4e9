import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { LeaseService } from '../database/lease.service';
import { BackupResult, backup, markRunning } from './backup';

/**
 * The daily backup (BACKUP_CRON, local time), taken by one instance at a time, and the
 * marker that tells the restore CLI this process has the database open.
 */
@Injectable()
export class BackupService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('backup');
  private unmark: () => void = () => undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly leases: LeaseService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.unmark = markRunning(this.config);
    if (!this.config.backgroundJobs) return;
    const job = CronJob.from({ cronTime: this.config.backup.cron, timeZone: this.config.timeZone, onTick: () => void this.daily() });
    this.registry.addCronJob('daily-backup', job as never);
    job.start();
  }

  onApplicationShutdown(): void {
    if (this.registry.doesExist('cron', 'daily-backup')) this.registry.deleteCronJob('daily-backup');
    this.unmark();
  }

  /** The daily backup; null when another instance holds the lease. Errors are logged, not thrown: the next day tries again. */
  async daily(): Promise<BackupResult | null> {
    if (!(await this.leases.acquire('backup:daily', 3600))) return null;
    try {
      const r = await backup(this.config, { kind: 'daily', now: this.clock.now() });
      this.log.log(`daily backup ${r.file} (${Math.round(r.bytes / 1024)} kB)`);
      return r;
    } catch (e) {
      this.log.error(`daily backup failed: ${(e as Error).message}`);
      return null;
    } finally {
      await this.leases.release('backup:daily');
    }
  }
}
