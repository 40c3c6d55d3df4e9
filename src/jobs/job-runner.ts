/**
 * The one interface the scheduled work runs behind. A job is named, fires on a cron in the
 * committee's time zone, and may be triggered at once (the catch-up after downtime). Two
 * implementations: on SQLite (one machine) in-process cron timers, the jobs guarding
 * themselves with database leases; on PostgreSQL pg-boss, whose queue in the same database
 * runs each tick and each trigger once across every instance, with retries.
 */
export interface JobDefinition {
  name: string;
  /** Five-field cron, local time of `timeZone`. */
  cron: string;
  run: () => Promise<void>;
}

export interface JobRunner {
  start(jobs: JobDefinition[], timeZone: string): Promise<void>;
  /** Runs a job as soon as possible (once across instances where the runner can tell). */
  trigger(name: string): Promise<void>;
  stop(): Promise<void>;
}

export const JOB_RUNNER = Symbol('JOB_RUNNER');
