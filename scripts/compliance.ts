/**
 * npm run --silent compliance -- --as-of YYYY-MM-DD [--program ID] [--period month|quarter|half|nine_months|year] [--json]
 * Prints the compliance summary of the configured database: with --json the same object the API returns.
 */
import 'reflect-metadata';
import { isLocalDate } from '../src/deadlines/calendar';
import { SUMMARY_PERIODS, SummaryPeriod } from '../src/compliance/periods';

function fail(message: string): never {
  process.stderr.write(`compliance: ${message}\nusage: npm run --silent compliance -- --as-of YYYY-MM-DD [--program ID] [--period quarter] [--json]\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  let asOf: string | null = null;
  let programId: number | undefined;
  let period: SummaryPeriod = 'quarter';
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--as-of') asOf = argv[++i] ?? null;
    else if (a === '--program') programId = Number(argv[++i]);
    else if (a === '--period') period = argv[++i] as SummaryPeriod;
    else if (a === '--json') json = true;
    else fail(`unknown argument ${a}`);
  }
  if (!asOf || !isLocalDate(asOf)) fail(`--as-of needs a real date YYYY-MM-DD, got "${asOf ?? ''}"`);
  if (programId !== undefined && !Number.isInteger(programId)) fail('--program needs a program id');
  if (!SUMMARY_PERIODS.includes(period)) fail(`--period must be one of ${SUMMARY_PERIODS.join(', ')}`);
  process.env.BACKGROUND_JOBS = 'false';
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module');
  const { ProvisioningService } = await import('../src/committees/provisioning.service');
  const { ComplianceService } = await import('../src/compliance/compliance.service');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    const { committeeId } = await app.get(ProvisioningService).seedIfEmpty();
    const s = await app.get(ComplianceService).summary(committeeId, { asOf, period, programId });
    if (json) return void process.stdout.write(JSON.stringify(s) + '\n');
    process.stdout.write(`${s.period.label} — tính đến ${s.asOf}\n`);
    for (const u of [...s.units, { unit: 'Tổng cộng', ...s.totals }]) {
      process.stdout.write(
        `${u.unit.padEnd(40)} hoàn thành ${String(u.rates.completionRate ?? '—').padStart(5)}%  quá hạn ${String(u.counts.overdue).padStart(4)}  báo cáo thiếu ${u.reports.missing}\n`,
      );
    }
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).catch((e) => fail((e as Error).message));
