/**
 * Page response times: the real HTTP server on a temp SQLite file, signed in with a session
 * cookie as a browser would be, timing each main page (server time to the last byte, median
 * after a warm-up). Sizes: a large ward (2,000 tasks, 25 units) and the 100,000-task stress set.
 *   npm run --silent bench:pages [-- --db sqlite|postgres --tasks 2000 --units 25 --runs 21]
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'fs';
import { cpus, tmpdir } from 'os';
import { join } from 'path';
import { arg, benchDatabase, seedBenchDirectory, seedBenchTasks } from './bench-data';

const TASKS = arg('tasks', 2_000);
const UNITS = arg('units', 25);
const RUNS = arg('runs', 21);
const AS_OF = '2025-09-30';
const PASSWORD = 'bench-office-password';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-bench-'));
  const database = await benchDatabase(dir);
  Object.assign(process.env, {
    ...database.env,
    DEMO: 'false',
    BACKGROUND_JOBS: 'false',
    ADMIN_PASSWORD: 'bench-admin-password',
    DONDOC_NOW: `${AS_OF}T02:00:00Z`,
  });
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module');
  const { configureApp } = await import('../src/setup');
  const { ProvisioningService } = await import('../src/committees/provisioning.service');
  const { UsersService } = await import('../src/users/users.service');
  const { Db } = await import('../src/database/db.service');
  const app = await NestFactory.create(AppModule, { bodyParser: false, logger: ['error'] });
  configureApp(app);
  try {
    const { committeeId } = await app.get(ProvisioningService).seedIfEmpty();
    const db = app.get(Db);
    const { programId, unitIds } = await seedBenchDirectory(db, committeeId, UNITS);
    await seedBenchTasks(db, committeeId, programId, unitIds, TASKS, AS_OF);
    const actor = { userId: null, name: 'bench', committeeId };
    await app.get(UsersService).create(actor, { username: 'office', displayName: 'Văn phòng', role: 'office', password: PASSWORD });
    await app.get(UsersService).create(actor, { username: 'unit', displayName: 'Đơn vị 0', role: 'unit', unitId: unitIds[0], password: PASSWORD });
    await app.listen(0, '127.0.0.1');
    const base = await app.getUrl();

    const signIn = async (username: string): Promise<string> => {
      const first = await fetch(`${base}/login`);
      const csrfCookie = first.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await first.text())![1];
      const res = await fetch(`${base}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, username, password: PASSWORD }),
      });
      return res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
    };
    const office = await signIn('office');
    const unit = await signIn('unit');
    const [{ id: taskId }] = await db.manager.query(`SELECT id FROM tasks WHERE "leadUnitId" = ? AND "scheduleKind" = 'date' LIMIT 1`, [unitIds[0]]);
    const pages: [string, string][] = [
      ['/office', office],
      ['/tasks', office],
      ['/tasks?overdue=true&q=nhiem vu 1', office],
      [`/tasks/${taskId}`, office],
      ['/inspection', office],
      ['/unit', unit],
    ];
    const out: Record<string, { medianMs: number; kB: number }> = {};
    for (const [path, cookie] of pages) {
      const get = async () => {
        const res = await fetch(`${base}${path}`, { headers: { cookie } });
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
        return (await res.arrayBuffer()).byteLength;
      };
      for (let i = 0; i < 3; i++) await get();
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < RUNS; i++) {
        const t0 = process.hrtime.bigint();
        bytes = await get();
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      times.sort((a, b) => a - b);
      out[path] = { medianMs: Math.round(times[Math.floor(RUNS / 2)] * 10) / 10, kB: Math.round(bytes / 1024) };
    }
    console.log(
      JSON.stringify(
        { tasks: TASKS, units: UNITS, runs: RUNS, pages: out, machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}` },
        null,
        1,
      ),
    );
  } finally {
    await app.close();
    database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
