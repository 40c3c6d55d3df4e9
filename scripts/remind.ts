/**
 * npm run --silent remind -- --date YYYY-MM-DD [--dry-run]
 *
 * Runs the reminder sweep as of a local day against the configured database and prints
 * {date, messages: [{unit, to, cc, subject, items: [{taskId, ref, rule, due}]}]}.
 * --dry-run only says what would be sent; otherwise the messages go to the outbox and the
 * sender delivers them (SMTP_URL, or .eml files under ./data/outbox).
 */
import 'reflect-metadata';
import { isLocalDate } from '../src/deadlines/calendar';

function fail(message: string): never {
  process.stderr.write(`remind: ${message}\nusage: npm run --silent remind -- --date YYYY-MM-DD [--dry-run]\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  let date: string | null = null;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--date') date = argv[++i] ?? null;
    else if (argv[i] === '--dry-run') dryRun = true;
    else fail(`unknown argument ${argv[i]}`);
  }
  if (!date || !isLocalDate(date)) fail(`--date needs a real date YYYY-MM-DD, got "${date ?? ''}"`);
  process.env.BACKGROUND_JOBS = 'false';
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module');
  const { ProvisioningService } = await import('../src/committees/provisioning.service');
  const { SweepService } = await import('../src/reminders/sweep.service');
  const { OutboxSender } = await import('../src/mail/outbox-sender.service');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    await app.get(ProvisioningService).seedIfEmpty();
    const results = await app.get(SweepService).run({ date, dryRun });
    const messages = results.flatMap((r) => r.messages.map(({ unitId: _u, ...m }) => m));
    const out: Record<string, unknown> = { date, messages };
    if (!dryRun) out.delivery = await app.get(OutboxSender).drain({ waitForOthersSeconds: 60 });
    process.stdout.write(JSON.stringify(out) + '\n');
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).catch((e) => fail((e as Error).message));
