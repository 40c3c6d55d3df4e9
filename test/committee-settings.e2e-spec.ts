import { spawnSync } from 'child_process';
import { join } from 'path';
import { Db } from '../src/database/db.service';
import { addDays } from '../src/deadlines/calendar';
import { JobsScheduler } from '../src/jobs/jobs.scheduler';
import { OutboxMessage } from '../src/mail/outbox.entity';
import { TestApp, createProgram, createTask, startApp, bearer, login as loginAs } from './support/app';
import { TestSmtp } from './support/smtp';

/**
 * A committee's settings (sender, reminder rules, time zone, holidays) are its own or its
 * parent's: a province P sets them for its wards; ward A inherits all of them, ward B sets
 * some of its own. Deadlines, reminders and mail then differ per ward, on one database.
 */
describe('committee settings, inherited down the tree', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let province: number;
  let wardA: number;
  let wardB: number;
  let bAdmin: string;
  let bOffice: string;
  let reader: string;
  const ids: Record<string, number> = {};
  const P_FROM = 'Văn phòng Tỉnh ủy Thử <vanphong@tinh.example.vn>';
  const B_FROM = 'Văn phòng Đảng ủy phường B <vanphong@phuongb.example.vn>';

  const login = (username: string, password: string, committee?: number) => loginAs(t, username, password, committee);
  const settingsOf = async (id: number, auth = t.as('admin')) => (await t.http().get(`/api/committees/${id}/settings`).set(auth).expect(200)).body;

  beforeAll(async () => {
    smtp = new TestSmtp();
    t = await startApp('2025-10-01', { env: { SMTP_URL: await smtp.start(), SENDER_BACKOFF_SECONDS: '0' } });
    wardA = t.committeeId;
    province = (
      await t
        .http()
        .post('/api/committees')
        .set(t.as('admin'))
        .send({ name: 'Tỉnh ủy Thử', adminUsername: 'admin', adminPassword: 'tinh-password-1' })
        .expect(201)
    ).body.id;
    await t.http().patch(`/api/committees/${wardA}`).set(t.as('admin')).send({ parentId: province }).expect(200);
    wardB = (
      await t
        .http()
        .post('/api/committees')
        .set(t.as('admin'))
        .send({ name: 'Đảng bộ phường Thử B', parentId: province, adminUsername: 'admin', adminPassword: 'ward-b-password' })
        .expect(201)
    ).body.id;
    bAdmin = await login('admin', 'ward-b-password', wardB);
    await t
      .http()
      .post('/api/users')
      .set(bearer(bAdmin))
      .send({ username: 'office', displayName: 'Văn phòng B', role: 'office', password: 'office-b-password' })
      .expect(201);
    bOffice = await login('office', 'office-b-password', wardB);
    const pAdmin = await login('admin', 'tinh-password-1', province);
    await t
      .http()
      .post('/api/users')
      .set(bearer(pAdmin))
      .send({ username: 'tinh', displayName: 'UBKT Tỉnh ủy', role: 'province', password: 'tinh-reader-pass' })
      .expect(201);
    reader = await login('tinh', 'tinh-reader-pass');

    // The province sets its wards' defaults; its own admin may do it.
    await t
      .http()
      .patch(`/api/committees/${province}/settings`)
      .set(bearer(pAdmin))
      .send({ mailFrom: P_FROM, reminderRules: { beforeDays: [5], onDueDay: false, overdueEveryDays: 0 }, holidays: ['2025-10-06', '2025-10-07'] })
      .expect(200);
    // Ward B: its own sender, time zone (to tell its days apart), rules and holidays.
    await t
      .http()
      .patch(`/api/committees/${wardB}/settings`)
      .set(bearer(bAdmin))
      .send({ mailFrom: B_FROM, timeZone: 'Asia/Tokyo', reminderRules: { beforeDays: [2] }, holidays: [{ from: '2025-10-08', to: '2025-10-08' }] })
      .expect(200);
    // Ward A: one program of its own gets rules of its own, by number.
    await t
      .http()
      .patch(`/api/committees/${wardA}/settings`)
      .set(t.as('admin'))
      .send({ reminderOverrides: { '01-CTr/ĐU': { beforeDays: [4] } } })
      .expect(200);

    // Both wards have a program 01-CTr/ĐU; A has a second one. Every task is due 20/10/2025.
    const a1 = await createProgram(t, { number: '01-CTr/ĐU' });
    const a2 = await createProgram(t, { number: '02-KH/ĐU' });
    const xdd = t.unitId('Ban Xây dựng Đảng');
    ids.aOverridden = (await createTask(t, a1, { ref: 'A.1', leadUnitId: xdd, deadline: 'chậm nhất ngày 20/10/2025' })).id;
    ids.aInherited = (await createTask(t, a2, { ref: 'A.2', leadUnitId: xdd, deadline: 'chậm nhất ngày 20/10/2025' })).id;
    ids.aWorkDays = (await createTask(t, a2, { ref: 'A.3', leadUnitId: xdd, deadline: '05 ngày làm việc sau ngày 03/10/2025' })).id;
    const bUnits = (await t.http().get('/api/units').set(bearer(bOffice)).expect(200)).body as { id: number; name: string }[];
    const bXdd = bUnits.find((u) => u.name === 'Ban Xây dựng Đảng')!.id;
    const b1 = (
      await t
        .http()
        .post('/api/programs')
        .set(bearer(bOffice))
        .send({ kind: 'chuong_trinh_hanh_dong', number: '01-CTr/ĐU', title: 'Chương trình của phường B', issuedDate: '2025-09-25' })
        .expect(201)
    ).body.id;
    const bTask = (body: object) =>
      t
        .http()
        .post('/api/tasks')
        .set(bearer(bOffice))
        .send({ programId: b1, leadUnitId: bXdd, ...body })
        .expect(201);
    ids.b = (await bTask({ text: 'Nhiệm vụ của phường B', deadline: 'chậm nhất ngày 20/10/2025' })).body.id;
    ids.bWorkDays = (await bTask({ text: 'Báo cáo nhanh của phường B', deadline: '05 ngày làm việc sau ngày 03/10/2025' })).body.id;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  it('shows each committee its own settings and those it works by, with where each came from', async () => {
    const a = await settingsOf(wardA);
    expect(a.committee).toEqual({ id: wardA, name: expect.any(String), parentId: province });
    expect(a.own).toEqual({ reminderOverrides: { '01-CTr/ĐU': { beforeDays: [4] } } });
    expect(a.effective.mailFrom).toBe(P_FROM);
    expect(a.source.mailFrom).toBe(province);
    expect(a.effective.timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(a.source.timeZone).toBeNull();
    // Rules key by key: three from the province, the rest from config/reminders.yaml.
    expect(a.effective.reminderRules).toEqual({
      beforeDays: [5],
      onDueDay: false,
      overdueEveryDays: 0,
      reportBeforeDays: 7,
      reportOverdueEveryDays: 7,
      ccCoordinating: false,
      targetResultDays: 15,
      targetOverdueEveryDays: 30,
      notStartedDays: 15,
      noUpdateDays: 30,
    });
    expect(a.source.reminderRules).toEqual({
      beforeDays: province,
      onDueDay: province,
      overdueEveryDays: province,
      reportBeforeDays: null,
      reportOverdueEveryDays: null,
      ccCoordinating: null,
      targetResultDays: null,
      targetOverdueEveryDays: null,
      notStartedDays: null,
      noUpdateDays: null,
    });
    expect(a.effective.holidays).toEqual(['2025-10-06', '2025-10-07']);
    expect(a.source.holidays).toBe(province);

    const b = await settingsOf(wardB, bearer(bOffice));
    expect(b.effective).toMatchObject({ mailFrom: B_FROM, timeZone: 'Asia/Tokyo', holidays: ['2025-10-08'], reminderOverrides: {} });
    expect(b.effective.reminderRules).toMatchObject({ beforeDays: [2], onDueDay: false, overdueEveryDays: 0 });
    expect(b.source).toMatchObject({ mailFrom: wardB, timeZone: wardB, holidays: wardB });
    expect(b.source.reminderRules).toMatchObject({ beforeDays: wardB, onDueDay: province });
    // The province reader reads a ward's settings; a ward never reads its sibling's.
    expect((await settingsOf(wardB, bearer(reader))).effective.mailFrom).toBe(B_FROM);
    await t.http().get(`/api/committees/${wardA}/settings`).set(bearer(bOffice)).expect(404);
  });

  it('refuses bad settings and anyone but the committee admin or the super-admin, writing nothing', async () => {
    const before = await settingsOf(wardA);
    const bad = await t
      .http()
      .patch(`/api/committees/${wardA}/settings`)
      .set(t.as('admin'))
      .send({
        timeZone: 'Mars/Olympus',
        reminderRules: { beforeDays: [-1], onDueDay: 'có' },
        mailFrom: 'vp@x.vn\r\nBcc: all@x.vn',
        color: 'red',
        holidays: ['31/12/2025'],
      })
      .expect(400);
    for (const field of ['timeZone', 'reminderRules.beforeDays', 'reminderRules.onDueDay', 'mailFrom', 'color', 'holidays[0]'])
      expect(bad.body.message).toContain(`${field}:`);
    // One good key beside a bad one: nothing of either is written.
    await t.http().patch(`/api/committees/${wardA}/settings`).set(t.as('admin')).send({ mailFrom: 'ok@x.vn', timeZone: 'Nowhere' }).expect(400);
    await t.http().patch(`/api/committees/${wardA}/settings`).set(t.as('admin')).send(['mailFrom']).expect(400);
    await t.http().patch(`/api/committees/${wardA}/settings`).set(bearer(bAdmin)).send({ mailFrom: 'x@x.vn' }).expect(403);
    await t.http().patch(`/api/committees/${wardA}/settings`).set(t.as('office')).send({ mailFrom: 'x@x.vn' }).expect(403);
    await t.http().patch(`/api/committees/${wardB}/settings`).set(bearer(reader)).send({ mailFrom: 'x@x.vn' }).expect(403);
    await t.http().patch(`/api/committees/9999/settings`).set(t.as('admin')).send({ mailFrom: 'x@x.vn' }).expect(404);
    expect(await settingsOf(wardA)).toEqual(before);
  });

  it('counts working days over each committee’s holidays', async () => {
    // 03/10/2025 is a Friday. A: 6 and 7 off (the province's) → 8, 9, 10, 13, 14. B: 8 off → 6, 7, 9, 10, 13.
    expect((await t.http().get(`/api/tasks/${ids.aWorkDays}`).set(t.as('office')).expect(200)).body.deadline.due).toBe('2025-10-14');
    expect((await t.http().get(`/api/tasks/${ids.bWorkDays}`).set(bearer(bOffice)).expect(200)).body.deadline.due).toBe('2025-10-13');
    const parse = (auth: Record<string, string>) =>
      t.http().post('/api/deadlines/parse').set(auth).send({ phrase: '05 ngày làm việc sau ngày 03/10/2025' }).expect(200);
    expect((await parse(t.as('office'))).body.due).toBe('2025-10-14');
    expect((await parse(bearer(bOffice))).body.due).toBe('2025-10-13');
  });

  it('reminds by each committee’s rules, on its own calendar day, from its own sender', async () => {
    const scheduler = t.app.get(JobsScheduler);
    const db = t.app.get(Db);
    const reminders = async () =>
      (await db.manager.find(OutboxMessage, { where: { kind: 'reminder' }, order: { id: 'ASC' } })).flatMap((m) =>
        m.items.map((i) => ({ committeeId: m.committeeId, forDate: m.forDate, taskId: i.taskId, rule: i.rule })),
      );
    // Each evening at 23:00 UTC: 06:00 the next day in Hồ Chí Minh (before the 07:00 sweep,
    // so that day is not yet due), 08:00 the next day in Tokyo (ward B's day is due).
    for (let d = '2025-10-13'; d <= '2025-10-20'; d = addDays(d, 1)) {
      t.clock.set(new Date(`${d}T23:00:00Z`));
      await scheduler.sweepAndSend();
      if (d === '2025-10-17') {
        // B's reminder two days before 20/10 went out on its 18/10 while A's calendar was still on 17/10.
        const now = await reminders();
        expect(now.filter((r) => r.committeeId === wardB)).toEqual([{ committeeId: wardB, forDate: '2025-10-18', taskId: ids.b, rule: 'before_2' }]);
        expect(now.filter((r) => r.committeeId === wardA).every((r) => r.forDate <= '2025-10-17')).toBe(true);
      }
    }
    const all = await reminders();
    // A: the program with its own rules 4 days before, the other by the province's 5; no due-day
    // or overdue reminders (the province turned them off). B: its own 2 days, though its
    // program shares A's number.
    expect(all.filter((r) => r.taskId !== ids.aWorkDays && r.taskId !== ids.bWorkDays)).toEqual(
      expect.arrayContaining([
        { committeeId: wardA, forDate: '2025-10-15', taskId: ids.aInherited, rule: 'before_5' },
        { committeeId: wardA, forDate: '2025-10-16', taskId: ids.aOverridden, rule: 'before_4' },
        { committeeId: wardB, forDate: '2025-10-18', taskId: ids.b, rule: 'before_2' },
      ]),
    );
    expect(all.filter((r) => [ids.aInherited, ids.aOverridden, ids.b].includes(r.taskId))).toHaveLength(3);
    // Delivered through the SMTP server with each ward's From.
    const fromOf = (committeeId: number) =>
      smtp.received.filter((m) => m.key.startsWith(`reminder:${committeeId}:`)).map((m) => m.parsed.from?.value[0].address);
    expect(fromOf(wardA).length).toBeGreaterThan(0);
    expect(new Set(fromOf(wardA))).toEqual(new Set(['vanphong@tinh.example.vn']));
    expect(new Set(fromOf(wardB))).toEqual(new Set(['vanphong@phuongb.example.vn']));
    expect(smtp.received.find((m) => m.key.startsWith(`reminder:${wardB}:`))!.parsed.from?.value[0].name).toBe('Văn phòng Đảng ủy phường B');
  });

  it('inherits again a value set back to null, and records each change in the committee’s history', async () => {
    await t
      .http()
      .patch(`/api/committees/${wardB}/settings`)
      .set(bearer(bAdmin))
      .send({ mailFrom: null, reminderRules: { beforeDays: null } })
      .expect(200);
    const b = await settingsOf(wardB, bearer(bAdmin));
    expect(b.own).toEqual({ timeZone: 'Asia/Tokyo', holidays: [{ from: '2025-10-08', to: '2025-10-08' }] });
    expect(b.effective.mailFrom).toBe(P_FROM);
    expect(b.effective.reminderRules.beforeDays).toEqual([5]);
    const audit = (await t.http().get('/api/audit').query({ entity: 'committee', entityId: wardB }).set(bearer(bAdmin)).expect(200)).body.items;
    expect(audit.filter((e: { action: string }) => e.action === 'settings')).toHaveLength(2);
  });

  it('reads and sets them from the command line, with the same checks', () => {
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/committee.ts', 'settings', ...args], {
        cwd: join(__dirname, '..'),
        encoding: 'utf8',
        env: { ...process.env, ...t.dbEnv, DEMO: 'false' },
      });
    const set = cli('--committee', String(wardA), '--set', '{"timeZone": "Asia/Bangkok"}', '--json');
    expect(set.stderr).toBe('');
    const out = JSON.parse(set.stdout);
    expect(out.effective.timeZone).toBe('Asia/Bangkok');
    expect(out.source.timeZone).toBe(wardA);
    expect(out.effective.mailFrom).toBe(P_FROM);
    const bad = cli('--committee', String(wardA), '--set', '{"timeZone": "Asia/Nowhere"}');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('timeZone:');
    const missing = cli('--committee', '9999');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('--committee 9999');
    const text = cli('--committee', String(wardA));
    expect(text.stdout).toContain('Asia/Bangkok  (riêng)');
    expect(text.stdout).toContain(`kế thừa từ đảng bộ ${province}`);
  });
});
