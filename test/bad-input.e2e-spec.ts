import { DataSource } from 'typeorm';
import { TestApp, createProgram, createTask, startApp } from './support/app';

describe('bad input gets a clear 4xx naming the field, and changes nothing', () => {
  let t: TestApp;
  let programId: number;
  let taskId: number;
  let xdd: number;

  const counts = async () => {
    const ds = t.app.get(DataSource);
    const [tasks] = await ds.query('SELECT COUNT(*) AS n FROM tasks');
    const [audit] = await ds.query('SELECT COUNT(*) AS n FROM audit_events');
    const [co] = await ds.query('SELECT COUNT(*) AS n FROM task_co_units');
    const [programs] = await ds.query('SELECT COUNT(*) AS n FROM programs');
    const [units] = await ds.query('SELECT COUNT(*) AS n FROM units');
    return { tasks: tasks.n, audit: audit.n, co: co.n, programs: programs.n, units: units.n };
  };

  beforeAll(async () => {
    t = await startApp('2025-09-01');
    programId = await createProgram(t);
    xdd = t.unitId('Ban Xây dựng Đảng');
    taskId = (await createTask(t, programId, { leadUnitId: xdd, deadline: 'trong tháng 9/2025' })).id;
  });
  afterAll(() => t.close());

  const cases: [string, 'post' | 'patch' | 'put', () => string, () => unknown, string][] = [
    ['unknown field', 'post', () => '/api/tasks', () => ({ programId, text: 'Nhiệm vụ', priority: 'cao' }), 'priority'],
    ['wrong type', 'post', () => '/api/tasks', () => ({ programId: 'một', text: 'Nhiệm vụ' }), 'programId'],
    ['missing text', 'post', () => '/api/tasks', () => ({ programId }), 'text'],
    ['text over the limit', 'post', () => '/api/tasks', () => ({ programId, text: 'x'.repeat(10001) }), 'text'],
    ['unknown lead unit', 'post', () => '/api/tasks', () => ({ programId, text: 'Nhiệm vụ', leadUnitId: 9999 }), 'leadUnitId'],
    [
      'unknown coordinating unit',
      'post',
      () => '/api/tasks',
      () => ({ programId, text: 'Nhiệm vụ', leadUnitId: xdd, coUnitIds: [xdd + 1, 9999] }),
      'coUnitIds',
    ],
    ['unknown program', 'post', () => '/api/tasks', () => ({ programId: 9999, text: 'Nhiệm vụ' }), 'programId'],
    ['impossible completion date', 'post', () => `/api/tasks/${taskId}/done`, () => ({ completedOn: '2025-02-31', resultNote: 'Xong' }), 'completedOn'],
    ['completion date in the future', 'post', () => `/api/tasks/${taskId}/done`, () => ({ completedOn: '2025-09-02', resultNote: 'Xong' }), 'completedOn'],
    ['date in the wrong format', 'post', () => `/api/tasks/${taskId}/done`, () => ({ completedOn: '01/09/2025', resultNote: 'Xong' }), 'completedOn'],
    ['missing reason', 'post', () => `/api/tasks/${taskId}/suspend`, () => ({}), 'reason'],
    ['patch with unknown unit', 'patch', () => `/api/tasks/${taskId}`, () => ({ leadUnitId: 424242 }), 'leadUnitId'],
    [
      'program with impossible issue date',
      'post',
      () => '/api/programs',
      () => ({ kind: 'ke_hoach', title: 'Kế hoạch', issuedDate: '2025-02-29' }),
      'issuedDate',
    ],
    ['program of unknown kind', 'post', () => '/api/programs', () => ({ kind: 'thong_bao', title: 'Kế hoạch' }), 'kind'],
    ['term ending before it starts', 'post', () => '/api/programs', () => ({ kind: 'ke_hoach', title: 'Kế hoạch', termStart: 2030, termEnd: 2025 }), 'termEnd'],
    ['event with impossible date', 'put', () => `/api/programs/${programId}/events`, () => ({ name: 'Đại hội', date: '2025-13-01' }), 'date'],
    ['unit with a bad email', 'post', () => '/api/units', () => ({ name: 'Chi bộ Khu phố 1', emails: ['not-an-email'] }), 'emails'],
    ['unit whose alias clashes with another unit', 'post', () => '/api/units', () => ({ name: 'Chi bộ mới', aliases: ['ubkt'] }), 'aliases'],
    ['non-numeric id', 'post', () => '/api/tasks/abc/progress', () => ({}), 'id'],
    ['deadline phrase too long', 'post', () => '/api/deadlines/parse', () => ({ phrase: 'x'.repeat(501) }), 'phrase'],
  ];

  it.each(cases)('%s → 4xx naming the field, nothing written', async (_name, method, path, body, field) => {
    const before = await counts();
    const taskBefore = (await t.http().get(`/api/tasks/${taskId}`).set(t.as('office'))).body;
    const res = await t
      .http()
      [method](path())
      .set(t.as('office'))
      .send(body() as object);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.message).toContain(field);
    expect(await counts()).toEqual(before);
    expect((await t.http().get(`/api/tasks/${taskId}`).set(t.as('office'))).body).toEqual(taskBefore);
  });

  it('rejects malformed JSON with 400', async () => {
    const res = await t.http().post('/api/tasks').set(t.as('office')).set('Content-Type', 'application/json').send('{"programId": 1, "text": ');
    expect(res.status).toBe(400);
  });

  it('answers 404 for a task of no one, not 500', async () => {
    const res = await t.http().get('/api/tasks/999999').set(t.as('office')).expect(404);
    expect(res.body.message).toMatch(/999999/);
  });

  it('takes 50 concurrent writes: every valid one lands, every invalid one fails cleanly', async () => {
    const before = await counts();
    const requests = Array.from({ length: 50 }, (_, i) => {
      if (i % 10 === 9) return t.http().post('/api/tasks').set(t.as('office')).send({ programId, text: 'Lỗi', leadUnitId: 9999 });
      if (i % 5 === 0)
        return t
          .http()
          .post(`/api/tasks/${taskId}/progress`)
          .set(t.as('xdd'))
          .send({ note: `Tiến độ ${i}` });
      return t
        .http()
        .post('/api/tasks')
        .set(t.as('office'))
        .send({ programId, text: `Nhiệm vụ song song ${i}`, leadUnitId: xdd, coUnitIds: [t.unitId('Văn phòng Đảng ủy')], deadline: 'quý IV/2025' });
    });
    const results = await Promise.all(requests);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    const created = statuses.filter((s) => s === 201).length;
    const progressed = statuses.filter((s) => s === 200).length;
    expect(created).toBe(35);
    expect(progressed).toBe(10);
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    const after = await counts();
    expect(after.tasks - before.tasks).toBe(created);
    expect(after.co - before.co).toBe(created);
    expect(after.audit - before.audit).toBe(created + progressed);
  });
});
