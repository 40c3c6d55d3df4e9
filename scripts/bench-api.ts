/**
 * The API at scale, on either database: the list filters, text search and the compliance
 * summary at N tasks in one committee, each as the median of ≥ 21 requests from this process
 * to the service running as its own process on loopback (compiled: run `npm run build`
 * first); then 20 readers and 5 writers at once; then the floor — the very statements each
 * request ran, logged by a second run of the service (DONDOC_SQL_LOG, off while timing),
 * replayed through the driver.
 *
 *   npm run build && npm run --silent bench:api -- [--db sqlite|postgres] [--tasks 100000] [--runs 21] [--seconds 10]
 *   npm run build && npm run --silent bench:api -- --committees 100 --units 20 --tasks 1000000   (a province)
 *
 * --committees N: a province committee above N wards, the tasks shared evenly among the wards;
 * the roll-up is measured as the province's reader, every other endpoint as one ward's office
 * (whose pages should stay as fast as with one committee in the database).
 *
 * PostgreSQL: a throwaway cluster from Debian's server binaries (as the tests start), or
 * --url postgres://… for an existing empty database. SQLite: a temp file, or --file PATH.
 * --keep leaves the database; --reuse measures one an earlier run loaded (same --file/--url).
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { cpus, tmpdir, totalmem } from 'os';
import { join } from 'path';
import request from 'supertest';
import { arg, benchDatabase, seedBenchDirectory, seedBenchTasks } from './bench-data';

const TASKS = arg('tasks', 100_000);
const UNITS = arg('units', 500);
const RUNS = Math.max(21, arg('runs', 21));
const SECONDS = arg('seconds', 10);
const COMMITTEES = arg('committees', 0);
const AS_OF = '2025-09-30';
const PASSWORD = 'bench-office-password';
const ROOT = join(__dirname, '..');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const round = (x: number) => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist/src/main.js'))) throw new Error('run `npm run build` first: the service is benchmarked compiled, as `npm start` runs it');
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-bench-api-'));
  const database = await benchDatabase(dir);
  let service: ChildProcess | null = null;
  try {
    const env: Record<string, string> = {
      DEMO: 'false',
      BACKGROUND_JOBS: 'false',
      ADMIN_PASSWORD: 'bench-admin-password',
      AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    };
    Object.assign(env, database.env);
    Object.assign(process.env, env);

    // 1. Data, written in this process through the app's own modules (--reuse: a database an
    // earlier run loaded and kept, --keep with --file or --url).
    const t0 = process.hrtime.bigint();
    const reuse = process.argv.includes('--reuse');
    const { NestFactory } = await import('@nestjs/core');
    const { AppModule } = await import('../src/app.module');
    const { ProvisioningService } = await import('../src/committees/provisioning.service');
    const { UsersService } = await import('../src/users/users.service');
    const { Db } = await import('../src/database/db.service');
    const ctx = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
    let unitId = 0;
    let foldSeconds = 0;
    if (!reuse)
      try {
        const { committeeId: first } = await ctx.get(ProvisioningService).seedIfEmpty();
        const db = ctx.get(Db);
        const users = ctx.get(UsersService);
        // One committee, or a province (the first committee) above COMMITTEES wards.
        const wards: number[] = [];
        for (let i = 0; i < COMMITTEES; i++)
          wards.push((await ctx.get(ProvisioningService).create(null, { name: `Đảng bộ phường ${i + 1}`, parentId: first })).id);
        const homes = wards.length ? wards : [first];
        for (const [i, committeeId] of homes.entries()) {
          const { programId, unitIds } = await seedBenchDirectory(db, committeeId, UNITS);
          const share = Math.floor(TASKS / homes.length) + (i < TASKS % homes.length ? 1 : 0);
          await seedBenchTasks(db, committeeId, programId, unitIds, share, AS_OF);
          if (i === 0) unitId = unitIds[Math.min(7, unitIds.length - 1)];
        }
        await users.create(
          { userId: null, name: 'bench', committeeId: homes[0] },
          { username: 'office', displayName: 'Văn phòng', role: 'office', password: PASSWORD },
        );
        if (wards.length)
          await users.create(
            { userId: null, name: 'bench', committeeId: first },
            { username: 'tinh', displayName: 'Tỉnh', role: 'province', password: PASSWORD },
          );
        // The compliance counts kept per day: the triggers queued every task loaded; folding them
        // is part of a bulk load (the service's background job would do it after start).
        const t1 = process.hrtime.bigint();
        const { TallyService } = await import('../src/compliance/tally.service');
        await ctx.get(TallyService).fold([first, ...wards], (n) => n % 100_000 === 0 && process.stderr.write(`folded ${n} tasks\n`));
        foldSeconds = Math.round(ms(t1) / 1000);
        // PostgreSQL: the state autovacuum leaves a table in, not the minutes after a bulk load,
        // while it still runs: until the visibility map is set an index-only count (the overdue
        // list's) reads the heap too, and the vacuum competes for the 2 cores.
        if (db.dialect === 'postgres') await db.query('VACUUM (ANALYZE)');
      } finally {
        await ctx.close();
      }
    const loadSeconds = Math.round(ms(t0) / 1000);

    // 2. The service as its own process. Timed without the SQL log (writing each statement to
    // a file is work the service does not do in use); the statements for the floor are taken
    // afterwards from a second run of the service that logs them.
    const sqlLog = join(dir, 'sql.jsonl');
    const started = await startService();
    service = started.process;
    const base = started.base;

    const token = (await request(base).post('/api/auth/login').send({ username: 'office', password: PASSWORD }).expect(200)).body.token as string;
    const auth = { Authorization: `Bearer ${token}` };
    if (reuse) {
      const benchUnits = ((await request(base).get('/api/units').set(auth).expect(200)).body as { id: number; name: string }[])
        .filter((u) => u.name.startsWith('Đơn vị '))
        .sort((a, b) => a.id - b.id);
      unitId = benchUnits[Math.min(7, benchUnits.length - 1)].id;
    }
    const provinceAuth = COMMITTEES
      ? {
          Authorization: `Bearer ${(await request(base).post('/api/auth/login').send({ username: 'tinh', password: PASSWORD }).expect(200)).body.token as string}`,
        }
      : auth;

    // 3. Each endpoint: median of RUNS requests (the floor, from its own statements, in 5.).
    const endpoints: [string, string, Record<string, string>?][] = [
      ...(COMMITTEES ? [['rollup', `/api/compliance/rollup?asOf=${AS_OF}`, provinceAuth] as [string, string, Record<string, string>]] : []),
      ['overdue', '/api/tasks?overdue=true'],
      ['unit', `/api/tasks?unit=${unitId}`],
      ['search', `/api/tasks?q=${encodeURIComponent('kiểm tra giám sát')}`],
      ['compliance', `/api/compliance?asOf=${AS_OF}`],
    ];
    const apiTimes: Record<string, number> = {};
    for (const [name, path, as = auth] of endpoints) {
      for (let i = 0; i < 3; i++) await request(base).get(path).set(as).expect(200);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = process.hrtime.bigint();
        await request(base).get(path).set(as).expect(200);
        times.push(ms(s));
      }
      apiTimes[name] = median(times);
    }
    const results: Record<string, unknown> = {};

    // 4. Mixed load: 20 readers on a unit's list, 5 writers creating tasks, for SECONDS.
    const until = Date.now() + SECONDS * 1000;
    const reads: number[] = [];
    const writes: number[] = [];
    let errors = 0;
    let firstError = '';
    const loop = async (fn: () => Promise<request.Response>, into: number[]) => {
      while (Date.now() < until) {
        const s = process.hrtime.bigint();
        const res = await fn().catch((e: Error) => ({ status: 0, text: e.message }) as request.Response);
        if (res.status >= 400 || res.status === 0) {
          errors++;
          firstError ||= `${res.status} ${res.text.slice(0, 200)}`;
        } else into.push(ms(s));
      }
    };
    const [{ id: programId }] = (await request(base).get('/api/programs').set(auth).expect(200)).body.filter((p: { title: string }) => p.title === 'Bench');
    let n = 0;
    await Promise.all([
      ...Array.from({ length: 20 }, () => loop(() => request(base).get(`/api/tasks?unit=${unitId}`).set(auth), reads)),
      ...Array.from({ length: 5 }, () =>
        loop(
          () =>
            request(base)
              .post('/api/tasks')
              .set(auth)
              .send({ programId, text: `Nhiệm vụ ghi khi đo ${++n}`, leadUnitId: unitId, deadline: 'quý IV/2025' }),
          writes,
        ),
      ),
    ]);
    const mixed = {
      seconds: SECONDS,
      errors,
      ...(firstError ? { firstError } : {}),
      reads: { perSecond: Math.round(reads.length / SECONDS), p50Ms: round(median(reads)), p99Ms: round(pct(reads, 99)) },
      writes: { perSecond: Math.round(writes.length / SECONDS), p50Ms: round(median(writes)), p99Ms: round(pct(writes, 99)) },
    };
    await stopService(service);

    // 5. The floor: the service again, logging its statements; each endpoint's statements
    // replayed RUNS times through the driver.
    const logging = await startService(sqlLog);
    service = logging.process;
    const floor = await driverFloor(env);
    for (const [name, path, as = auth] of endpoints) {
      // Warm, as the timed service was (settings and statements cached), then logged.
      await request(logging.base).get(path).set(as).expect(200);
      writeFileSync(sqlLog, '');
      await request(logging.base).get(path).set(as).expect(200);
      const statements = readFileSync(sqlLog, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { sql: string; parameters: unknown[] });
      const sqlTimes: number[] = [];
      for (let i = 0; i < RUNS; i++) sqlTimes.push(await floor.replay(statements));
      const api = apiTimes[name];
      const sql = median(sqlTimes);
      results[name] = { apiMs: round(api), sqlMs: round(sql), ratio: round(api / Math.max(sql, 0.01)), statements: statements.length };
    }
    await floor.close();
    console.log(
      JSON.stringify(
        {
          db: database.db,
          tasks: TASKS,
          ...(COMMITTEES ? { committees: COMMITTEES, tasksPerCommittee: Math.round(TASKS / COMMITTEES) } : {}),
          units: UNITS,
          runs: RUNS,
          loadSeconds,
          foldSeconds,
          ...results,
          mixed,
          machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
        },
        null,
        1,
      ),
    );
  } finally {
    if (service) await stopService(service);
    database.stop();
    // --keep: leave the database (and the service's SQL log) for EXPLAIN.
    if (process.argv.includes('--keep')) console.error(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** The compiled service as its own process on a free loopback port; DONDOC_SQL_LOG when `sqlLog` is given. */
