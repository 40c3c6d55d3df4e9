/**
 * npm run --silent compliance -- --as-of YYYY-MM-DD [--committee ID] [--program ID] [--period month|quarter|half|nine_months|year] [--json]
 * npm run --silent compliance -- --rollup --committee ID --as-of YYYY-MM-DD [--period quarter] [--json]
 * npm run --silent compliance -- --check-tallies --as-of YYYY-MM-DD [--committee ID]
 * npm run --silent compliance -- --rebuild-tallies [--committee ID]
 * Prints the compliance summary of a committee (the first by default), or with --rollup that of
 * every committee below it: with --json the same object the API returns
 * (GET /api/compliance, GET /api/compliance/rollup). --check-tallies compares the counts kept per
 * day with a scan of the tasks as of that date and the eight quarter ends before it (prints the
 * differences as JSON, exit 1 if any); --rebuild-tallies recomputes them from the tasks.
 */
import 'reflect-metadata';
import { isLocalDate } from '../src/deadlines/calendar';
import { SUMMARY_PERIODS, SummaryPeriod } from '../src/compliance/periods';
import { committeeArgOf, resolveCommittee } from './committee-arg';

function fail(message: string): never {
  process.stderr.write(
    `compliance: ${message}\nusage: npm run --silent compliance -- --as-of YYYY-MM-DD [--committee ID] [--program ID] [--period quarter] [--json]\n       npm run --silent compliance -- --rollup --committee ID --as-of YYYY-MM-DD [--period quarter] [--json]\n`,
  );
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  let asOf: string | null = null;
  let programId: number | undefined;
  let period: SummaryPeriod = 'quarter';
  let json = false;
  let rollup = false;
  let check = false;
  let rebuild = false;
  let committeeArg: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--as-of') asOf = argv[++i] ?? null;
    else if (a === '--program') programId = Number(argv[++i]);
    else if (a === '--period') period = argv[++i] as SummaryPeriod;
    else if (a === '--json') json = true;
    else if (a === '--rollup') rollup = true;
    else if (a === '--check-tallies') check = true;
    else if (a === '--rebuild-tallies') rebuild = true;
    else if (a === '--committee') committeeArg = argv[++i] ?? fail('--committee needs a committee id');
    else fail(`unknown argument ${a}`);
  }
  if (!rebuild && (!asOf || !isLocalDate(asOf))) fail(`--as-of needs a real date YYYY-MM-DD, got "${asOf ?? ''}"`);
  if (programId !== undefined && !Number.isInteger(programId)) fail('--program needs a program id');
  if (!SUMMARY_PERIODS.includes(period)) fail(`--period must be one of ${SUMMARY_PERIODS.join(', ')}`);
  if (rollup && programId !== undefined) fail('--rollup covers every program: leave out --program');
  if (rollup && committeeArg === undefined) fail('--rollup needs --committee ID (the committee whose descendants are rolled up)');
  let committee: number | undefined;
  try {
    committee = committeeArgOf(committeeArg);
  } catch (e) {
    fail((e as Error).message);
  }
  process.env.BACKGROUND_JOBS = 'false';
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module');
  const { ComplianceService } = await import('../src/compliance/compliance.service');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    const committeeId = await resolveCommittee(app, committee);
    if (rebuild) {
      const { TallyService } = await import('../src/compliance/tally.service');
      const n = await app.get(TallyService).rebuild(committeeId, (k) => process.stderr.write(`\rđã tính lại ${k} nhiệm vụ`));
      return void process.stdout.write(`${n ? '\n' : ''}Đã tính lại số liệu theo ngày của ${n} nhiệm vụ.\n`);
    }
    if (check) {
      const { periodWindow, previousWindow } = await import('../src/compliance/periods');
      const dates = [asOf!];
      for (let w = periodWindow('quarter', asOf!); dates.length < 9;) dates.push((w = previousWindow(w)).asOf);
      const differences = await app.get(ComplianceService).checkTallies({ committeeId }, dates);
      process.stdout.write(JSON.stringify(differences) + '\n');
      if (differences.length) process.exitCode = 1;
      return;
    }
    if (rollup) {
      const r = await app.get(ComplianceService).rollup(committeeId, { asOf: asOf!, period });
      if (json) return void process.stdout.write(JSON.stringify(r) + '\n');
      process.stdout.write(`${r.committee.name}: các đảng bộ trực thuộc, ${r.period.label} — tính đến ${r.asOf}\n`);
      for (const c of [...r.committees, { committee: { id: 0, name: 'Tổng cộng' }, totals: r.totals }])
        process.stdout.write(
          `${c.committee.name.padEnd(40)} hoàn thành ${String(c.totals.rates.completionRate ?? '—').padStart(5)}%  quá hạn ${String(c.totals.counts.overdue).padStart(4)}  báo cáo thiếu ${c.totals.reports.missing}\n`,
        );
      return;
    }
    const s = await app.get(ComplianceService).summary(committeeId, { asOf: asOf!, period, programId });
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
