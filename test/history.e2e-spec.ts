import { TestApp, createProgram, createTask, startApp } from './support/app';

/** The summary of a past quarter reads each task as it stood then, not as it stands today. */
describe('history by date: a past summary does not move when a task changes later', () => {
  let t: TestApp;
  let tasks: Record<string, number>;
  const summary = async (asOf: string) =>
    (await t.http().get(`/api/compliance?asOf=${asOf}&period=quarter`).set(t.as('office')).expect(200)).body as {
      totals: { counts: Record<string, number>; extended: number; rates: { completionRate: number | null } };
    };

  beforeAll(async () => {
    t = await startApp('2025-07-01');
    const programId = await createProgram(t, { issuedDate: '2025-07-01' });
    const xdd = t.unitId('Ban Xây dựng Đảng');
    const make = async (ref: string, deadline: string) => (await createTask(t, programId, { ref, leadUnitId: xdd, deadline })).id;
    tasks = {
      overdue: await make('1', 'hoàn thành trong tháng 8/2025'),
      done: await make('2', 'hoàn thành trong tháng 8/2025'),
      extended: await make('3', 'hoàn thành trong tháng 9/2025'),
      open: await make('4', 'hoàn thành trong tháng 12/2025'),
    };
    t.clock.set('2025-08-20');
    await t.http().post(`/api/tasks/${tasks.done}/done`).set(t.as('xdd')).send({ completedOn: '2025-08-20', resultNote: 'Xong' }).expect(200);
    await t.http().post(`/api/tasks/${tasks.done}/confirm`).set(t.as('office')).expect(200);
  });
  afterAll(() => t.close());

  it('keeps the figures of 30/9 after later suspensions, returns and extensions', async () => {
    t.clock.set('2025-10-01');
    const before = await summary('2025-09-30');
    // 1: August, not done → overdue; 2: done 20/8 → on time; 3: due 30/9 → still in time; 4: December → not due.
    expect(before.totals.counts).toMatchObject({ onTime: 1, overdue: 1, openInTime: 1, notDue: 1, suspended: 0 });

    t.clock.set('2025-10-05');
    await t.http().post(`/api/tasks/${tasks.overdue}/suspend`).set(t.as('office')).send({ reason: 'Chờ chỉ đạo của cấp trên' }).expect(200);
    await t.http().post(`/api/tasks/${tasks.done}/return`).set(t.as('office')).send({ reason: 'Thiếu biên bản' }).expect(200);
    const ext = await t
      .http()
      .post(`/api/tasks/${tasks.extended}/extensions`)
      .set(t.as('xdd'))
      .send({ proposedDue: '2025-11-30', reason: 'Chờ số liệu' })
      .expect(201);
    await t.http().post(`/api/extensions/${ext.body.id}/approve`).set(t.as('office')).send({}).expect(200);

    // As of 30/9, nothing of that happened yet.
    const after = await summary('2025-09-30');
    expect(after.totals.counts).toEqual(before.totals.counts);
    expect(after.totals.rates).toEqual(before.totals.rates);
    // Today's summary sees all of it.
    const now = await summary('2025-10-05');
    expect(now.totals.counts).toMatchObject({ suspended: 1, onTime: 0 });
    expect(now.totals.extended).toBe(1);
  });

  it('counts a task entered after the report date as it was entered (not started): its program set it then', async () => {
    const before = await summary('2025-09-30');
    const programId = (await t.http().get('/api/programs').set(t.as('office'))).body[0].id;
    await createTask(t, programId, { ref: '5', leadUnitId: t.unitId('Ban Xây dựng Đảng'), deadline: 'hoàn thành trong tháng 8/2025' });
    const after = await summary('2025-09-30');
    expect(after.totals.counts.overdue).toBe(before.totals.counts.overdue + 1);
  });

  it('lists the changes by date through the API', async () => {
    const h = (await t.http().get(`/api/tasks/${tasks.extended}/history`).set(t.as('xdd')).expect(200)).body;
    expect(h.map((c: any) => [c.kind, c.from, c.to, c.on])).toEqual([
      ['status', null, 'not_started', '2025-07-01'],
      ['deadline', '2025-09-30', '2025-11-30', '2025-10-05'],
    ]);
  });
});
