/**
 * A second instance of the service in its own process, for multi-instance and crash tests.
 *   DB_PATH, SMTP_URL, DONDOC_NOW (ISO instant) and CHILD_MODE (sweep | send | sweep-and-send) from the environment.
 * Prints "DONDOC_READY", then "DONDOC_DONE <json>" when finished. With DONDOC_TEST_PAUSE_AT
 * set, the sender freezes at that point (printing DONDOC_PAUSED) until it is killed.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module';
import { Clock } from '../../src/common/clock';
import { OutboxSender } from '../../src/mail/outbox-sender.service';
import { SweepService } from '../../src/reminders/sweep.service';

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  const clock = app.get(Clock);
  process.stdout.write('DONDOC_READY\n');
  const mode = process.env.CHILD_MODE ?? 'sweep-and-send';
  const out: Record<string, unknown> = {};
  if (mode.includes('sweep')) out.sweep = (await app.get(SweepService).run({ upTo: clock.today() })).map((r) => r.messages.length);
  if (mode.includes('send')) out.send = await app.get(OutboxSender).drain();
  process.stdout.write(`DONDOC_DONE ${JSON.stringify(out)}\n`);
  await app.close();
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e));
  process.exit(1);
});
