import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { LocalDate, addDays } from '../deadlines/calendar';
import { DigestsService } from '../compliance/digests.service';
import { OutboxSender } from '../mail/outbox-sender.service';
import { SweepService } from './sweep.service';

/**
 * Runs the daily sweep on a cron in the committee's time zone and the outbox sender on an
 * interval. Cron timers live in memory, fire on every instance and never catch up, so the
 * schedule itself is kept in the database: each sweep covers every day since the last one
 * completed, a lease lets one instance sweep at a time, and at start-up a missed sweep runs.
 */
@Injectable()
export class RemindersScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('scheduler');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly sweep: SweepService,
    private readonly sender: OutboxSender,
    private readonly digests: DigestsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.backgroundJobs) return;
    const job = CronJob.from({
      cronTime: this.config.reminders.sweep.cron,
      timeZone: this.config.timeZone,
      onTick: () => void this.runSweep(),
    });
    this.registry.addCronJob('reminders-sweep', job as never);
    job.start();
    const every = this.config.reminders.sender.intervalSeconds;
    if (every > 0) this.timer = setInterval(() => void this.sender.processDue().catch((e) => this.log.error(e)), every * 1000);
    // Catch up after downtime, without waiting for tomorrow's tick.
    setTimeout(() => void this.catchUp(), 0);
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.registry.doesExist('cron', 'reminders-sweep')) this.registry.deleteCronJob('reminders-sweep');
  }

  /** The last day whose sweep time has passed: today after 07:00 local, else yesterday. */
  dueThrough(): LocalDate {
    const [minute, hour] = this.config.reminders.sweep.cron.split(/\s+/).map((x) => Number(x));
    const now = this.clock.now();
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: this.config.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
    const [h, m] = local.split(':').map(Number);
    const passed = Number.isFinite(hour) && Number.isFinite(minute) ? h * 60 + m >= hour * 60 + minute : true;
    return passed ? this.clock.today() : addDays(this.clock.today(), -1);
  }

  async catchUp(): Promise<void> {
    try {
      await this.sweepAndDigest(this.dueThrough());
      await this.sender.processDue();
    } catch (e) {
      this.log.error(`catch-up sweep failed: ${(e as Error).stack ?? e}`);
    }
  }

  /** The sweep, then the digests due on the days it covered (the summary, the inspection digest). */
  private async sweepAndDigest(upTo: LocalDate): Promise<void> {
    for (const r of await this.sweep.run({ upTo })) if (!r.skipped) await this.digests.run(r.from, r.date);
  }

  private async runSweep(): Promise<void> {
    try {
      await this.sweepAndDigest(this.clock.today());
      await this.sender.processDue();
    } catch (e) {
      this.log.error(`sweep failed: ${(e as Error).stack ?? e}`);
    }
  }
}
