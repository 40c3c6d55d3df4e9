import { DataSource } from 'typeorm';
import { TestApp, createProgram, createTask, startApp, auditOf } from './support/app';
import { TEST_DB } from './support/databases';

describe('API against a real SQLite file', () => {
  let t: TestApp;
  let programId: number;
  let xdd: number;
  let congan: number;
  let vp: number;

  beforeAll(async () => {
    t = await startApp('2025-09-01');
    programId = await createProgram(t);
    xdd = t.unitId('Ban Xây dựng Đảng');
    congan = t.unitId('Chi bộ Công an phường');
    vp = t.unitId('Văn phòng Đảng ủy');
  });
  afterAll(() => t.close());

  it('loads the default unit directory from config/units.yaml on first start', async () => {
    const res = await t.http().get('/api/units').set(t.as('inspection')).expect(200);
    const names = res.body.map((u: any) => u.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Văn phòng Đảng ủy',
        'Ban Xây dựng Đảng',
        'Ủy ban Kiểm tra Đảng ủy',
        'Đảng bộ UBND phường',
        'Chi bộ Công an phường',
        'Chi bộ Quân sự phường',
        'Ủy ban MTTQ phường',
      ]),
    );
    const ubkt = res.body.find((u: any) => u.name === 'Ủy ban Kiểm tra Đảng ủy');
    expect(ubkt.aliases).toContain('UBKT');
  });

  it('creates a task, parses its deadline and derives timeliness from the clock', async () => {
    const task = await createTask(t, programId, { ref: 'B.III.1.1.1(1)', leadUnitId: xdd, coUnitIds: [vp], deadline: 'hoàn thành trong tháng 8/2025' });
    expect(task.deadline).toEqual({
      raw: 'hoàn thành trong tháng 8/2025',
      kind: 'window',
      start: '2025-08-01',
      due: '2025-08-31',
      every: null,
      event: null,
      reason: null,
      originalDue: null,
    });
    expect(task.leadUnit).toEqual({ id: xdd, name: 'Ban Xây dựng Đảng' });
    expect(task.coUnits).toEqual([{ id: vp, name: 'Văn phòng Đảng ủy' }]);
    expect(task.status).toBe('not_started');
    expect(task.timeliness).toBe('overdue'); // today is 2025-09-01

    t.clock.set('2025-08-29');
    expect((await t.http().get(`/api/tasks/${task.id}`).set(t.as('office')).expect(200)).body.timeliness).toBe('due_soon');
    t.clock.set('2025-07-15');
    expect((await t.http().get(`/api/tasks/${task.id}`).set(t.as('office')).expect(200)).body.timeliness).toBe('not_due');
    t.clock.set('2025-09-01');
  });

  it('runs the status workflow: progress → done → returned → done → confirmed, each step audited', async () => {
    const task = await createTask(t, programId, { leadUnitId: xdd, deadline: 'trước ngày 15/9/2025' });
    await t.http().post(`/api/tasks/${task.id}/progress`).set(t.as('xdd')).send({ note: 'Đang soạn dự thảo' }).expect(200);
    let res = await t
      .http()
      .post(`/api/tasks/${task.id}/done`)
      .set(t.as('xdd'))
      .send({ completedOn: '2025-09-01', resultNote: 'Đã ban hành kế hoạch' })
      .expect(200);
    expect(res.body.status).toBe('pending_confirmation');
    expect(res.body.timeliness).toBe('done_on_time');
    res = await t.http().post(`/api/tasks/${task.id}/return`).set(t.as('office')).send({ reason: 'Thiếu văn bản minh chứng' }).expect(200);
    expect(res.body).toMatchObject({ status: 'returned', statusReason: 'Thiếu văn bản minh chứng', completedOn: null });
    t.clock.set('2025-09-20');
    res = await t.http().post(`/api/tasks/${task.id}/done`).set(t.as('xdd')).send({ completedOn: '2025-09-18', resultNote: 'Bổ sung minh chứng' }).expect(200);
    res = await t.http().post(`/api/tasks/${task.id}/confirm`).set(t.as('office')).expect(200);
    expect(res.body).toMatchObject({ status: 'done', completedOn: '2025-09-18', timeliness: 'done_late' });
    t.clock.set('2025-09-01');

    const history = await auditOf(t, task.id);
    expect(history.map((h: any) => h.action)).toEqual(['create', 'progress', 'done', 'return', 'done', 'confirm']);
    // The task's history by date: every status change with its day, who and why.
    const changes = (await t.http().get(`/api/tasks/${task.id}/history`).set(t.as('inspection')).expect(200)).body;
    expect(changes.map((c: any) => [c.from, c.to])).toEqual([
      [null, 'not_started'],
      ['not_started', 'in_progress'],
      ['in_progress', 'pending_confirmation'],
      ['pending_confirmation', 'returned'],
      ['returned', 'pending_confirmation'],
      ['pending_confirmation', 'done'],
    ]);
    expect(changes[3]).toEqual({
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      on: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      kind: 'status',
      from: 'pending_confirmation',
      to: 'returned',
      by: 'Văn phòng',
      note: 'Thiếu văn bản minh chứng',
    });
    expect(history[3]).toMatchObject({
      actorName: 'Văn phòng',
      before: { status: 'pending_confirmation' },
      after: { status: 'returned' },
      note: 'Thiếu văn bản minh chứng',
    });
  });

  it('refuses a transition from the wrong state with 409 and leaves the task as it was', async () => {
    const task = await createTask(t, programId, { leadUnitId: xdd });
    const res = await t.http().post(`/api/tasks/${task.id}/confirm`).set(t.as('office')).expect(409);
    expect(res.body.message).toMatch(/Chưa thực hiện/);
    expect((await t.http().get(`/api/tasks/${task.id}`).set(t.as('office'))).body.status).toBe('not_started');
  });

  it('suspends, resumes and cancels with reasons; never deletes', async () => {
    const task = await createTask(t, programId, { leadUnitId: congan, deadline: 'quý IV/2025' });
    await t.http().post(`/api/tasks/${task.id}/suspend`).set(t.as('office')).send({ reason: 'Chờ hướng dẫn của cấp trên' }).expect(200);
    expect((await t.http().get(`/api/tasks/${task.id}`).set(t.as('office'))).body.timeliness).toBe('suspended');
    await t.http().post(`/api/tasks/${task.id}/resume`).set(t.as('office')).expect(200);
    await t.http().post(`/api/tasks/${task.id}/cancel`).set(t.as('office')).send({ reason: 'Không còn phù hợp' }).expect(200);
    const res = await t.http().get(`/api/tasks/${task.id}`).set(t.as('office')).expect(200);
    expect(res.body).toMatchObject({ status: 'cancelled', timeliness: 'cancelled', statusReason: 'Không còn phù hợp' });
    await t.http().delete(`/api/tasks/${task.id}`).set(t.as('office')).expect(404);
  });

  it('audits owner and deadline changes with before and after', async () => {
    const task = await createTask(t, programId, { leadUnitId: xdd, deadline: 'quý III/2025' });
    const res = await t.http().patch(`/api/tasks/${task.id}`).set(t.as('office')).send({ leadUnitId: congan, deadline: 'chậm nhất ngày 5/1/2026' }).expect(200);
    expect(res.body.deadline).toMatchObject({ kind: 'date', due: '2026-01-05' });
    const history = await auditOf(t, task.id);
    const update = history.find((h: any) => h.action === 'update');
    expect(update.before).toMatchObject({ leadUnitId: xdd, deadlineRaw: 'quý III/2025', dueDate: '2025-09-30' });
    expect(update.after).toMatchObject({ leadUnitId: congan, deadlineRaw: 'chậm nhất ngày 5/1/2026', dueDate: '2026-01-05' });
  });

  it('recomputes relative deadlines when the office sets the event date, and audits it', async () => {
    const pid = await createProgram(t, { number: '02-KH/ĐU', kind: 'ke_hoach' });
    const task = await createTask(t, pid, { leadUnitId: vp, deadline: 'chậm nhất 10 ngày sau đại hội, hoàn thành trước ngày 31/8/2025' });
    expect(task.deadline).toMatchObject({ kind: 'relative', due: '2025-08-31', event: { name: 'đại hội', offsetDays: 10 } });
    const set = await t.http().put(`/api/programs/${pid}/events`).set(t.as('office')).send({ name: 'Đại hội Đảng bộ phường', date: '2025-08-15' }).expect(200);
    expect(set.body.recomputed).toBe(1);
    let res = await t.http().get(`/api/tasks/${task.id}`).set(t.as('office'));
    expect(res.body.deadline).toMatchObject({ kind: 'relative', due: '2025-08-25', event: { name: 'Đại hội Đảng bộ phường', offsetDays: 10 } });
    await t.http().patch(`/api/programs/${pid}/events/${set.body.event.id}`).set(t.as('office')).send({ date: '2025-08-28' }).expect(200);
    res = await t.http().get(`/api/tasks/${task.id}`).set(t.as('office'));
    expect(res.body.deadline.due).toBe('2025-08-31'); // the cap wins over 2025-09-07
    const history = await auditOf(t, task.id);
    expect(history.filter((h: any) => h.action === 'deadline_recomputed')).toHaveLength(2);
  });

  it("reads a unit's own event before the program-wide one of the same name", async () => {
    const pid = await createProgram(t, { number: '04-KH/ĐU', kind: 'ke_hoach' });
    await t.http().put(`/api/programs/${pid}/events`).set(t.as('office')).send({ name: 'Đại hội chi bộ', date: '2025-06-10' }).expect(200);
    await t.http().put(`/api/programs/${pid}/events`).set(t.as('office')).send({ name: 'Đại hội chi bộ', date: '2025-05-20', unitId: congan }).expect(200);
    const own = await createTask(t, pid, { leadUnitId: congan, deadline: 'chậm nhất 05 ngày sau Đại hội chi bộ' });
    const other = await createTask(t, pid, { leadUnitId: xdd, deadline: 'chậm nhất 05 ngày sau Đại hội chi bộ' });
    expect(own.deadline.due).toBe('2025-05-25');
    expect(other.deadline.due).toBe('2025-06-15');
  });

  it('lists with filters and pagination, searching without diacritics', async () => {
    const pid = await createProgram(t, { number: '03-KH/ĐU' });
    await createTask(t, pid, { leadUnitId: xdd, text: 'Kiện toàn tổ chức bộ máy', deadline: 'trước ngày 25/8/2025' });
    await createTask(t, pid, { leadUnitId: congan, text: 'Bảo đảm an ninh trật tự', deadline: 'thực hiện thường xuyên' });
    await createTask(t, pid, { leadUnitId: congan, coUnitIds: [xdd], text: 'Phòng cháy chữa cháy', deadline: 'trong tháng 12/2025' });
    const get = (q: string) => t.http().get(`/api/tasks?program=${pid}&${q}`).set(t.as('xdd')).expect(200);
    expect((await get('')).body.total).toBe(3);
    expect((await get(`unit=${congan}`)).body.total).toBe(2);
    expect((await get(`unit=${xdd}&includeCoordinating=true`)).body.total).toBe(2);
    expect((await get('overdue=true')).body.items.map((x: any) => x.text)).toEqual(['Kiện toàn tổ chức bộ máy']);
    expect((await get('timeliness=no_deadline,not_due')).body.total).toBe(2);
    expect((await get('dueFrom=2025-12-01&dueTo=2025-12-31')).body.total).toBe(1);
    expect((await get('q=an ninh trat tu')).body.items[0].text).toBe('Bảo đảm an ninh trật tự');
    // The search index follows edits: the old words no longer find it, the new ones do, in any
    // case and with or without diacritics; two letters (below the index's trigrams) still work.
    const pccc = (await get('q=chua chay')).body.items[0];
    await t.http().patch(`/api/tasks/${pccc.id}`).set(t.as('office')).send({ text: 'Phòng, chống thiên tai và tìm kiếm cứu nạn' }).expect(200);
    expect((await get('q=chua chay')).body.total).toBe(0);
    expect((await get(`q=${encodeURIComponent('THIÊN TAI')}`)).body.items.map((x: any) => x.id)).toEqual([pccc.id]);
    expect((await get('q=cuu nan')).body.items.map((x: any) => x.id)).toEqual([pccc.id]);
    expect((await get('q=bo')).body.items.map((x: any) => x.text)).toEqual(['Kiện toàn tổ chức bộ máy']);
    const page = (await get('pageSize=2&page=2')).body;
    expect(page).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page.items).toHaveLength(1);
    // A list item is the task as its own page gives it: owner, co-units, deadline, instants.
    for (const item of (await get('')).body.items) {
      expect(item).toEqual((await t.http().get(`/api/tasks/${item.id}`).set(t.as('xdd')).expect(200)).body);
    }
    expect((await get(`unit=${congan}&q=${encodeURIComponent('thiên tai')}`)).body.items[0]).toMatchObject({
      leadUnit: { id: congan, name: 'Chi bộ Công an phường' },
      coUnits: [{ id: xdd, name: 'Ban Xây dựng Đảng' }],
    });
  });

  it('keeps the schema in migrations: synchronize is off and the migration table is filled', async () => {
    const ds = t.app.get(DataSource);
    expect(ds.options.synchronize).toBe(false);
    const rows = await ds.query('SELECT name FROM migrations');
    expect(rows.length).toBeGreaterThan(0);
    if (TEST_DB === 'sqlite') {
      // Readers beside the writer: the SQLite file runs in WAL mode.
      const [{ journal_mode }] = await ds.query('PRAGMA journal_mode');
      expect(journal_mode).toBe('wal');
    }
    // The migrations build exactly what the entities describe: nothing left for synchronize to do.
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('lets inspection add notes but nothing else', async () => {
    const task = await createTask(t, programId, { leadUnitId: xdd });
    await t.http().post(`/api/tasks/${task.id}/notes`).set(t.as('inspection')).send({ text: 'Đề nghị bổ sung minh chứng' }).expect(201);
    const notes = (await t.http().get(`/api/tasks/${task.id}/notes`).set(t.as('xdd')).expect(200)).body;
    expect(notes).toEqual([expect.objectContaining({ kind: 'inspection', authorName: 'UBKT', text: 'Đề nghị bổ sung minh chứng' })]);
    await t.http().post(`/api/tasks/${task.id}/progress`).set(t.as('inspection')).send({}).expect(403);
  });
});
