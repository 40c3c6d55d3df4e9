import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import request from 'supertest';
import { Clock, FixedClock } from '../../src/common/clock';
import type { LocalDate } from '../../src/deadlines/calendar';
import { TEST_DB, dbEnv, dbEnvOf } from './databases';

export interface TestApp {
  app: INestApplication;
  /** Temp folder of this app (its .eml outbox lives there). */
  dir: string;
  clock: FixedClock;
  /** The database: a SQLite file, or in the PostgreSQL pass a postgres:// URL (pass it back as `dbPath` to share it). */
  dbPath: string;
  /** Environment that points another process (a CLI, a child instance) at this app's database. */
  dbEnv: Record<string, string>;
  http: () => ReturnType<typeof request>;
  /** Bearer header for a seeded test user: office, inspection, admin, xdd (Ban Xây dựng Đảng), congan. */
  as: (user: TestUser) => { Authorization: string };
  token: (user: TestUser) => string;
  unitId: (name: string) => number;
  /** The committee the test users belong to (the first one). */
  committeeId: number;
  close: () => Promise<void>;
}

export type TestUser = 'office' | 'inspection' | 'admin' | 'xdd' | 'congan';

export const PASSWORD = 'test-password-123';

export interface StartOptions {
  /** Extra environment for this app (e.g. SMTP_URL). */
  env?: Record<string, string>;
  /** Share another test app's database file (a second instance of the service). */
  dbPath?: string;
  /** Another instance on a database seeded (or being seeded) by someone else: create no users. */
  shared?: boolean;
}

/**
 * Boots the real application on a fresh database (a SQLite file in a temp directory, or in
 * the PostgreSQL pass a new database of the pass's cluster), with a fixed clock, the default
 * unit directory and one user per role. Nothing is mocked.
 */
