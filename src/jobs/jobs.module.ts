import { Module } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { BackupModule } from '../backup/backup.module';
import { ComplianceModule } from '../compliance/compliance.module';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { ADVISORY, Db } from '../database/db.service';
import { MailModule } from '../mail/mail.module';
import { RemindersModule } from '../reminders/reminders.module';
import { CronRunner } from './cron-runner';
import { JOB_RUNNER } from './job-runner';
import { JobsScheduler } from './jobs.scheduler';
import { PgBossRunner } from './pgboss-runner';

/** Scheduled work: stands above reminders, compliance, mail and backup, which it calls. */
@Module({
  imports: [RemindersModule, ComplianceModule, MailModule, BackupModule],
  providers: [
    {
      provide: JOB_RUNNER,
      inject: [APP_CONFIG, SchedulerRegistry, Db],
      useFactory: (config: AppConfig, registry: SchedulerRegistry, db: Db) =>
        config.database.type === 'postgres'
          ? new PgBossRunner({ url: config.database.url }, (fn) => db.withAdvisoryLock(ADVISORY.jobs, fn))
          : new CronRunner(registry),
    },
    JobsScheduler,
  ],
  exports: [JobsScheduler],
})
export class JobsModule {}
