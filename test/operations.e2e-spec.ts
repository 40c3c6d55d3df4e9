import { ChildProcess, spawn, spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Db } from '../src/database/db.service';
import { PASSWORD, TestApp, createProgram, startApp } from './support/app';
import { freePort } from './support/net';
import { TEST_DB, dbEnv, freshDb, itOnPostgres, itOnSqlite } from './support/databases';
import { prune } from '../src/backup/backup';
import { SweepService } from '../src/reminders/sweep.service';

const ROOT = join(__dirname, '..');

function cli(script: string, args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', `scripts/${script}.ts`, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

function cliAsync(script: string, args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', `scripts/${script}.ts`, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('operations: backup and restore', () => {
  let t: TestApp;
  let backups: string;
  beforeAll(async () => {
    t = await startApp('2025-09-01');
    backups = mkdtempSync(join(tmpdir(), 'dondoc-backups-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(backups, { recursive: true, force: true });
  });

  // A file backup is SQLite's; on PostgreSQL the backup is pg_dump's (see 'a PostgreSQL backup' below).
  itOnSqlite('takes a backup while writes run, and the restored database holds every row committed before it began', async () => {
    const programId = await createProgram(t);
    const lead = t.unitId('Ban Xây dựng Đảng');
    const acknowledged: number[] = [];
    let stop = false;
    let n = 0;
    const writer = (async () => {
      while (!stop) {
        const res = await t
          .http()
          .post('/api/tasks')
          .set(t.as('office'))
          .send({ programId, text: `Nhiệm vụ ghi trong lúc sao lưu ${++n}`, leadUnitId: lead, deadline: 'quý IV/2025' });
        if (res.status !== 201) throw new Error(`write failed: ${res.status}`);
        acknowledged.push(res.body.id);
      }
    })();
    while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 10));
    const before = [...acknowledged];
    const env = { DB_PATH: t.dbPath, OUTBOX_DIR: join(t.dir, 'outbox'), BACKUP_DIR: backups };
    const run = await cliAsync('backup', ['--json'], env);
    const during = acknowledged.length - before.length;
    stop = true;
    await writer;
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as { file: string; bytes: number };
    expect(Object.keys(out).sort()).toEqual(['bytes', 'file']);
    expect(out.file.startsWith(backups)).toBe(true);
    expect(statSync(out.file).size).toBe(out.bytes);
    expect(statSync(out.file).mode & 0o777).toBe(0o600);
    expect(during).toBeGreaterThan(0); // the service kept writing while the backup ran

    // The restore refuses while a service has the database open.
    const refused = cli('restore', [out.file], env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/running.*stop the service/);

    // Into a stopped service (here a fresh location): integrity checked, every acknowledged row there.
    const target = mkdtempSync(join(tmpdir(), 'dondoc-restored-'));
    try {
      const restored = cli('restore', [out.file], { DB_PATH: join(target, 'dondoc.sqlite'), OUTBOX_DIR: join(target, 'outbox') });
      expect(restored.stderr).toBe('');
      expect(restored.status).toBe(0);
      const r = JSON.parse(restored.stdout);
      expect(r).toMatchObject({ integrity: 'ok', database: join(target, 'dondoc.sqlite'), previous: null });
      expect(r.tables.tasks).toBeGreaterThanOrEqual(before.length);
      expect(statSync(join(target, 'dondoc.sqlite')).mode & 0o077).toBe(0);
      const second = await startApp('2025-09-01', { dbPath: join(target, 'dondoc.sqlite') });
      try {
        const ids = new Set<number>();
        for (let page = 1; ; page++) {
          const res = await second.http().get(`/api/tasks?pageSize=500&page=${page}`).set(second.as('office')).expect(200);
          for (const task of res.body.items) ids.add(task.id);
          if (res.body.items.length < 500) break;
        }
        expect(before.filter((id) => !ids.has(id))).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });

  itOnPostgres('on PostgreSQL backs up with pg_dump while writes run; pg_restore into a new database holds every row committed before', async () => {
    const programId = await createProgram(t);
    const lead = t.unitId('Ban Xây dựng Đảng');
    const acknowledged: number[] = [];
    let stop = false;
    const writer = (async () => {
      for (let n = 1; !stop; n++) {
        const res = await t
          .http()
          .post('/api/tasks')
          .set(t.as('office'))
          .send({ programId, text: `Nhiệm vụ ghi khi sao lưu ${n}`, leadUnitId: lead });
        if (res.status !== 201) throw new Error(`write failed: ${res.status}`);
        acknowledged.push(res.body.id);
      }
    })();
    while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 10));
    const before = [...acknowledged];
    const run = await cliAsync('backup', ['--json'], { ...t.dbEnv, BACKUP_DIR: backups });
    stop = true;
    await writer;
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as { file: string; bytes: number };
    expect(out.file.startsWith(backups)).toBe(true);
    expect(statSync(out.file).mode & 0o777).toBe(0o600);
    // Restored as the README says, into a new database, and served by a new instance.
    const target = (await dbEnv('postgres')).DATABASE_URL;
    const restore = spawnSync('pg_restore', ['--no-owner', '-d', target, out.file], { encoding: 'utf8' });
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    const second = await startApp('2025-09-01', { dbPath: target });
    try {
      const rows = await second.app.get(Db).query<{ id: number }>('SELECT id FROM tasks WHERE id IN (:...ids)', { ids: before });
      expect(rows).toHaveLength(before.length);
    } finally {
      await second.close();
    }
  });

  itOnSqlite('refuses a file that is not a sound dondoc backup, and changes nothing', async () => {
    const bogus = join(backups, 'bogus.tar.gz');
    writeFileSync(bogus, 'not a backup');
    const target = mkdtempSync(join(tmpdir(), 'dondoc-restored-'));
    try {
      const r = cli('restore', [bogus], { DB_PATH: join(target, 'dondoc.sqlite') });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^restore: /);
      expect(existsSync(join(target, 'dondoc.sqlite'))).toBe(false);
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });

  it('keeps daily backups for N days and always the newest one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-prune-'));
    try {
      const now = new Date('2026-12-02T03:00:00Z');
      const day = (d: number) => new Date(now.getTime() - d * 86_400_000);
      for (const d of [0, 1, 13, 15, 30]) {
        const f = join(dir, `dondoc-daily-${day(d).toISOString().slice(0, 10).replace(/-/g, '')}-023000.tar.gz`);
        writeFileSync(f, 'x');
        utimesSync(f, day(d), day(d));
      }
      writeFileSync(join(dir, 'dondoc-20200101-000000.tar.gz'), 'manual');
      utimesSync(join(dir, 'dondoc-20200101-000000.tar.gz'), day(400), day(400));
      expect(prune(dir, 14, now).sort()).toEqual(['dondoc-daily-20261102-023000.tar.gz', 'dondoc-daily-20261117-023000.tar.gz']);
      expect(readdirSync(dir)).toContain('dondoc-20200101-000000.tar.gz');
      // All older than N days: the newest stays.
      expect(prune(dir, 0, new Date(now.getTime() + 86_400_000 * 100))).toHaveLength(2);
      expect(readdirSync(dir).filter((f) => f.startsWith('dondoc-daily-'))).toEqual(['dondoc-daily-20261202-023000.tar.gz']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('operations: health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp('2025-09-01');
  });
  afterAll(() => t.close());

  it('answers liveness and readiness without a session, with counts and no secrets', async () => {
    expect((await t.http().get('/health').expect(200)).body).toEqual({ ok: true });
    const db = t.app.get(Db);
    const [{ id }] = await db.query<{ id: number }>('SELECT id FROM committees LIMIT 1');
    // The scheduler's sweep (no date given) records the day it finished.
    await t.app.get(SweepService).runFor(id, {});
    await db.query(
      `INSERT INTO outbox ("committeeId", "idempotencyKey", kind, "forDate", "to", cc, subject, template, data, items, attachments, status, attempts, "nextAttemptAt", ambiguous) VALUES (:id, 'k1', 'deadline', '2025-09-01', '[]', '[]', 's', 't', '{}', '[]', '[]', 'failed', 6, '2025-09-01T00:00:00Z', 0)`,
      { id },
    );
    const res = await t.http().get('/health/ready').expect(200);
    expect(res.body).toMatchObject({
      ok: true,
      today: '2025-09-01',
      database: { ok: true, type: TEST_DB },
      migrations: { ok: true, pending: false },
      sweep: { lastDay: '2025-09-01' },
      outbox: { failed: 1 },
      disk: { ok: true },
    });
    expect(res.body.disk.freeMb).toBeGreaterThan(0);
    expect(JSON.stringify(res.body)).not.toMatch(/secret|password|@/i);
  });

  it('answers 503 when the disk is below the limit', async () => {
    const low = await startApp('2025-09-01', { env: { HEALTH_MIN_FREE_MB: String(1024 * 1024 * 1024) } });
    try {
      const res = await low.http().get('/health/ready').expect(503);
      expect(res.body).toMatchObject({ ok: false, database: { ok: true }, disk: { ok: false } });
    } finally {
      await low.close();
    }
  });
});

