import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { JobDefinition, JobRunner } from './job-runner';

/**
 * SQLite's runner: cron timers in this process. One machine runs one service; should a second
 * process share the file, the jobs' own leases (sweep per committee, backup) keep them apart.
 */
export class CronRunner implements JobRunner {
  private readonly log = new Logger('jobs');
  private readonly jobs = new Map<string, JobDefinition>();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly registry: SchedulerRegistry) {}

  async start(jobs: JobDefinition[], timeZone: string): Promise<void> {
    for (const job of jobs) {
      this.jobs.set(job.name, job);
      const timer = CronJob.from({ cronTime: job.cron, timeZone, onTick: () => void this.trigger(job.name) });
      // Registered with @nestjs/schedule: listed with the app's other timers, stopped with it.
      this.registry.addCronJob(`dondoc:${job.name}`, timer as never);
      timer.start();
    }
  }

  trigger(name: string): Promise<void> {
    const job = this.jobs.get(name);
    if (!job) return Promise.reject(new Error(`no job ${name}`));
    // Errors are logged, not thrown: the next tick (or the catch-up at start) tries again.
    const p = job.run().catch((e) => this.log.error(`${name} failed: ${(e as Error).stack ?? e}`));
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
    return p;
  }

  async stop(): Promise<void> {
    for (const name of this.jobs.keys()) if (this.registry.doesExist('cron', `dondoc:${name}`)) this.registry.deleteCronJob(`dondoc:${name}`);
    await Promise.all(this.running);
  }
}
