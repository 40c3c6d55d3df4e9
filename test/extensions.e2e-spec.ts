import { SweepService } from '../src/reminders/sweep.service';
import { TestApp, TestUser, createProgram, createTask, startApp } from './support/app';

describe('đề nghị điều chỉnh thời hạn: a unit asks for more time, the office decides', () => {
  let t: TestApp;
  let programId: number;
  let a: number; // Ban Xây dựng Đảng, due 30/9/2025
  let d: number; // Ban Xây dựng Đảng, due 30/9/2025
  let continuous: number;
  const ask = (id: number, body: Record<string, unknown>, user: TestUser = 'xdd') => t.http().post(`/api/tasks/${id}/extensions`).set(t.as(user)).send(body);
  const requests = async (id: number) => (await t.http().get(`/api/tasks/${id}/extensions`).set(t.as('office')).expect(200)).body as any[];
  const task = async (id: number) => (await t.http().get(`/api/tasks/${id}`).set(t.as('office')).expect(200)).body;

  beforeAll(async () => {
    t = await startApp('2025-09-01');
    programId = await createProgram(t);
    const xdd = t.unitId('Ban Xây dựng Đảng');
    a = (await createTask(t, programId, { ref: '1', leadUnitId: xdd, deadline: 'hoàn thành trong tháng 9/2025' })).id;
    d = (await createTask(t, programId, { ref: '2', leadUnitId: xdd, deadline: 'hoàn thành trong tháng 9/2025' })).id;
    continuous = (await createTask(t, programId, { ref: '3', leadUnitId: xdd, deadline: 'thực hiện thường xuyên' })).id;
  });
  afterAll(() => t.close());

  it('takes a request from the lead unit: 201 pending, with the original due date', async () => {
    const res = await ask(a, { proposedDue: '2025-10-31', reason: 'Chờ hướng dẫn của Ban Tổ chức Tỉnh ủy' }).expect(201);
    expect(res.body).toMatchObject({ id: expect.any(Number), status: 'pending', proposedDue: '2025-10-31', originalDue: '2025-09-30' });
    expect((await t.http().get('/api/extensions').set(t.as('office')).expect(200)).body).toEqual([
      expect.objectContaining({ id: res.body.id, task: expect.objectContaining({ id: a, unit: 'Ban Xây dựng Đảng' }) }),
    ]);
  });

  it.each([
    ['a second request while one waits', () => a, { proposedDue: '2025-11-30', reason: 'Thêm lần nữa' }, 409, 'proposedDue'],
    ['a date before today', () => d, { proposedDue: '2025-08-31', reason: 'Lý do' }, 400, 'proposedDue'],
    ['a date before the current due date', () => d, { proposedDue: '2025-09-15', reason: 'Lý do' }, 400, 'proposedDue'],
    ['the current due date itself', () => d, { proposedDue: '2025-09-30', reason: 'Lý do' }, 400, 'proposedDue'],
    ['an impossible date', () => d, { proposedDue: '2025-02-30', reason: 'Lý do' }, 400, 'proposedDue'],
    ['no reason', () => d, { proposedDue: '2025-10-31' }, 400, 'reason'],
    ['a task without a due date (thường xuyên)', () => continuous, { proposedDue: '2025-10-31', reason: 'Lý do' }, 400, 'proposedDue'],
  ])('refuses %s, naming the field, and writes nothing', async (_, id, body, status, field) => {
    const before = await requests(id());
    const res = await ask(id(), body).expect(status);
    expect(res.body.message).toMatch(new RegExp(field));
    expect(await requests(id())).toEqual(before);
    expect((await task(id())).deadline.originalDue).toBeNull();
  });

  it('refuses another unit, the inspection committee, and any other way for a unit to move a deadline', async () => {
    await ask(d, { proposedDue: '2025-10-31', reason: 'Lý do' }, 'congan').expect(403);
    await ask(d, { proposedDue: '2025-10-31', reason: 'Lý do' }, 'inspection').expect(403);
    await t.http().patch(`/api/tasks/${d}`).set(t.as('xdd')).send({ deadline: 'trong tháng 12/2025' }).expect(403);
    expect(await requests(d)).toEqual([]);
  });

  it('needs a note to reject, and only the office decides', async () => {
    const [req] = await requests(a);
    const res = await t.http().post(`/api/extensions/${req.id}/reject`).set(t.as('office')).send({}).expect(400);
    expect(res.body.message).toMatch(/note/);
    await t.http().post(`/api/extensions/${req.id}/approve`).set(t.as('xdd')).send({}).expect(403);
    expect((await requests(a))[0].status).toBe('pending');
  });

  it('moves the due date on approval, keeps and shows the original, and records both in the history', async () => {
    const [req] = await requests(a);
    const res = await t.http().post(`/api/extensions/${req.id}/approve`).set(t.as('office')).send({ note: 'Đồng ý' }).expect(200);
    expect(res.body).toMatchObject({ id: req.id, status: 'approved', note: 'Đồng ý', decidedBy: expect.any(String) });
    const view = await task(a);
    expect(view.deadline).toMatchObject({ due: '2025-10-31', originalDue: '2025-09-30', raw: 'hoàn thành trong tháng 9/2025' });
    // A decided request cannot be decided again.
    await t.http().post(`/api/extensions/${req.id}/reject`).set(t.as('office')).send({ note: 'Đổi ý' }).expect(409);
    const audit = (await t.http().get(`/api/audit?entity=task&entityId=${a}`).set(t.as('office')).expect(200)).body;
    const actions = (audit.items ?? audit).map((e: any) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['extension_request', 'extension_approved']));
  });

  it('rejects with a note and leaves the due date', async () => {
    const r = (await ask(d, { proposedDue: '2025-12-31', reason: 'Thiếu kinh phí' }).expect(201)).body;
    const res = await t.http().post(`/api/extensions/${r.id}/reject`).set(t.as('office')).send({ note: 'Đề nghị hoàn thành đúng hạn' }).expect(200);
    expect(res.body).toMatchObject({ status: 'rejected', note: 'Đề nghị hoàn thành đúng hạn' });
    expect((await task(d)).deadline).toMatchObject({ due: '2025-09-30', originalDue: null });
  });

  it('reminds by the approved date', async () => {
    const planned = async (date: string) => {
      t.clock.set(date);
      const [r] = await t.app.get(SweepService).run({ date, dryRun: true });
      return r.messages.flatMap((m) => m.items).filter((i) => i.taskId === a);
    };
    expect(await planned('2025-09-29')).toEqual([]); // the day before the old due date: nothing
    expect(await planned('2025-10-30')).toEqual([expect.objectContaining({ rule: 'before_1', due: '2025-10-31' })]);
    t.clock.set('2025-09-01');
  });

  it('counts extended tasks in the compliance summary and judges them by the approved date', async () => {
    const s = (await t.http().get('/api/compliance?asOf=2025-10-15&period=quarter').set(t.as('inspection')).expect(200)).body;
    const unit = s.units.find((u: any) => u.unit === 'Ban Xây dựng Đảng');
    expect(unit.extended).toBe(1);
    expect(s.totals.extended).toBe(1);
    // As of 15/10: task 1 (extended to 31/10) is in time, task 2 (due 30/9) overdue.
    expect(unit.counts).toMatchObject({ openInTime: 1, overdue: 1 });
    expect(s.formulas.extended).toMatch(/thời hạn đã duyệt/);
  });

  it('keeps the extension when the deadline is read again, and drops it when the office writes a new one', async () => {
    await t.http().patch(`/api/tasks/${a}`).set(t.as('office')).send({ text: 'Nội dung sửa lại' }).expect(200);
    expect((await task(a)).deadline).toMatchObject({ due: '2025-10-31', originalDue: '2025-09-30' });
    await t.http().patch(`/api/tasks/${a}`).set(t.as('office')).send({ deadline: 'hoàn thành trong tháng 12/2025' }).expect(200);
    expect((await task(a)).deadline).toMatchObject({ due: '2025-12-31', originalDue: null });
  });
});
