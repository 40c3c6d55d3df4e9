/**
 * npm run --silent targets -- --program ID [--committee ID] [--json]
 * Prints a program's chỉ tiêu: the indicators read from each target's text, the yearly values
 * recorded and their status; with --json the same array as GET /api/programs/:id/targets.
 */
import 'reflect-metadata';
import { committeeArgOf, resolveCommittee } from './committee-arg';

function fail(message: string, code = 2): never {
  process.stderr.write(`targets: ${message}\n${code === 2 ? 'usage: npm run --silent targets -- --program ID [--committee ID] [--json]\n' : ''}`);
  process.exit(code);
}

async function main(argv: string[]): Promise<void> {
  let programArg: string | undefined;
  let committeeArg: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--program') programArg = argv[++i] ?? fail('--program needs a program id');
    else if (a === '--committee') committeeArg = argv[++i] ?? fail('--committee needs a committee id');
    else if (a === '--json') json = true;
    else fail(`unknown argument ${a}`);
  }
  if (!programArg || !/^\d{1,9}$/.test(programArg)) fail(`--program needs a program id, got "${programArg ?? ''}"`);
  let committee: number | undefined;
  try {
    committee = committeeArgOf(committeeArg);
  } catch (e) {
    fail((e as Error).message);
  }
  process.env.BACKGROUND_JOBS = 'false';
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module');
  const { TargetsService } = await import('../src/programs/targets.service');
  const { goalText, STATUS_LABELS, PROJECTION_LABELS } = await import('../src/targets/results');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    let committeeId: number;
    try {
      committeeId = await resolveCommittee(app, committee);
    } catch (e) {
      fail((e as Error).message);
    }
    let list;
    try {
      list = await app.get(TargetsService).list(committeeId, Number(programArg));
    } catch (e) {
      fail((e as Error).message, 1);
    }
    if (json) return void process.stdout.write(JSON.stringify(list) + '\n');
    for (const t of list) {
      process.stdout.write(`${t.ref ?? `#${t.id}`} ${t.text}\n`);
      t.indicators.forEach((ind, i) => {
        const years = t.results
          .filter((r) => r.indicator === i)
          .map((r) => `${r.year}: ${r.value === null ? '—' : String(r.value)} (${STATUS_LABELS[r.status]})`)
          .join('; ');
        const p = t.projections.find((x) => x.indicator === i)?.projection;
        const reading = ind.kind === 'unknown' ? `chưa đọc được: ${ind.reason}` : goalText(ind);
        process.stdout.write(`  [${i}] ${reading}${years ? ` — ${years}` : ''}${p ? ` → ${PROJECTION_LABELS[p]}` : ''}\n`);
      });
    }
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).catch((e) => fail((e as Error).message, 1));
