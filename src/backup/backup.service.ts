import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { LeaseService } from '../database/lease.service';
import { BackupResult, backup, markRunning } from './backup';

/**
 * The daily backup (BACKUP_CRON, local time; triggered by jobs/), taken by one instance at a
 * time, and the marker that tells the restore CLI this process has the database open.
 */
@Injectable()
export class BackupService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('backup');
  private unmark: () => void = () => undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly leases: LeaseService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.unmark = markRunning(this.config);
  }

  onApplicationShutdown(): void {
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