describe('a PostgreSQL address given as libpq variables', () => {
  itOnPostgres('connects with PGHOST, PGPORT, PGUSER and PGDATABASE when DATABASE_URL is absent', async () => {
    const url = new URL((await dbEnv('postgres')).DATABASE_URL);
    const p = await startApp('2025-09-01', {
      env: { DB_TYPE: 'postgres', DATABASE_URL: '', PGHOST: url.hostname, PGPORT: url.port, PGUSER: url.username, PGDATABASE: url.pathname.slice(1) },
    });
    try {
      expect((await p.http().get('/api/units').set(p.as('office')).expect(200)).body.length).toBeGreaterThan(0);
    } finally {
      await p.close();
    }
  });
});

describe('a PostgreSQL address that does not work', () => {
  it.each([
    [
      'no database listens there',
      'postgres://dondoc@127.0.0.1:1/dondoc',
      /DATABASE_URL \(postgres:\/\/127\.0\.0\.1:1\/dondoc\): cannot connect — nothing listens there/,
    ],
    ['not a PostgreSQL URL', 'mysql://x@y/z', /DATABASE_URL must look like postgres:\/\/user:password@host:5432\/database/],
  ])(
    '%s: the start-up stops within seconds, naming DATABASE_URL',
    async (_name, url, message) => {
      const started = Date.now();
      const r = await startService({ DB_TYPE: 'postgres', DATABASE_URL: url });
      try {
        expect(r.code).toBe(1);
        expect(r.out).toMatch(message);
        expect(Date.now() - started).toBeLessThan(20_000);
      } finally {
        rmSync(r.dir, { recursive: true, force: true });
      }
    },
    40_000,
  );
});

