import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { AppLogger } from './common/logger';
import { APP_CONFIG, AppConfig, loadConfig } from './config/configuration';
import { PublicUrlService } from './database/public-url.service';
import { ProvisioningService } from './committees/provisioning.service';
import { JobsScheduler } from './jobs/jobs.scheduler';
import { configureApp } from './setup';

async function bootstrap(): Promise<void> {
  // Files the service creates (database, backups, outbox, secret) are for its own user only.
  process.umask(0o077);
  const logger = new AppLogger(loadConfig().log);
  // abortOnError: false — a start-up error reaches the catch below, which names the setting behind it.
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, logger, abortOnError: false });
  configureApp(app);
  app.enableShutdownHooks();
  const config = app.get<AppConfig>(APP_CONFIG);
  // Module start-up (PostgreSQL migrations under their lock, the signing secret) before the seed reads any table.
  await app.init();
  const seed = await app.get(ProvisioningService).seedIfEmpty();
  app.get(JobsScheduler).catchUp();
  if (config.host) await app.listen(config.port, config.host);
  else await app.listen(config.port);
  // The address CLIs use for links when they are given no PUBLIC_URL (derived from PORT here).
  await app.get(PublicUrlService).record(config.publicUrlGiven ? config.publicUrl : `http://localhost:${config.port}`);
  const log = new Logger('dondoc');
  const where = config.database.type === 'sqlite' ? `SQLite ${config.database.path}` : 'PostgreSQL';
  const mail = config.mail.smtpUrl ? `SMTP ${config.mail.smtpUrl.replace(/\/\/[^@/]*@/, '//')}` : `.eml files in ${config.outboxDir}`;
  log.log(
    `dondoc on ${config.publicUrl} (listening on ${config.host || '*'}:${config.port}) · ${where} · mail: ${mail} · jobs: ${config.backgroundJobs ? 'on' : 'off'}${config.apiDocs ? ` · API docs ${config.publicUrl}/api/docs` : ''}`,
  );
  if (seed.created && seed.logins.length) {
    log.log('First start: created these logins (change the passwords):');
    for (const l of seed.logins) log.log(`  ${l.role.padEnd(10)} ${l.username} / ${l.password}`);
  }
}

/** A start-up error as the setting behind it: the database's address, password or name. */
function startupMessage(e: Error & { code?: string }): string {
  const config = (() => {
    try {
      return loadConfig();
    } catch {
      return null;
    }
  })();
  if (config?.database.type !== 'postgres') return e.message;
  const url = config.database.url.replace(/\/\/[^@/]*@/, '//');
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'nothing listens there',
    ENOTFOUND: 'unknown host',
    ETIMEDOUT: 'no answer',
    '28P01': 'wrong user or password',
    '28000': 'this user may not connect',
    '3D000': 'no such database',
  };
  const reason = e.code ? reasons[e.code] : undefined;
  return reason || /connect|password|database .* does not exist/i.test(e.message)
    ? `DATABASE_URL (${url}): cannot connect — ${reason ?? e.message}`
    : e.message;
}

bootstrap().catch((e: Error) => {
  // A start-up error is the operator's to fix (a bad setting, a busy port): one line, no stack.
  new Logger('dondoc').fatal(startupMessage(e));
  process.exit(1);
});
