import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { AppLogger } from './common/logger';
import { APP_CONFIG, AppConfig, loadConfig } from './config/configuration';
import { PublicUrlService } from './database/public-url.service';
import { SeedService } from './database/seed.service';
import { configureApp } from './setup';

async function bootstrap(): Promise<void> {
  // Files the service creates (database, backups, outbox, secret) are for its own user only.
  process.umask(0o077);
  const logger = new AppLogger(loadConfig().log);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, logger });
  configureApp(app);
  app.enableShutdownHooks();
  const config = app.get<AppConfig>(APP_CONFIG);
  const seed = await app.get(SeedService).seedIfEmpty();
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

bootstrap().catch((e: Error) => {
  // A start-up error is the operator's to fix (a bad setting, a busy port): one line, no stack.
  new Logger('dondoc').fatal(e.message);
  process.exit(1);
});
