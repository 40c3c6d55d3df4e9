/**
 * npm run --silent remind -- --date YYYY-MM-DD [--committee ID] [--dry-run]
 *
 * Runs the reminder sweep as of a local day against the configured database and prints
 * {date, messages: [{unit, to, cc, subject, items: [{taskId, ref, rule, due}]}]}.
 * --dry-run only says what would be sent; otherwise the messages go to the outbox and the
 * sender delivers them (SMTP_URL, or .eml files under ./data/outbox).
 */
import 'reflect-metadata';
import { isLocalDate } from '../src/deadlines/calendar';
import { committeeArgOf, resolveCommittee } from './committee-arg';

function fail(message: string): never {
  process.stderr.write(`remind: ${message}\nusage: npm run --silent remind -- --date YYYY-MM-DD [--committee ID] [--dry-run]\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  let date: string | null = null;
  let dryRun = false;
  let committeeArg: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--date') date = argv[++i] ?? null;
    else if (argv[i] === '--committee') committeeArg = argv[++i] ?? fail('--committee needs a committee id');
    else if (argv[i] === '--dry-run') dryRun = true;
    else fail(`unknown argument ${argv[i]}`);
  }
  if (!date || !isLocalDate(date)) fail(`--date needs a real date YYYY-MM-DD, got "${date ?? ''}"`);
  let committee: number | undefined;
  try {
    committee = committeeArgOf(committeeArg);
  } catch (e) {
    fail((e as Error).message);
  }
  process.env.BACKGROUND_JOBS = 'false';
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module');
  const { ProvisioningService } = await import('../src/committees/provisioning.service');
  const { SweepService } = await import('../src/reminders/sweep.service');
  const { OutboxSender } = await import('../src/mail/outbox-sender.service');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    // Every committee, or the one named.
    const results =
      committee === undefined
        ? (await app.get(ProvisioningService).seedIfEmpty(), await app.get(SweepService).run({ date, dryRun }))
        : [await app.get(SweepService).runFor(await resolveCommittee(app, committee), { date, dryRun })];
    const messages = results.flatMap((r) => r.messages.map(({ unitId: _u, ...m }) => m));
    const out: Record<string, unknown> = { date, messages };
    if (!dryRun) out.delivery = await app.get(OutboxSender).drain({ waitForOthersSeconds: 60 });
    process.stdout.write(JSON.stringify(out) + '\n');
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).catch((e) => fail((e as Error).message));
