import { Logger } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { JobDefinition, JobRunner } from './job-runner';

/**
 * PostgreSQL's runner: pg-boss, a job queue in the same database (schema `pgboss`). Every
 * instance registers the same cron schedules and works the same queues; pg-boss makes one job
 * per tick whichever instance sees it first, and a worker takes it with SKIP LOCKED, so a job
 * runs once however many instances there are. The queues are 'stately': at most one job
 * waiting and one running, so a catch-up triggered by three instances starting together is one
 * run. A failed run is retried with backoff; a job whose worker died expires and is retried.
 */
export class PgBossRunner implements JobRunner {
  private readonly log = new Logger('jobs');
  private boss: PgBoss | null = null;

  constructor(
    private readonly connection: { url: string },
    /** Runs set-up one instance at a time (an advisory lock): queues made at once deadlock. */
    private readonly oneAtATime: <T>(fn: () => Promise<T>) => Promise<T>,
    private readonly options: { expireMinutes: number } = { expireMinutes: 60 },
  ) {}

  async start(jobs: JobDefinition[], timeZone: string): Promise<void> {
    const boss = new PgBoss({
      // No URL: node-postgres reads PGHOST, PGDATABASE, … itself.
      ...(this.connection.url ? { connectionString: this.connection.url } : {}),
      application_name: 'dondoc-jobs',
      schema: 'pgboss',
      max: 4,
      // Ticks are checked every 30 s: a daily job at 07:00 starts by 07:00:30.
      cronMonitorIntervalSeconds: 30,
      cronWorkerIntervalSeconds: 5,
    });
    boss.on('error', (e) => this.log.error(`pg-boss: ${e.message}`));
    // Instances starting together each create pg-boss's schema, queues (a partition table
    // each) and schedules: concurrently that deadlocks in PostgreSQL, so one at a time.
    await this.oneAtATime(async () => {
      await boss.start();
      for (const job of jobs) {
        if (!(await boss.getQueue(job.name)))
          await boss.createQueue(job.name, {
            name: job.name,
            policy: 'stately',
            retryLimit: 3,
            retryDelay: 60,
            retryBackoff: true,
            expireInSeconds: this.options.expireMinutes * 60,
          });
        await boss.schedule(job.name, job.cron, {}, { tz: timeZone });
      }
    });
    this.boss = boss;
    for (const job of jobs) {
      await boss.work(job.name, { pollingIntervalSeconds: 2, batchSize: 1 }, async () => {
        try {
          await job.run();
        } catch (e) {
          this.log.error(`${job.name} failed (pg-boss retries it): ${(e as Error).stack ?? e}`);
          throw e;
        }
      });
    }
  }

  async trigger(name: string): Promise<void> {
    if (!this.boss) throw new Error('jobs not started');
    // One trigger a minute across instances (three starting together make one catch-up);
    // a trigger that collapses with another answers null, which is fine.
    await this.boss.send(name, {}, { singletonKey: 'trigger', singletonSeconds: 60 });
  }

  async stop(): Promise<void> {
    const boss = this.boss;
    this.boss = null;
    // Graceful: a running job finishes (or, past the timeout, expires and is retried elsewhere).
    await boss?.stop({ graceful: true, wait: true, timeout: 20_000 });
  }
}