/** Starts src/main.ts as `npm start` would (through ts-node), until it prints its banner or exits. */
async function startService(
  env: Record<string, string>,
): Promise<{ out: string; code: number | null; child: ChildProcess; dir: string; dbEnv: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-main-'));
  const db = await freshDb(dir);
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      ...db,
      OUTBOX_DIR: join(dir, 'outbox'),
      BACKGROUND_JOBS: 'false',
      AUTH_SECRET: '',
      ADMIN_PASSWORD: '',
      DEMO: 'true',
      PUBLIC_URL: '',
      HOST: '',
      LOG_FORMAT: '',
      LOG_LEVEL: '',
      ...env,
    },
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  // Every timer is cleared however it ends: a timer left running keeps Jest from exiting.
  const timers: NodeJS.Timeout[] = [];
  const code = await new Promise<number | null>((resolve) => {
    child.on('exit', (c) => resolve(c));
    // A service that never prints its banner fails the test instead of hanging it.
    timers.push(setTimeout(() => resolve(null), 45_000));
    timers.push(
      setInterval(() => {
        // The first-start logins follow the banner.
        if (out.includes('dondoc on ')) timers.push(setTimeout(() => resolve(null), 500));
      }, 50),
    );
  }).finally(() => timers.forEach((t) => clearTimeout(t)));
  return { out, code, child, dir, dbEnv: db };
}

