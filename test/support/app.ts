import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import request from 'supertest';
import { Clock, FixedClock } from '../../src/common/clock';
import type { LocalDate } from '../../src/deadlines/calendar';

export interface TestApp {
  app: INestApplication;
  clock: FixedClock;
  dbPath: string;
  http: () => ReturnType<typeof request>;
  /** Bearer header for a seeded test user: office, inspection, admin, xdd (Ban Xây dựng Đảng), congan. */
  as: (user: TestUser) => { Authorization: string };
  token: (user: TestUser) => string;
  unitId: (name: string) => number;
  close: () => Promise<void>;
}

export type TestUser = 'office' | 'inspection' | 'admin' | 'xdd' | 'congan';

const PASSWORD = 'test-password-123';

/**
 * Boots the real application on a fresh SQLite file in a temp directory, with a fixed
 * clock, the default unit directory and one user per role. Nothing is mocked.
 */
export async function startApp(today: LocalDate = '2025-09-01'): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-test-'));
  const dbPath = join(dir, 'dondoc.sqlite');
  process.env.DB_PATH = dbPath;
  process.env.DEMO = 'false';
  process.env.AUTH_SECRET = 'test-secret-not-for-production';
  process.env.ADMIN_PASSWORD = PASSWORD;
  // Tests travel years in time with the fixed clock; sessions must outlive the trip.
  process.env.AUTH_TOKEN_TTL_HOURS = String(24 * 365 * 10);
  // Cron and the outbox sender's timer stay off: tests drive sweeps and deliveries themselves.
  process.env.BACKGROUND_JOBS = process.env.BACKGROUND_JOBS ?? 'false';
  process.env.OUTBOX_DIR = join(dir, 'outbox');
  // Loaded after the environment is set: configuration is read when the module graph builds.
  const { AppModule } = await import('../../src/app.module');
  const { configureApp } = await import('../../src/setup');
  const { SeedService } = await import('../../src/database/seed.service');
  const { UsersService } = await import('../../src/users/users.service');
  const { UnitsService } = await import('../../src/units/units.service');

  const clock = new FixedClock(today);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).overrideProvider(Clock).useValue(clock).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error'] });
  configureApp(app);
  await app.init();

  const seed = await app.get(SeedService).seedIfEmpty();
  const units = await app.get(UnitsService).list(seed.committeeId);
  const unitId = (name: string) => {
    const u = units.find((x) => x.name === name);
    if (!u) throw new Error(`no unit ${name}`);
    return u.id;
  };
  const actor = { userId: null, name: 'test', committeeId: seed.committeeId };
  const users = app.get(UsersService);
  await users.create(actor, { username: 'office', displayName: 'Văn phòng', role: 'office', password: PASSWORD });
  await users.create(actor, { username: 'inspection', displayName: 'UBKT', role: 'inspection', password: PASSWORD });
  await users.create(actor, { username: 'xdd', displayName: 'Ban XDĐ', role: 'unit', unitId: unitId('Ban Xây dựng Đảng'), password: PASSWORD });
  await users.create(actor, { username: 'congan', displayName: 'Chi bộ Công an', role: 'unit', unitId: unitId('Chi bộ Công an phường'), password: PASSWORD });

  const tokens = new Map<TestUser, string>();
  for (const u of ['office', 'inspection', 'admin', 'xdd', 'congan'] as TestUser[]) {
    const res = await request(app.getHttpServer()).post('/api/auth/login').send({ username: u, password: PASSWORD }).expect(200);
    tokens.set(u, res.body.token);
  }
  return {
    app,
    clock,
    dbPath,
    http: () => request(app.getHttpServer()),
    token: (u) => tokens.get(u)!,
    as: (u) => ({ Authorization: `Bearer ${tokens.get(u)}` }),
    unitId,
    close: async () => {
      await app.close();
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
    .send({ kind: 'chuong_trinh_hanh_dong', number: '01-CTr/ĐU', title: 'Chương trình hành động thử nghiệm', issuedDate: '2025-08-25', termStart: 2025, termEnd: 2030, ...extra })
    .expect(201);
  return res.body.id;
}

export async function createTask(t: TestApp, programId: number, body: Record<string, unknown>): Promise<any> {
  const res = await t.http().post('/api/tasks').set(t.as('office')).send({ programId, text: 'Nhiệm vụ thử nghiệm', ...body });
  if (res.status !== 201) throw new Error(`create task: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
