/**
 * Compliance summary over 100,000 tasks and 500 units on a temp SQLite file: median time of
 * the summary (the same call the API, exports and emails make) after a warm-up.
 *   npm run --silent bench:compliance [-- --tasks 100000 --units 500 --runs 21]
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'fs';
import { cpus, tmpdir } from 'os';
import { join } from 'path';
import { seedBenchDirectory } from './bench-data';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const TASKS = arg('tasks', 100_000);
const UNITS = arg('units', 500);
const RUNS = arg('runs', 21);
const AS_OF = '2025-09-30';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-bench-'));
  Object.assign(process.env, { DB_PATH: join(dir, 'bench.sqlite'), DEMO: 'false', BACKGROUND_JOBS: 'false', ADMIN_PASSWORD: 'bench-admin-password' });
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module');
  const { SeedService } = await import('../src/database/seed.service');
  const { ComplianceService } = await import('../src/compliance/compliance.service');
  const { Db } = await import('../src/database/db.service');
  const { addDays } = await import('../src/deadlines/calendar');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    const { committeeId } = await app.get(SeedService).seedIfEmpty();
    const db = app.get(Db);
    // Data: 500 units with an email each, one program, 100,000 tasks of every kind.
    const { programId: pid, unitIds } = await seedBenchDirectory(db, committeeId, UNITS);
    const units = unitIds.map((id) => ({ id }));
    const kinds = ['date', 'window', 'continuous', 'recurring', 'relative', 'unknown', 'date', 'date'];
    const statuses = ['not_started', 'in_progress', 'done', 'done', 'pending_confirmation', 'returned', 'suspended', 'cancelled'];
    await db.write(async (m) => {
      for (let i = 0; i < TASKS; i += 500) {
        const rows = Array.from({ length: Math.min(500, TASKS - i) }, (_, k) => i + k);
        await m.query(
          `INSERT INTO tasks ("committeeId", "programId", ref, position, text, "searchText", "leadUnitId", "scheduleKind", "startDate", "dueDate", every, status, "completedOn", version)
           VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)').join(',')}`,
          rows.flatMap((n) => {
            const kind = kinds[n % kinds.length];
            const due = kind === 'continuous' || kind === 'unknown' ? null : addDays(AS_OF, (n % 181) - 120);
            const status = statuses[(n * 7) % statuses.length];
            const completed = status === 'done' || status === 'pending_confirmation' ? addDays(due ?? AS_OF, (n % 21) - 10) : null;
            return [committeeId, pid, `B.${n}`, n, `Nhiệm vụ ${n}`, `nhiem vu ${n}`, units[n % units.length].id, kind, kind === 'window' ? addDays(due!, -30) : null, due, kind === 'recurring' ? 'month' : null, status, completed];
          }),
        );
      }
      // A report for a third of the periodic tasks in the quarter.
      await m.query(
        `INSERT INTO task_reports ("committeeId", "taskId", "unitId", "periodKey", "periodStart", "periodEnd", text, "reportedOn", "reportedBy")
         SELECT "committeeId", id, "leadUnitId", '2025-Q3', '2025-07-01', '2025-09-30', 'Báo cáo', '2025-09-28', 'bench' FROM tasks WHERE "scheduleKind" = 'continuous' AND id % 3 = 0`,
      );
    });
    const compliance = app.get(ComplianceService);
    for (let i = 0; i < 3; i++) await compliance.summary(committeeId, { asOf: AS_OF, period: 'quarter' });
    const times: number[] = [];
    let units0 = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = process.hrtime.bigint();
      const s = await compliance.summary(committeeId, { asOf: AS_OF, period: 'quarter' });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      units0 = s.units.length;
    }
    times.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        tasks: TASKS,
        units: units0,
        runs: RUNS,
        medianMs: Math.round(times[Math.floor(RUNS / 2)]),
        minMs: Math.round(times[0]),
        maxMs: Math.round(times[RUNS - 1]),
        note: 'each summary also computes the previous period for the change, i.e. two aggregations',
        machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
      }),
    );
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