describe('operations: start-up', () => {
  jest.setTimeout(60_000);

  it('prints a short banner, no route mapping, and the demo logins when bound to loopback', async () => {
    const s = await startService({ HOST: '127.0.0.1' });
    try {
      expect(s.code).toBeNull();
      expect(s.out).not.toMatch(/Mapped \{|RouterExplorer|InstanceLoader/);
      expect(s.out).toMatch(/dondoc on http:\/\/localhost:\d+ \(listening on 127\.0\.0\.1:\d+\) · (?:SQLite .*|PostgreSQL) · mail: .eml files/);
      expect(s.out).toMatch(/office\s+vanphong \/ /);
      expect(s.out.trim().split('\n').length).toBeLessThan(20);
    } finally {
      s.child.kill('SIGKILL');
      rmSync(s.dir, { recursive: true, force: true });
    }
  });

  it('creates only admin with a random password when reachable from outside, and logs JSON lines on request', async () => {
    const s = await startService({ PUBLIC_URL: 'https://dondoc.phuong.example.vn', LOG_FORMAT: 'json' });
    try {
      expect(s.code).toBeNull();
      const lines = s.out
        .trim()
        .split('\n')
        .filter((l) => l.trim());
      for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
      const messages = lines.map((l) => JSON.parse(l).message as string);
      const admin = messages.find((m) => /admin\s+admin \/ /.test(m));
      expect(admin).toBeDefined();
      expect(admin).not.toContain('dondoc-admin-2026');
      expect(messages.join('\n')).not.toMatch(/vanphong/);
    } finally {
      s.child.kill('SIGKILL');
      rmSync(s.dir, { recursive: true, force: true });
    }
  });

  it('refuses to start with an ADMIN_PASSWORD that breaks the password rule', async () => {
    const s = await startService({ DEMO: 'false', ADMIN_PASSWORD: 'x' });
    try {
      expect(s.code).toBe(1);
      expect(s.out).toMatch(/ADMIN_PASSWORD: mật khẩu từ 10 đến 200 ký tự/);
      expect(s.out).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(s.dir, { recursive: true, force: true });
    }
  });

  it('signs in the admin created with a good ADMIN_PASSWORD', async () => {
    const t = await startApp('2025-09-01');
    try {
      await t.http().post('/api/auth/login').send({ username: 'admin', password: PASSWORD }).expect(200);
    } finally {
      await t.close();
    }
  });
});

describe('operations: audit trail and data export', () => {
  let t: TestApp;
  let programId: number;
  let taskId: number;
  beforeAll(async () => {
    t = await startApp('2025-09-01');
    programId = await createProgram(t);
    const res = await t
      .http()
      .post('/api/tasks')
      .set(t.as('office'))
      .send({ programId, text: 'Rà soát hồ sơ đảng viên', leadUnitId: t.unitId('Ban Xây dựng Đảng'), deadline: 'trong tháng 9/2025' })
      .expect(201);
    taskId = res.body.id;
    await t.http().patch(`/api/tasks/${taskId}`).set(t.as('office')).send({ text: 'Rà soát, bổ sung hồ sơ đảng viên' }).expect(200);
    await t.http().post(`/api/tasks/${taskId}/progress`).set(t.as('xdd')).send({ note: 'Đã rà soát 2 chi bộ' }).expect(200);
  });
  afterAll(() => t.close());

  it('lists the trail newest first, filtered by object, action, person and day', async () => {
    const all = (await t.http().get('/api/audit').set(t.as('inspection')).expect(200)).body;
    expect(all.total).toBeGreaterThanOrEqual(4);
    expect(all.items[0].id).toBeGreaterThan(all.items[all.items.length - 1].id);
    const task = (await t.http().get(`/api/audit?entity=task&entityId=${taskId}`).set(t.as('office')).expect(200)).body;
    expect(task.items.map((e: { action: string }) => e.action)).toEqual(['progress', 'update', 'create']);
    const updates = (await t.http().get(`/api/audit?entity=task&action=update`).set(t.as('office')).expect(200)).body;
    expect(updates.items).toHaveLength(1);
    expect(updates.items[0]).toMatchObject({
      entityId: taskId,
      before: { text: 'Rà soát hồ sơ đảng viên' },
      after: { text: 'Rà soát, bổ sung hồ sơ đảng viên' },
    });
    const byUnit = (await t.http().get('/api/audit?actor=Ban XDĐ').set(t.as('office')).expect(200)).body;
    expect(byUnit.items.map((e: { action: string }) => e.action)).toEqual(['progress']);
    // Rows carry the real time of the change; a day range around today finds them, one long ago does not.
    const today = new Date().toISOString().slice(0, 10);
    expect((await t.http().get(`/api/audit?from=2020-01-01&to=2020-12-31`).set(t.as('office')).expect(200)).body.total).toBe(0);
    expect((await t.http().get(`/api/audit?from=${today}`).set(t.as('office')).expect(200)).body.total).toBe(all.total);
    await t.http().get('/api/audit?from=2025-02-30').set(t.as('office')).expect(400);
  });

  it('shows the trail on a page with filters, and the office downloads the whole record', async () => {
    const { formClient } = await import('./support/app');
    const c = await formClient(t);
    await c.post('/login', { username: 'office', password: PASSWORD }).expect(303);
    const page = await c.agent.get(`/audit?entity=task&entityId=${taskId}`).expect(200);
    expect(page.text).toContain('Nhật ký thay đổi');
    expect(page.text).toContain('Báo cáo tiến độ');
    expect(page.text).toContain('text: Rà soát hồ sơ đảng viên → Rà soát, bổ sung hồ sơ đảng viên');
    expect(page.text).toContain('href="/api/committee/export.json"');
    const bad = await c.agent.get('/audit?from=31/02/2025').expect(400);
    expect(bad.text).toContain('Từ ngày');

    const res = await c.agent.get('/api/committee/export.json').expect(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="dondoc-du-lieu-2025-09-01\.json"/);
    const data = JSON.parse(res.text);
    expect(data).toMatchObject({ format: 'dondoc-export', version: 1, committee: { id: expect.any(Number) } });
    expect(data.tasks.map((x: { id: number }) => x.id)).toContain(taskId);
    expect(data.programs.map((x: { id: number }) => x.id)).toEqual([programId]);
    expect(data.units.length).toBeGreaterThan(10);
    expect(data.audit.length).toBeGreaterThanOrEqual(4);
    expect(data.users.length).toBe(5);
    expect(res.text).not.toContain('passwordHash');
    expect(res.text).not.toContain('scrypt$');
  });
});

describe('operations: links written by the CLIs', () => {
  jest.setTimeout(90_000);

  it('point where the service answers, not at the default port', async () => {
    const s = await startService({ HOST: '127.0.0.1' });
    const port = /localhost:(\d+)/.exec(s.out)![1];
    s.child.kill('SIGKILL');
    try {
      expect(port).not.toBe('3000');
      const env = { ...s.dbEnv, OUTBOX_DIR: join(s.dir, 'outbox'), SMTP_URL: '', PUBLIC_URL: '', PORT: '' };
      // The demo plan: II.3 is due 28/11/2026.
      const r = cli('remind', ['--date', '2026-11-25'], env);
      expect(r.status).toBe(0);
      const files = readdirSync(join(s.dir, 'outbox')).filter((f) => f.endsWith('.eml'));
      expect(files.length).toBeGreaterThan(0);
      const { readFileSync } = await import('fs');
      const { simpleParser } = await import('mailparser');
      const eml = (await Promise.all(files.map(async (f) => (await simpleParser(readFileSync(join(s.dir, 'outbox', f)))).text ?? ''))).join('\n');
      expect(eml).toContain(`http://localhost:${port}/r/`);
      expect(eml).not.toContain('http://localhost:3000/');
    } finally {
      rmSync(s.dir, { recursive: true, force: true });
    }
  });
});