async function startService(sqlLog?: string): Promise<{ process: ChildProcess; base: string }> {
  const { freePort } = await import('../test/support/net');
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DONDOC_NOW: `${AS_OF}T02:00:00Z`,
      LOG_LEVEL: 'info',
      ...(sqlLog ? { DONDOC_SQL_LOG: sqlLog } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  for (let i = 0; !out.includes('dondoc on '); i++) {
    if (child.exitCode !== null || i > 600) throw new Error(`service did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { process: child, base: `http://127.0.0.1:${port}` };
}

async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/** The driver itself (sqlite3 / pg), outside the app: replays statements in order, returns ms. */
async function driverFloor(
  env: Record<string, string>,
): Promise<{ replay: (s: { sql: string; parameters: unknown[] }[]) => Promise<number>; close: () => Promise<void> }> {
  if (env.DB_TYPE === 'postgres') {
    const { Client } = await import('pg');
    const c = new Client({ connectionString: env.DATABASE_URL });
    await c.connect();
    return {
      replay: async (statements) => {
        const s = process.hrtime.bigint();
        for (const st of statements) await c.query(st.sql, st.parameters as unknown[]);
        return ms(s);
      },
      close: () => c.end(),
    };
  }
  const sqlite3 = await import('sqlite3');
  const db = await new Promise<import('sqlite3').Database>((ok, fail) => {
    const d = new sqlite3.Database(env.DB_PATH, sqlite3.OPEN_READWRITE, (e) => (e ? fail(e) : ok(d)));
  });
  const all = (sql: string, params: unknown[]) => new Promise<void>((ok, fail) => db.all(sql, params, (e) => (e ? fail(e) : ok())));
  return {
    replay: async (statements) => {
      const s = process.hrtime.bigint();
      for (const st of statements) await all(st.sql, st.parameters);
      return ms(s);
    },
    close: () => new Promise((ok) => db.close(() => ok())),
  };
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
