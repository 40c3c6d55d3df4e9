import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { APP_CONFIG, AppConfig } from './config/configuration';
import { SeedService } from './database/seed.service';
import { configureApp } from './setup';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false });
  configureApp(app);
  app.enableShutdownHooks();
  const config = app.get<AppConfig>(APP_CONFIG);
  const seed = await app.get(SeedService).seedIfEmpty();
  await app.listen(config.port);
  const log = new Logger('dondoc');
  const url = `http://localhost:${config.port}`;
  log.log(`Listening on ${url} — API docs at ${url}/api/docs`);
  log.log(`Database: ${config.database.type === 'sqlite' ? config.database.path : 'postgres'}`);
  if (seed.created && seed.logins.length) {
    log.log('First start: created these logins (change the passwords):');
    for (const l of seed.logins) log.log(`  ${l.role.padEnd(10)} ${l.username} / ${l.password}`);
  }
}

void bootstrap();
