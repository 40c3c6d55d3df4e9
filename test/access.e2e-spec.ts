import { TestApp, TestUser, createProgram, createTask, startApp } from './support/app';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
interface Endpoint {
  method: Method;
  path: string;
  body?: Record<string, unknown>;
  /** Roles allowed; everyone else signed in gets 403. `unit-own` = a unit user on its own task. */
  allowed: (TestUser | 'unit-own')[];
}

/**
 * Every endpoint of the API: anonymous callers get 401; roles outside the allowed set get 403;
 * a unit user acting on another unit's task gets 403. The list is checked against the
 * router so a new endpoint cannot slip in untested.
 */
describe('access control on every endpoint', () => {
  let t: TestApp;
  let otherTask: number; // led by Chi bộ Công an
  let ownTask: number; // led by Ban Xây dựng Đảng
  let programId: number;
  let endpoints: Endpoint[];

  beforeAll(async () => {
    t = await startApp('2025-09-01');
    programId = await createProgram(t);
    const xdd = t.unitId('Ban Xây dựng Đảng');
    ownTask = (await createTask(t, programId, { leadUnitId: xdd, deadline: 'trong tháng 9/2025' })).id;
    otherTask = (await createTask(t, programId, { leadUnitId: t.unitId('Chi bộ Công an phường'), deadline: 'trong tháng 9/2025' })).id;
    const target = await t
      .http()
      .post(`/api/programs/${programId}/targets`)
      .set(t.as('office'))
      .send({ ref: '(1)', text: 'Hằng năm có trên 90% đảng viên hoàn thành tốt nhiệm vụ', unitId: xdd })
      .expect(201);
    const evidence = await t
      .http()
      .post(`/api/tasks/${otherTask}/evidence`)
      .set(t.as('congan'))
      .attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), 'bien-ban.pdf')
      .expect(201);
    const all: TestUser[] = ['office', 'inspection', 'admin', 'xdd', 'congan'];
    const T = (id: number) => `/api/tasks/${id}`;
    endpoints = [
      { method: 'get', path: '/api/auth/me', allowed: all },
      { method: 'post', path: '/api/auth/unit-links', body: { unitId: xdd, taskId: ownTask }, allowed: ['office'] },
      { method: 'post', path: '/api/auth/logout', allowed: all },
      { method: 'post', path: '/api/auth/logout-all', allowed: all },
      { method: 'get', path: '/api/units', allowed: all },
      { method: 'get', path: `/api/units/${xdd}`, allowed: all },
      { method: 'post', path: '/api/units', body: { name: 'Chi bộ Khu phố 9' }, allowed: ['office', 'admin'] },
      { method: 'patch', path: `/api/units/${xdd}`, body: { emails: ['xdd@example.vn'] }, allowed: ['office', 'admin'] },
      { method: 'post', path: `/api/units/${xdd}/calendar-token`, allowed: ['office', 'xdd'] },
      { method: 'delete', path: `/api/units/${xdd}/calendar-token`, allowed: ['office', 'xdd'] },
      { method: 'get', path: '/api/programs', allowed: all },
      { method: 'get', path: `/api/programs/${programId}`, allowed: all },
      { method: 'post', path: '/api/programs', body: { kind: 'ke_hoach', title: 'Kế hoạch mới' }, allowed: ['office'] },
      { method: 'patch', path: `/api/programs/${programId}`, body: { title: 'Tên mới' }, allowed: ['office'] },
      { method: 'put', path: `/api/programs/${programId}/events`, body: { name: 'Đại hội', date: '2025-08-20' }, allowed: ['office'] },
      { method: 'patch', path: `/api/programs/${programId}/events/1`, body: { date: '2025-08-21' }, allowed: ['office'] },
      { method: 'get', path: `/api/programs/${programId}/targets`, allowed: all },
      { method: 'post', path: `/api/programs/${programId}/targets`, body: { text: 'Tỷ lệ thu gom rác thải đạt 100%' }, allowed: ['office'] },
      { method: 'put', path: `/api/targets/${target.body.id}/results`, body: { year: 2025, indicator: 0, value: 95 }, allowed: ['office', 'xdd'] },
      { method: 'patch', path: `/api/targets/${target.body.id}`, body: { unitId: xdd }, allowed: ['office'] },
      { method: 'get', path: '/api/tasks', allowed: all },
      {
        method: 'post',
        path: `${T(otherTask)}/extensions`,
        body: { proposedDue: '2025-12-31', reason: 'Cần thêm thời gian' },
        allowed: ['office', 'congan', 'unit-own'],
      },
      { method: 'get', path: `${T(otherTask)}/extensions`, allowed: all },
      { method: 'post', path: `${T(otherTask)}/evidence`, allowed: ['office', 'congan', 'unit-own'] },
      { method: 'get', path: `${T(otherTask)}/evidence`, allowed: ['office', 'inspection', 'congan', 'unit-own'] },
      { method: 'get', path: `/api/evidence/${evidence.body.id}`, allowed: ['office', 'inspection', 'congan', 'unit-own'] },
      { method: 'get', path: '/api/extensions', allowed: ['office', 'inspection'] },
      { method: 'post', path: '/api/extensions/1/approve', body: {}, allowed: ['office'] },
      { method: 'post', path: '/api/extensions/1/reject', body: { note: 'Không đồng ý' }, allowed: ['office'] },
      { method: 'get', path: T(otherTask), allowed: all },
      { method: 'get', path: `${T(otherTask)}/history`, allowed: all },
      { method: 'get', path: `${T(otherTask)}/notes`, allowed: all },
      { method: 'post', path: '/api/tasks', body: { programId, text: 'Nhiệm vụ mới' }, allowed: ['office'] },
      { method: 'patch', path: T(otherTask), body: { text: 'Sửa nội dung' }, allowed: ['office'] },
      { method: 'post', path: `${T(otherTask)}/progress`, body: { note: 'x' }, allowed: ['office', 'congan', 'unit-own'] },
      { method: 'post', path: `${T(otherTask)}/done`, body: { completedOn: '2025-09-01', resultNote: 'Xong việc' }, allowed: ['office', 'congan', 'unit-own'] },
      { method: 'post', path: `${T(otherTask)}/confirm`, allowed: ['office'] },
      { method: 'post', path: `${T(otherTask)}/return`, body: { reason: 'Chưa đạt' }, allowed: ['office'] },
      { method: 'post', path: `${T(otherTask)}/suspend`, body: { reason: 'Tạm dừng' }, allowed: ['office'] },
      { method: 'post', path: `${T(otherTask)}/cancel`, body: { reason: 'Hủy bỏ' }, allowed: ['office'] },
      { method: 'post', path: `${T(otherTask)}/resume`, allowed: ['office'] },
      { method: 'post', path: `${T(otherTask)}/notes`, body: { text: 'Ghi chú' }, allowed: ['inspection', 'office'] },
      { method: 'post', path: '/api/deadlines/parse', body: { phrase: 'quý IV/2025' }, allowed: all },
      { method: 'post', path: '/api/imports', body: {}, allowed: ['office'] },
      { method: 'get', path: '/api/imports/1', allowed: ['office'] },
      { method: 'patch', path: '/api/imports/1/rows/1', body: { drop: true }, allowed: ['office'] },
      { method: 'post', path: '/api/imports/1/commit', body: {}, allowed: ['office'] },
      { method: 'post', path: '/api/reminders/run', body: { date: '2025-09-01', dryRun: true }, allowed: ['office'] },
      { method: 'get', path: `${T(otherTask)}/reminders`, allowed: all },
      { method: 'get', path: `${T(otherTask)}/reports`, allowed: all },
      { method: 'get', path: `${T(otherTask)}/report-periods`, allowed: all },
      { method: 'post', path: `${T(otherTask)}/reports`, body: { text: 'Báo cáo quý' }, allowed: ['office', 'congan', 'unit-own'] },
      { method: 'get', path: '/api/outbox', allowed: ['office', 'admin'] },
      { method: 'get', path: '/api/outbox/stats', allowed: ['office', 'admin'] },
      { method: 'get', path: '/api/outbox/1/preview', allowed: ['office', 'admin'] },
      { method: 'get', path: '/api/compliance?asOf=2025-09-30', allowed: ['office', 'inspection'] },
      { method: 'get', path: '/api/compliance/export.csv?asOf=2025-09-30', allowed: ['office', 'inspection'] },
      { method: 'get', path: '/api/compliance/export.xlsx?asOf=2025-09-30', allowed: ['office', 'inspection'] },
      { method: 'get', path: '/api/compliance/report.html?asOf=2025-09-30', allowed: ['office', 'inspection'] },
      { method: 'get', path: '/api/compliance/chart.svg?asOf=2025-09-30', allowed: ['office', 'inspection'] },
      { method: 'get', path: '/api/compliance/chart.png?asOf=2025-09-30', allowed: ['office', 'inspection'] },
      { method: 'get', path: '/api/compliance/trend.svg?asOf=2025-09-30', allowed: ['office', 'inspection'] },
      { method: 'get', path: '/api/compliance/trend?asOf=2025-09-30', allowed: ['office', 'inspection'] },
      { method: 'get', path: '/api/compliance/rollup?asOf=2025-09-30', allowed: ['office', 'inspection'] },
      { method: 'post', path: '/api/compliance/close', body: { period: 'month', asOf: '2025-07-15' }, allowed: ['office'] },
      { method: 'post', path: '/api/compliance/reopen', body: { period: 'month', asOf: '2025-07-15', reason: 'Thử' }, allowed: ['office'] },
      { method: 'get', path: '/api/compliance/rollup/trend?asOf=2025-09-30', allowed: ['office', 'inspection'] },
      { method: 'get', path: '/api/compliance/rollup.csv?asOf=2025-09-30', allowed: ['office', 'inspection'] },
      { method: 'get', path: '/api/compliance/rollup.xlsx?asOf=2025-09-30', allowed: ['office', 'inspection'] },
      { method: 'get', path: '/api/compliance/rollup/chart.svg?asOf=2025-09-30', allowed: ['office', 'inspection'] },
      { method: 'get', path: '/api/users', allowed: ['admin'] },
      {
        method: 'post',
        path: '/api/account/password',
        body: { currentPassword: 'x', newPassword: 'yyyyyyyyyyyy' },
        allowed: ['office', 'inspection', 'admin', 'xdd', 'congan'],
      },
      { method: 'get', path: '/api/audit', allowed: ['office', 'inspection', 'admin'] },
      { method: 'get', path: '/api/committee/export.json', allowed: ['office', 'admin'] },
      { method: 'get', path: '/api/committees', allowed: ['office', 'inspection', 'admin'] },
      { method: 'post', path: '/api/committees', body: { name: 'Đảng bộ xã Thử' }, allowed: ['admin'] },
      { method: 'patch', path: '/api/committees/1', body: { name: 'Đảng bộ phường Móng Cái 1' }, allowed: ['admin'] },
      { method: 'get', path: '/api/committees/1/settings', allowed: ['office', 'inspection', 'admin'] },
      { method: 'patch', path: '/api/committees/1/settings', body: { mailFrom: 'vanphong@example.vn' }, allowed: ['admin'] },
      {
        method: 'post',
        path: '/api/users',
        body: { username: 'newuser', displayName: 'Người mới', role: 'office', password: 'mat-khau-dai-du' },
        allowed: ['admin'],
      },
      { method: 'patch', path: '/api/users/1', body: { displayName: 'Quản trị' }, allowed: ['admin'] },
    ];
  });
  afterAll(() => t.close());

  it('covers every route the application serves', () => {
    const router = (t.app.getHttpAdapter().getInstance() as any).router ?? (t.app.getHttpAdapter().getInstance() as any)._router;
    const served = new Set<string>();
    for (const layer of router.stack) {
      if (!layer.route) continue;
      for (const m of Object.keys(layer.route.methods)) served.add(`${m} ${layer.route.path}`);
    }
    const normalise = (p: string) =>
      p
        .replace(/\?.*$/, '')
        .replace(/\/\d+(?=\/|$)/g, '/:id')
        .replace('/events/:id', '/events/:eventId')
        .replace('/rows/:id', '/rows/:row');
    const covered = new Set(endpoints.map((e) => `${e.method} ${normalise(e.path)}`));
    const api = [...served].filter((r) => r.includes(' /api/') && !r.includes('/api/docs') && r !== 'post /api/auth/login');
    expect(api.length).toBeGreaterThanOrEqual(endpoints.length);
    expect(api.filter((r) => !covered.has(r))).toEqual([]);
  });

  it('answers 401 to anonymous callers on every endpoint', async () => {
    for (const e of endpoints) {
      const res = await t
        .http()
        [e.method](e.path)
        .send(e.body ?? {});
      expect({ e: `${e.method} ${e.path}`, status: res.status }).toEqual({ e: `${e.method} ${e.path}`, status: 401 });
    }
    const forged = await t
      .http()
      .get('/api/tasks')
      .set({ Authorization: `Bearer ${t.token('office').slice(0, -2)}xx` });
    expect(forged.status).toBe(401);
  });

  it('answers 403 to every signed-in role the endpoint does not allow, and never writes', async () => {
    for (const e of endpoints) {
      for (const user of ['office', 'inspection', 'admin', 'xdd', 'congan'] as TestUser[]) {
        if (e.allowed.includes(user)) continue;
        const before = (await t.http().get(`/api/tasks/${otherTask}`).set(t.as('office'))).body;
        const res = await t
          .http()
          [e.method](e.path)
          .set(t.as(user))
          .send(e.body ?? {});
        expect({ e: `${e.method} ${e.path}`, user, status: res.status }).toEqual({ e: `${e.method} ${e.path}`, user, status: 403 });
        const after = (await t.http().get(`/api/tasks/${otherTask}`).set(t.as('office'))).body;
        expect(after.version).toBe(before.version);
      }
    }
  });

  it("lets a unit change its own task but not another unit's", async () => {
    await t.http().post(`/api/tasks/${ownTask}/progress`).set(t.as('xdd')).send({ note: 'Đang làm' }).expect(200);
    const res = await t.http().post(`/api/tasks/${otherTask}/done`).set(t.as('xdd')).send({ completedOn: '2025-09-01', resultNote: 'Xong' }).expect(403);
    expect(res.body.message).toMatch(/không do đơn vị của bạn chủ trì/);
    // Units still see every task of the program.
    expect((await t.http().get('/api/tasks').set(t.as('xdd')).expect(200)).body.total).toBe(2);
  });

  it('a signed link opens its own task page under /r/ and nothing of the API, as Bearer or as cookie', async () => {
    const link = (
      await t
        .http()
        .post('/api/auth/unit-links')
        .set(t.as('office'))
        .send({ unitId: t.unitId('Ban Xây dựng Đảng'), taskId: ownTask })
        .expect(201)
    ).body;
    expect(link.url).toMatch(new RegExp(`/r/${link.token.replace(/[.]/g, '[.]')}$`));
    const bearer = { Authorization: `Bearer ${link.token}` };
    const cookie = { Cookie: `dondoc_session=${link.token}` };
    for (const path of [
      '/api/auth/me',
      '/api/tasks',
      `/api/tasks/${ownTask}`,
      `/api/tasks/${otherTask}/notes`,
      `/api/tasks/${otherTask}/history`,
      '/api/units',
      '/api/programs',
    ]) {
      expect({ path, status: (await t.http().get(path).set(bearer)).status }).toEqual({ path, status: 401 });
      expect({ path, status: (await t.http().get(path).set(cookie)).status }).toEqual({ path, status: 401 });
    }
    await t.http().post(`/api/tasks/${ownTask}/progress`).set(bearer).send({ note: 'x' }).expect(401);
    // Its own page works, and a page needing a session does not take it either.
    const page = await t.http().get(`/r/${link.token}`).expect(200);
    expect(page.text).toContain('Báo cáo thực hiện nhiệm vụ');
    const tasksPage = await t.http().get('/tasks').set(cookie);
    expect(tasksPage.status).toBe(303);
    // Once the task changed, the page answers 410, and the API still says 401.
    await t.http().post(`/api/tasks/${ownTask}/done`).set(t.as('xdd')).send({ completedOn: '2025-09-01', resultNote: 'Đã xong' }).expect(200);
    await t.http().get(`/r/${link.token}`).expect(410);
    await t.http().get('/api/tasks').set(bearer).expect(401);
  });

  it('refuses a unit link without a task, or for a task the unit does not lead', async () => {
    await t
      .http()
      .post('/api/auth/unit-links')
      .set(t.as('office'))
      .send({ unitId: t.unitId('Ban Xây dựng Đảng') })
      .expect(400);
    const res = await t
      .http()
      .post('/api/auth/unit-links')
      .set(t.as('office'))
      .send({ unitId: t.unitId('Ban Xây dựng Đảng'), taskId: otherTask })
      .expect(400);
    expect(res.body.message).toMatch(/không do đơn vị này chủ trì/);
  });
});