export async function startApp(today: LocalDate = '2025-09-01', opts: StartOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-test-'));
  const shared = opts.dbPath !== undefined || opts.shared === true;
  // Another app's database when shared; the one a test names in opts.env; else the pass's.
  let dbPath: string;
  if (opts.dbPath !== undefined) dbPath = opts.dbPath;
  else if (opts.env?.DB_TYPE === 'postgres') dbPath = opts.env.DATABASE_URL;
  else if (opts.env?.DB_TYPE === 'sqlite' || TEST_DB === 'sqlite') dbPath = join(dir, 'dondoc.sqlite');
  else dbPath = (await dbEnv('postgres')).DATABASE_URL;
  const ownEnv = dbEnvOf(dbPath);
  delete process.env.DB_TYPE;
  delete process.env.DATABASE_URL;
  process.env.DB_PATH = join(dir, 'dondoc.sqlite');
  Object.assign(process.env, ownEnv);
  process.env.DEMO = 'false';
  process.env.AUTH_SECRET = 'test-secret-not-for-production';
  process.env.ADMIN_PASSWORD = PASSWORD;
  // Tests travel years in time with the fixed clock; sessions must outlive the trip.
  process.env.AUTH_TOKEN_TTL_HOURS = String(24 * 365 * 10);
  // Cron and the outbox sender's timer stay off: tests drive sweeps and deliveries themselves.
  process.env.BACKGROUND_JOBS = process.env.BACKGROUND_JOBS ?? 'false';
  process.env.OUTBOX_DIR = join(dir, 'outbox');
  process.env.EVIDENCE_DIR = join(dir, 'evidence');
  delete process.env.SMTP_URL;
  Object.assign(process.env, opts.env ?? {});
  // Loaded after the environment is set: configuration is read when the module graph builds.
  const { AppModule } = await import('../../src/app.module');
  const { configureApp } = await import('../../src/setup');
  const { ProvisioningService } = await import('../../src/committees/provisioning.service');
  const { UsersService } = await import('../../src/users/users.service');
  const { UnitsService } = await import('../../src/units/units.service');

  const clock = new FixedClock(today);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error'] });
  configureApp(app);
  await app.init();

  const seed = await app.get(ProvisioningService).seedIfEmpty();
  const units = await app.get(UnitsService).list(seed.committeeId);
  const unitId = (name: string) => {
    const u = units.find((x) => x.name === name);
    if (!u) throw new Error(`no unit ${name}`);
    return u.id;
  };
  const actor = { userId: null, name: 'test', committeeId: seed.committeeId };
  const users = app.get(UsersService);
  if (!shared) {
    await users.create(actor, { username: 'office', displayName: 'Văn phòng', role: 'office', password: PASSWORD });
    await users.create(actor, { username: 'inspection', displayName: 'UBKT', role: 'inspection', password: PASSWORD });
    await users.create(actor, { username: 'xdd', displayName: 'Ban XDĐ', role: 'unit', unitId: unitId('Ban Xây dựng Đảng'), password: PASSWORD });
    await users.create(actor, { username: 'congan', displayName: 'Chi bộ Công an', role: 'unit', unitId: unitId('Chi bộ Công an phường'), password: PASSWORD });
  }

  const tokens = new Map<TestUser, string>();
  // An instance started beside others on one database may find no test users yet: no tokens.
  for (const u of opts.shared ? [] : (['office', 'inspection', 'admin', 'xdd', 'congan'] as TestUser[])) {
    const res = await request(app.getHttpServer()).post('/api/auth/login').send({ username: u, password: PASSWORD }).expect(200);
    tokens.set(u, res.body.token);
  }
  return {
    app,
    dir,
    clock,
    dbPath,
    dbEnv: ownEnv,
    http: () => request(app.getHttpServer()),
    token: (u) => tokens.get(u)!,
    as: (u) => ({ Authorization: `Bearer ${tokens.get(u)}` }),
    unitId,
    committeeId: seed.committeeId,
    close: async () => {
      await app.close();
      for (const k of Object.keys(opts.env ?? {})) delete process.env[k];
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a program and returns its id. */
export async function createProgram(t: TestApp, extra: Record<string, unknown> = {}): Promise<number> {
  const res = await t
    .http()
    .post('/api/programs')
    .set(t.as('office'))
    .send({
      kind: 'chuong_trinh_hanh_dong',
      number: '01-CTr/ĐU',
      title: 'Chương trình hành động thử nghiệm',
      issuedDate: '2025-08-25',
      termStart: 2025,
      termEnd: 2030,
      ...extra,
    })
    .expect(201);
  return res.body.id;
}

export async function createTask(t: TestApp, programId: number, body: Record<string, unknown>): Promise<any> {
  const res = await t
    .http()
    .post('/api/tasks')
    .set(t.as('office'))
    .send({ programId, text: 'Nhiệm vụ thử nghiệm', ...body });
  if (res.status !== 201) throw new Error(`create task: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface ChildRun {
  /** Resolves with the child's DONE payload, or rejects if it exits without one. */
  done: Promise<Record<string, unknown>>;
  /** Resolves when the child prints DONDOC_PAUSED (with DONDOC_TEST_PAUSE_AT). */
  paused: Promise<string>;
  kill: () => Promise<void>;
}

/** Runs test/support/child.ts in a real child process against `dbPath`. */
export function runChild(env: Record<string, string>): ChildRun {
  const { spawn } = require('child_process') as typeof import('child_process');
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'child.ts')], {
    cwd: join(__dirname, '../..'),
    env: { ...process.env, BACKGROUND_JOBS: 'false', DEMO: 'false', AUTH_SECRET: 'test-secret-not-for-production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let onPaused: (p: string) => void = () => undefined;
  const paused = new Promise<string>((r) => (onPaused = r));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    const m = /DONDOC_PAUSED (\w+)/.exec(out);
    if (m) onPaused(m[1]);
  });
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const done = exited.then((code) => {
    const m = /DONDOC_DONE (.*)/.exec(out);
    if (!m) throw new Error(`child exited (${code}) without finishing: ${err.slice(-2000)}`);
    return JSON.parse(m[1]);
  });
  done.catch(() => undefined); // a killed child never finishes; only callers that await `done` care
  return {
    done,
    paused,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * A browser-like client for the pages: keeps cookies, and knows the CSRF token its forms
 * carry (read from the sign-in page, as a browser would from any form).
 */
export async function formClient(
  t: TestApp,
): Promise<{ agent: ReturnType<typeof request.agent>; csrf: string; post: (url: string, body: Record<string, unknown>) => request.Test }> {
  const agent = request.agent(t.app.getHttpServer());
  const page = await agent.get('/login').expect(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!csrf) throw new Error('no CSRF token on the sign-in page');
  return {
    agent,
    csrf,
    post: (url, body) =>
      agent
        .post(url)
        .type('form')
        .send({ _csrf: csrf, ...body }),
  };
}

/** Signs in as any user (of `committee` when the username repeats across committees); returns the token. */
export async function login(t: TestApp, username: string, password: string, committee?: number): Promise<string> {
  const res = await t
    .http()
    .post('/api/auth/login')
    .send({ username, password, ...(committee ? { committee } : {}) })
    .expect(200);
  return res.body.token as string;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A task's audit trail, oldest first (the API lists the newest first, paged). */
export async function auditOf(t: TestApp, taskId: number): Promise<any[]> {
  const res = await t.http().get(`/api/audit?entity=task&entityId=${taskId}&pageSize=200`).set(t.as('office')).expect(200);
  return [...res.body.items].reverse();
}
