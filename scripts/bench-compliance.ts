/**
 * Compliance summary over 100,000 tasks and 500 units on a temp SQLite file (or PostgreSQL,
 * --db postgres): median time of the summary (the same call the API, exports and emails make)
 * after a warm-up.
 *   npm run --silent bench:compliance [-- --db sqlite|postgres --tasks 100000 --units 500 --runs 21]
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'fs';
import { cpus, tmpdir } from 'os';
import { join } from 'path';
import { arg, benchDatabase, seedBenchDirectory, seedBenchTasks } from './bench-data';

const TASKS = arg('tasks', 100_000);
const UNITS = arg('units', 500);
const RUNS = arg('runs', 21);
const AS_OF = '2025-09-30';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-bench-'));
  const database = await benchDatabase(dir);
  Object.assign(process.env, { ...database.env, DEMO: 'false', BACKGROUND_JOBS: 'false', ADMIN_PASSWORD: 'bench-admin-password' });
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module');
  const { ProvisioningService } = await import('../src/committees/provisioning.service');
  const { ComplianceService } = await import('../src/compliance/compliance.service');
  const { Db } = await import('../src/database/db.service');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    const { committeeId } = await app.get(ProvisioningService).seedIfEmpty();
    const db = app.get(Db);
    // Data: 500 units with an email each, one program, 100,000 tasks of every kind.
    const { programId: pid, unitIds } = await seedBenchDirectory(db, committeeId, UNITS);
    await seedBenchTasks(db, committeeId, pid, unitIds, TASKS, AS_OF);
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
    database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
