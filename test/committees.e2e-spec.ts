import { spawnSync } from 'child_process';
import { join } from 'path';
import { DigestsService } from '../src/compliance/digests.service';
import { Db } from '../src/database/db.service';
import { OutboxMessage } from '../src/mail/outbox.entity';
import { PASSWORD, TestApp, createProgram, createTask, startApp, bearer, login as loginAs } from './support/app';

const ROOT = join(__dirname, '..');

/**
 * A province in one database: the first committee (ward A, with the test users) moves under a
 * new province committee P; a sibling ward B gets its own admin, office and units. Usernames,
 * unit names and program numbers repeat across them; nothing of one ward is reachable from
 * the other; the province reader sees both, read-only, and the roll-up adds them up.
 */
describe('committees: a province above its wards', () => {
  let t: TestApp;
  let province: number;
  let wardA: number;
  let wardB: number;
  let bAdmin: string;
  let bOffice: string;
  let reader: string;
  const a: Record<string, number> = {};
  let bTask: number;

  const login = (username: string, password: string, committee?: number) => loginAs(t, username, password, committee);

  beforeAll(async () => {
    t = await startApp('2025-09-30');
    wardA = t.committeeId;
    // Ward A's own data: an overdue task, a done one, a program, a user.
    a.program = await createProgram(t, { number: '01-CTr/ĐU' });
    a.task = (await createTask(t, a.program, { leadUnitId: t.unitId('Ban Xây dựng Đảng'), deadline: 'trong tháng 8/2025', ref: 'A.1' })).id;
    const done = (await createTask(t, a.program, { leadUnitId: t.unitId('Chi bộ Công an phường'), deadline: 'trong tháng 9/2025', ref: 'A.2' })).id;
    await t.http().post(`/api/tasks/${done}/done`).set(t.as('office')).send({ completedOn: '2025-09-10', resultNote: 'Đã xong' }).expect(200);
    await t.http().post(`/api/tasks/${done}/confirm`).set(t.as('office')).expect(200);
    a.unit = t.unitId('Ban Xây dựng Đảng');
    a.user = (await t.http().get('/api/users').set(t.as('admin')).expect(200)).body.find((u: any) => u.username === 'office').id;

    // The super-admin (first start's admin) builds the tree.
    province = (
      await t
        .http()
        .post('/api/committees')
        .set(t.as('admin'))
        .send({ name: 'Tỉnh ủy Thử', adminUsername: 'admin', adminPassword: 'tinh-password-1' })
        .expect(201)
    ).body.id;
    await t.http().patch(`/api/committees/${wardA}`).set(t.as('admin')).send({ parentId: province }).expect(200);
    const b = await t
      .http()
      .post('/api/committees')
      .set(t.as('admin'))
      .send({ name: 'Đảng bộ phường Thử B', parentId: province, adminUsername: 'admin', adminPassword: 'ward-b-password' })
      .expect(201);
    expect(b.body).toEqual({ id: expect.any(Number), name: 'Đảng bộ phường Thử B', parentId: province });
    wardB = b.body.id;

    // B's admin (same username as A's) adds B's office, also called `office`.
    bAdmin = await login('admin', 'ward-b-password', wardB);
    await t
      .http()
      .post('/api/users')
      .set(bearer(bAdmin))
      .send({ username: 'office', displayName: 'Văn phòng B', role: 'office', password: 'office-b-password' })
      .expect(201);
    bOffice = await login('office', 'office-b-password');
    // The province's own admin adds the province reader.
    const pAdmin = await login('admin', 'tinh-password-1', province);
    await t
      .http()
      .post('/api/users')
      .set(bearer(pAdmin))
      .send({ username: 'tinh', displayName: 'Ủy ban Kiểm tra Tỉnh ủy', role: 'province', password: 'tinh-reader-pass' })
      .expect(201);
    reader = await login('tinh', 'tinh-reader-pass');

    // Ward B: the same program number and unit names as A, one task in time.
    const bUnits = (await t.http().get('/api/units').set(bearer(bOffice)).expect(200)).body as { id: number; name: string }[];
    const bXdd = bUnits.find((u) => u.name === 'Ban Xây dựng Đảng')!.id;
    expect(bXdd).not.toBe(a.unit);
    const bProgram = (
      await t
        .http()
        .post('/api/programs')
        .set(bearer(bOffice))
        .send({ kind: 'chuong_trinh_hanh_dong', number: '01-CTr/ĐU', title: 'Chương trình của phường B', issuedDate: '2025-08-25' })
        .expect(201)
    ).body.id;
    bTask = (
      await t
        .http()
        .post('/api/tasks')
        .set(bearer(bOffice))
        .send({ programId: bProgram, text: 'Nhiệm vụ của phường B', leadUnitId: bXdd, deadline: 'trong tháng 12/2025' })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  it('refuses a missing parent, a duplicate name under one parent, a cycle and a non-super-admin, writing nothing', async () => {
    const before = (await t.http().get('/api/committees').set(t.as('admin')).expect(200)).body;
    const r1 = await t.http().post('/api/committees').set(t.as('admin')).send({ name: 'Đảng bộ xã Không Cha', parentId: 9999 }).expect(400);
    expect(r1.body.message).toMatch(/parentId/);
    const r2 = await t.http().post('/api/committees').set(t.as('admin')).send({ name: '  đảng bộ phường thử b ', parentId: province }).expect(409);
    expect(r2.body.message).toMatch(/đã có "Đảng bộ phường Thử B"/);
    const r3 = await t.http().patch(`/api/committees/${province}`).set(t.as('admin')).send({ parentId: wardB }).expect(400);
    expect(r3.body.message).toMatch(/dưới chính nó/);
    await t.http().patch(`/api/committees/${province}`).set(t.as('admin')).send({ parentId: province }).expect(400);
    await t.http().post('/api/committees').set(bearer(bAdmin)).send({ name: 'Đảng bộ xã Lén' }).expect(403);
    await t.http().post('/api/committees').set(t.as('admin')).send({ name: 'X' }).expect(400);
    expect((await t.http().get('/api/committees').set(t.as('admin')).expect(200)).body).toEqual(before);
  });

  it('lets usernames repeat across committees: the password tells which, or the committee is named', async () => {
    // Both `office` users exist; A's password signs into A, B's into B.
    const me = async (token: string) => (await t.http().get('/api/auth/me').set(bearer(token)).expect(200)).body.committeeId;
    expect(await me(await login('office', PASSWORD))).toBe(wardA);
    expect(await me(await login('office', 'office-b-password'))).toBe(wardB);
    await t.http().post('/api/auth/login').send({ username: 'office', password: 'office-b-password', committee: wardA }).expect(401);
    // The same password in two committees: ask which.
    const pAdmin = await login('admin', 'tinh-password-1', province);
    await t
      .http()
      .post('/api/users')
      .set(bearer(pAdmin))
      .send({ username: 'office', displayName: 'VP Tỉnh ủy', role: 'office', password: PASSWORD })
      .expect(201);
    const ambiguous = await t.http().post('/api/auth/login').send({ username: 'office', password: PASSWORD }).expect(400);
    expect(ambiguous.body.message).toMatch(/nhiều đảng bộ/);
    expect(await me(await login('office', PASSWORD, wardA))).toBe(wardA);
  });

  it("never shows or changes a sibling's tasks, programs, units, users, audit or mail — on any route", async () => {
    const aTask = (await t.http().get(`/api/tasks/${a.task}`).set(t.as('office')).expect(200)).body;
    const router = (t.app.getHttpAdapter().getInstance() as any).router;
    const routes: [string, string][] = [];
    for (const layer of router.stack)
      if (layer.route?.path.startsWith('/api/') && !layer.route.path.startsWith('/api/docs'))
        for (const m of Object.keys(layer.route.methods)) routes.push([m, layer.route.path]);
    expect(routes.length).toBeGreaterThan(50);
    const idFor = (path: string) => {
      if (path.startsWith('/api/tasks')) return a.task;
      if (path.startsWith('/api/programs')) return a.program;
      if (path.startsWith('/api/units')) return a.unit;
      if (path.startsWith('/api/users')) return a.user;
      if (path.startsWith('/api/committees')) return wardA;
      return 1;
    };
    const bodies: Record<string, unknown> = {
      'post /api/tasks/:id/done': { completedOn: '2025-09-30', resultNote: 'Xong' },
      'post /api/tasks/:id/progress': { note: 'x' },
      'post /api/tasks/:id/notes': { text: 'x' },
      'post /api/tasks/:id/reports': { text: 'x' },
      'post /api/tasks/:id/return': { reason: 'x' },
      'post /api/tasks/:id/suspend': { reason: 'x' },
      'post /api/tasks/:id/cancel': { reason: 'x' },
      'patch /api/tasks/:id': { text: 'Sửa lén' },
      'patch /api/units/:id': { emails: ['len@example.vn'] },
      'patch /api/users/:id': { displayName: 'Sửa lén' },
      'patch /api/programs/:id': { title: 'Sửa lén' },
      'put /api/programs/:id/events': { name: 'Đại hội', date: '2025-08-20' },
      'post /api/auth/unit-links': { unitId: a.unit, taskId: a.task },
    };
    for (const [method, path] of routes.filter(([, p]) => p.includes(':'))) {
      const url = path
        .replace(':id', String(idFor(path)))
        .replace(':eventId', '1')
        .replace(':row', '1');
      for (const token of [bOffice, bAdmin]) {
        const res = await (t.http() as any)
          [method](url)
          .set(bearer(token))
          .send(bodies[`${method} ${path}`] ?? {});
        expect({ route: `${method} ${url}`, refused: [400, 403, 404].includes(res.status) }).toEqual({ route: `${method} ${url}`, refused: true });
        expect(JSON.stringify(res.body)).not.toContain(aTask.text);
      }
    }
    // Lists hold only B's own rows.
    const list = (path: string, token: string) => t.http().get(path).set(bearer(token)).expect(200);
    expect((await list('/api/tasks', bOffice)).body.items.map((x: any) => x.id)).toEqual([bTask]);
    expect((await list('/api/units', bOffice)).body.map((u: any) => u.id)).not.toContain(a.unit);
    expect((await list('/api/programs', bOffice)).body.map((p: any) => p.id)).not.toContain(a.program);
    expect((await list('/api/users', bAdmin)).body.map((u: any) => u.id)).not.toContain(a.user);
    expect(JSON.stringify((await list('/api/audit', bAdmin)).body)).not.toContain(aTask.text);
    expect((await list('/api/compliance?asOf=2025-09-30', bOffice)).body.totals.counts.overdue).toBe(0);
    // ?committee= another committee: 403 for a ward's own roles.
    await t.http().get(`/api/tasks?committee=${wardA}`).set(bearer(bOffice)).expect(403);
    // And A's task is as it was.
    expect((await t.http().get(`/api/tasks/${a.task}`).set(t.as('office')).expect(200)).body).toEqual(aTask);
  });

  it('lets the province reader read every ward below it, never write, and nothing outside its tree', async () => {
    const r = bearer(reader);
    expect((await t.http().get('/api/committees').set(r).expect(200)).body.map((c: any) => c.id).sort()).toEqual([province, wardA, wardB].sort());
    const tasksA = (await t.http().get(`/api/tasks?committee=${wardA}&overdue=true`).set(r).expect(200)).body;
    expect(tasksA.items.map((x: any) => x.id)).toEqual([a.task]);
    expect((await t.http().get(`/api/tasks/${a.task}?committee=${wardA}`).set(r).expect(200)).body.id).toBe(a.task);
    expect((await t.http().get(`/api/tasks/${a.task}/reminders?committee=${wardA}`).set(r).expect(200)).body).toBeDefined();
    expect((await t.http().get(`/api/compliance?committee=${wardB}&asOf=2025-09-30`).set(r).expect(200)).body.totals.counts.notDue).toBe(1);
    // Its own committee's view holds no ward's task.
    expect((await t.http().get('/api/tasks').set(r).expect(200)).body.total).toBe(0);
    // Outside its tree: as if it did not exist. Nonsense: 400.
    const other = (await t.http().post('/api/committees').set(t.as('admin')).send({ name: 'Tỉnh ủy Khác' }).expect(201)).body.id;
    await t.http().get(`/api/tasks?committee=${other}`).set(r).expect(404);
    await t.http().get('/api/tasks?committee=abc').set(r).expect(400);
    // Every write: 403, nothing changed.
    const before = (await t.http().get(`/api/tasks/${a.task}`).set(t.as('office')).expect(200)).body;
    for (const [method, url, body] of [
      ['post', `/api/tasks/${a.task}/done?committee=${wardA}`, { completedOn: '2025-09-30', resultNote: 'Xong' }],
      ['patch', `/api/tasks/${a.task}?committee=${wardA}`, { text: 'Sửa' }],
      ['post', `/api/tasks?committee=${wardA}`, { programId: a.program, text: 'Mới' }],
      ['post', `/api/tasks/${a.task}/notes?committee=${wardA}`, { text: 'Ghi chú' }],
      ['patch', `/api/units/${a.unit}?committee=${wardA}`, { emails: ['x@example.vn'] }],
      ['post', '/api/users', { username: 'moi', displayName: 'Mới', role: 'office', password: 'mat-khau-dai-du' }],
      ['post', '/api/reminders/run', { date: '2025-09-30' }],
      ['post', '/api/committees', { name: 'Lén' }],
      ['post', '/api/programs', { kind: 'ke_hoach', title: 'Lén' }],
    ] as [string, string, object][]) {
      const res = await (t.http() as any)[method](url).set(r).send(body);
      expect({ url, status: res.status }).toEqual({ url, status: 403 });
    }
    expect((await t.http().get(`/api/tasks/${a.task}`).set(t.as('office')).expect(200)).body).toEqual(before);
    // Its own password and sign-out still work.
    await t.http().post('/api/auth/logout-all').set(r).expect(200);
    reader = await login('tinh', 'tinh-reader-pass');
  });

  it('rolls up the wards: same formulas as each ward, the lagging first, the total; CSV, XLSX, chart, CLI and page', async () => {
    const rb = bearer(reader);
    const roll = (await t.http().get(`/api/compliance/rollup?committee=${province}&asOf=2025-09-30&period=quarter`).set(rb).expect(200)).body;
    expect(Object.keys(roll)).toEqual(['asOf', 'period', 'committee', 'totals', 'committees']);
    expect(roll.committee).toEqual({ id: province, name: 'Tỉnh ủy Thử' });
    expect(roll.committees.map((c: any) => c.committee.id)).toEqual([wardA, wardB]);
    // Ward A by hand: A.1 due 31/8 open → overdue; A.2 due 30/9 done 10/9 → on time. 1 of 2 due done: 50%.
    const rowA = roll.committees[0];
    expect(rowA.totals.counts).toMatchObject({ onTime: 1, overdue: 1, late: 0 });
    expect(rowA.totals.rates.completionRate).toBe(50);
    expect(rowA.oldestOverdue.map((o: any) => o.ref)).toEqual(['A.1']);
    // Ward B: one task for December ("trong tháng 12/2025": from 1/12), not begun yet.
    expect(roll.committees[1].totals.counts).toMatchObject({ notDue: 1, openInTime: 0, overdue: 0 });
    expect(roll.committees[1].totals.rates.completionRate).toBeNull();
    expect(roll.totals.counts.overdue).toBe(1);
    expect(roll.totals.counts.onTime).toBe(1);
    // The same counts as the ward's own summary.
    const own = (await t.http().get('/api/compliance?asOf=2025-09-30').set(t.as('office')).expect(200)).body;
    expect(rowA.totals).toEqual(own.totals);

    const csv = await t.http().get(`/api/compliance/rollup.csv?asOf=2025-09-30`).set(rb).expect(200);
    expect(csv.text).toContain('Đảng bộ phường Thử B');
    expect(csv.text.split('\r\n')[1]).toMatch(/^Đảng bộ,/);
    const xlsx = await t.http().get(`/api/compliance/rollup.xlsx?asOf=2025-09-30`).set(rb).buffer(true).expect(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    const svg = await t.http().get(`/api/compliance/rollup/chart.svg?asOf=2025-09-30`).set(rb).expect(200);
    expect(String(svg.body ?? svg.text)).toContain('Đảng bộ phường Móng Cái 1');
    const trend = (await t.http().get(`/api/compliance/rollup/trend?asOf=2025-09-30`).set(rb).expect(200)).body;
    expect(trend.find((x: any) => x.committee.id === wardA).points.at(-1).rate).toBe(50);

    // The CLI prints the same object.
    const cli = spawnSync(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        'scripts/compliance.ts',
        '--rollup',
        '--committee',
        String(province),
        '--as-of',
        '2025-09-30',
        '--period',
        'quarter',
        '--json',
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...t.dbEnv, DEMO: 'false' } },
    );
    expect(cli.stderr).toBe('');
    expect(JSON.parse(cli.stdout)).toEqual(roll);

    // The province page: both wards, a bar chart, links into each (read-only).
    const cookie = { Cookie: `dondoc_session=${reader}` };
    const page = await t.http().get('/province').set(cookie).expect(200);
    expect(page.text).toContain('Đảng bộ phường Thử B');
    expect(page.text).toContain('/api/compliance/rollup/chart.svg');
    expect(page.text.replace(/&#x3D;/g, '=')).toContain(`/inspection?committee=${wardA}`);
    const drill = await t.http().get(`/inspection?committee=${wardA}`).set(cookie).expect(200);
    expect(drill.text).toContain('A.1');
  });

  it('emails the roll-up once a month to the province inspection committee, through the outbox', async () => {
    // The province's Ủy ban Kiểm tra gets an address.
    const pAdmin = await login('admin', 'tinh-password-1', province);
    const ubkt = (await t.http().get('/api/units').set(bearer(pAdmin)).expect(200)).body.find((u: any) => u.kind === 'inspection');
    await t
      .http()
      .patch(`/api/units/${ubkt.id}`)
      .set(bearer(pAdmin))
      .send({ emails: ['ubkt@tinh.example.vn'] })
      .expect(200);
    t.clock.set('2025-10-01');
    const digests = t.app.get(DigestsService);
    expect(await digests.rollupDigest(province, '2025-10-01')).toBe(true);
    expect(await digests.rollupDigest(province, '2025-10-01')).toBe(false);
    // A ward without wards below gets none.
    expect(await digests.rollupDigest(wardB, '2025-10-01')).toBe(false);
    const rows = await t.app.get(Db).manager.find(OutboxMessage, { where: { committeeId: province } });
    expect(rows.map((m) => m.idempotencyKey)).toEqual([`rollup:${province}:month:2025-09-30`]);
    expect(rows[0].to).toEqual(['ubkt@tinh.example.vn']);
    expect(rows[0].subject).toMatch(/Tổng hợp các đảng bộ trực thuộc Tháng 9\/2025/);
  });
});
