import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BackupService } from '../backup/backup.service';
import { Clock } from '../common/clock';
import { DigestsService } from '../compliance/digests.service';
import { TallyService } from '../compliance/tally.service';
import { Db } from '../database/db.service';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { LocalDate, addDays, localDateIn } from '../deadlines/calendar';
import { OutboxSender } from '../mail/outbox-sender.service';
import { OutboxService } from '../mail/outbox.service';
import { SweepService } from '../reminders/sweep.service';
import { JOB_RUNNER, JobDefinition, JobRunner } from './job-runner';

/**
 * The scheduled work, above the features it calls: the daily sweep with its digests, the
 * outbox's retention, the daily backup (cron jobs, once across instances through the runner),
 * and the outbox sender (every instance sends: claims keep them from taking the same message).
 * Cron timers never catch up, so the schedule's state is in the database: a sweep covers every
 * day since the last one completed, and at start-up a missed sweep is triggered.
 */
@Injectable()
export class JobsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('jobs');
  private timer: NodeJS.Timeout | null = null;
  private started = false;

  constructor(
    @Inject(JOB_RUNNER) private readonly runner: JobRunner,
    private readonly sweep: SweepService,
    private readonly digests: DigestsService,
    private readonly tallies: TallyService,
    private readonly sender: OutboxSender,
    private readonly outbox: OutboxService,
    private readonly backups: BackupService,
    private readonly clock: Clock,
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  jobs(): JobDefinition[] {
    return [
      { name: 'sweep', cron: this.config.reminders.sweep.cron, run: () => this.sweepAndSend() },
      { name: 'outbox-retention', cron: this.config.mail.retention.cron, run: () => this.outbox.prune().then(() => undefined) },
      { name: 'backup', cron: this.config.backup.cron, run: () => this.backups.daily().then(() => undefined) },
      // The compliance counts fold what writes queued, so a reader seldom has much to fold
      // (after an upgrade or a bulk load, the whole backlog: it starts at once, see catchUp).
      { name: 'tallies', cron: '*/5 * * * *', run: () => this.tallies.foldAll().then(() => undefined) },
      // After the night's work, before the office's day: fresh planner statistics.
      { name: 'optimize', cron: '45 3 * * *', run: () => this.db.optimize() },
    ];
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.backgroundJobs) return;
    await this.runner.start(this.jobs(), this.config.timeZone);
    this.started = true;
    const every = this.config.reminders.sender.intervalSeconds;
    if (every > 0) this.timer = setInterval(() => void this.sender.drain().catch((e) => this.log.error(e)), every * 1000);
  }

  /**
   * After downtime, the missed sweeps without waiting for tomorrow's tick. main.ts calls it
   * once the first-start seed is in (a sweep before it would find no committee). Not awaited
   * by the caller's start-up: it goes on in the background.
   */
  catchUp(): void {
    if (!this.started) return;
    void this.runner.trigger('sweep').catch((e) => this.log.error(`catch-up sweep: ${(e as Error).message}`));
    void this.runner.trigger('tallies').catch((e) => this.log.error(`tallies: ${(e as Error).message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.started) await this.runner.stop();
  }

  /**
   * The last day whose sweep time has passed in `timeZone`: today after 07:00 there, else
   * yesterday. The cron fires in the installation's zone; a committee in another zone gets the
   * days its own calendar has finished (a zone behind is swept a day later, never twice).
   */
  dueThrough(timeZone: string = this.config.timeZone): LocalDate {
    const [minute, hour] = this.config.reminders.sweep.cron.split(/\s+/).map((x) => Number(x));
    const now = this.clock.now();
    const local = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
    const [h, m] = local.split(':').map(Number);
    const passed = Number.isFinite(hour) && Number.isFinite(minute) ? h * 60 + m >= hour * 60 + minute : true;
    const today = localDateIn(now, timeZone);
    return passed ? today : addDays(today, -1);
  }

  /** The sweep up to the last day due, the digests of the days it covered, then the mail. */
  async sweepAndSend(): Promise<void> {
    for (const r of await this.sweep.run({ upTo: (timeZone) => this.dueThrough(timeZone) }))
      if (!r.skipped) await this.digests.runFor(r.committeeId, r.from, r.date);
    await this.sender.drain();
  }
}
