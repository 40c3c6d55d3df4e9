/**
 * Concurrent changes to one task, on both databases: a status change reads, checks and writes
 * the task, so two requests at once must not both pass the check. SQLite serialises writers;
 * PostgreSQL runs them side by side, and the task's row is locked for the transaction.
 */
import { DataSource } from 'typeorm';
import { Db } from '../src/database/db.service';
import { TestApp, createProgram, createTask, startApp } from './support/app';
import { DbKind, databases, dbEnv, stopDatabases } from './support/databases';

describe.each(databases())('concurrent changes on %s', (db: DbKind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp('2025-09-01', { env: await dbEnv(db) });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await stopDatabases();
  });

  it('a reader never sees a write that is not committed, nor one that is then rolled back, and is not held up by it', async () => {
    const pid = await createProgram(t);
    const task = await createTask(t, pid, { leadUnitId: t.unitId('Ban Xây dựng Đảng'), text: 'Trước khi ghi' });
    const dbs = t.app.get(Db);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inside!: () => void;
    const entered = new Promise<void>((r) => (inside = r));
    // A write transaction changes the task, then waits with the change uncommitted, then fails.
    const writing = dbs
      .write(async (m) => {
        await dbs.query('UPDATE tasks SET text = :text WHERE id = :id', { text: 'Chưa ghi xong', id: task.id }, m);
        inside();
        await held;
        throw new Error('rolled back on purpose');
      })
      .catch((e: Error) => e.message);
    await entered;
    // Meanwhile the API reads the task: the committed text, at once (not after the writer).
    const read = await t.http().get(`/api/tasks/${task.id}`).set(t.as('office')).expect(200);
    expect(read.body.text).toBe('Trước khi ghi');
    release();
    expect(await writing).toBe('rolled back on purpose');
    expect((await t.http().get(`/api/tasks/${task.id}`).set(t.as('office')).expect(200)).body.text).toBe('Trước khi ghi');
  });

  it('10 concurrent "done" reports: exactly one succeeds, the others are told the task changed', async () => {
    const programId = await createProgram(t);
    const task = await createTask(t, programId, { leadUnitId: t.unitId('Ban Xây dựng Đảng'), deadline: 'trước ngày 30/9/2025' });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t
          .http()
          .post(`/api/tasks/${task.id}/done`)
          .set(t.as('xdd'))
          .send({ completedOn: '2025-08-31', resultNote: `Báo cáo lần ${i + 1}` }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const ds = t.app.get(DataSource);
    const audits = await ds.query(`SELECT COUNT(*) AS n FROM audit_events WHERE entity = 'task' AND "entityId" = ${Number(task.id)} AND action = 'done'`);
    expect(Number(audits[0].n)).toBe(1);
  }, 60_000);

  it('an office confirmation racing a unit report: one order or the other, never both from the same state', async () => {
    const programId = await createProgram(t, { number: '02-CTr/ĐU' });
    const task = await createTask(t, programId, { leadUnitId: t.unitId('Ban Xây dựng Đảng'), deadline: 'trước ngày 30/9/2025' });
    const [a, b] = await Promise.all([
      t.http().post(`/api/tasks/${task.id}/suspend`).set(t.as('office')).send({ reason: 'Tạm dừng theo chỉ đạo' }),
      t.http().post(`/api/tasks/${task.id}/done`).set(t.as('xdd')).send({ completedOn: '2025-08-31', resultNote: 'Đã xong' }),
    ]);
    // Whichever came second saw the other's result: "done" on a suspended task, or suspending a
    // task waiting for confirmation (allowed) — but never two writes from the same starting state.
    const ds = t.app.get(DataSource);
    const audits: { action: string; before: string }[] = await ds.query(
      `SELECT action, "before" FROM audit_events WHERE entity = 'task' AND "entityId" = ${Number(task.id)} AND action IN ('done', 'suspend') ORDER BY id`,
    );
    const starts = audits.map((x) => JSON.parse(x.before).status);
    expect(new Set(starts).size).toBe(starts.length);
    expect([a.status, b.status]).toContain(200);
  }, 60_000);

  it('one transaction plans it, the others find it planned: no error, one row', async () => {
    const { enqueue } = await import('../src/mail/outbox.entity');
    const { Db } = await import('../src/database/db.service');
    const dbs = t.app.get(Db);
    const committeeId = Number((await t.app.get(DataSource).query('SELECT id FROM committees ORDER BY id'))[0].id);
    const msg = {
      committeeId,
      idempotencyKey: 'digest:test:2025-09-01',
      kind: 'digest' as const,
      forDate: '2025-09-01',
      to: ['ubkt@example.vn'],
      subject: 'Thử',
      template: 'reminder',
      data: {},
      items: [],
    };
    const results = await Promise.all(Array.from({ length: 5 }, () => dbs.write((m) => enqueue(m, msg, new Date().toISOString()))));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(results.filter((r) => r === null)).toHaveLength(4);
    const rows = await t.app.get(DataSource).query(`SELECT COUNT(*) AS n FROM outbox WHERE "idempotencyKey" = 'digest:test:2025-09-01'`);
    expect(Number(rows[0].n)).toBe(1);
  }, 60_000);
});

describe.each(databases().filter((d) => d === 'postgres'))('instances starting together on an empty %s database', (db: DbKind) => {
  afterAll(() => stopDatabases());

  it('migrate and seed once: three instances up, one committee, each migration recorded once', async () => {
    const env = await dbEnv(db);
    // TypeORM retries a failed connection, so a lost race would still end "up": what the
    // instances logged while starting shows whether they raced.
    const logged: string[] = [];
    const write = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
    const capture = (chunk: string | Uint8Array) => (logged.push(String(chunk)), true);
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
    let apps: Awaited<ReturnType<typeof startApp>>[];
    try {
      apps = await Promise.all([0, 1, 2].map(() => startApp('2025-09-01', { env, shared: true })));
    } finally {
      process.stdout.write = write.out;
      process.stderr.write = write.err;
    }
    expect(logged.join('')).not.toMatch(/QueryFailedError|duplicate key|already exists|Unable to connect/);
    try {
      const ds = apps[0].app.get(DataSource);
      expect(Number((await ds.query('SELECT COUNT(*) AS n FROM committees'))[0].n)).toBe(1);
      const migrations: { name: string; n: string }[] = await ds.query('SELECT name, COUNT(*) AS n FROM migrations GROUP BY name');
      expect(migrations.length).toBeGreaterThan(0);
      expect(migrations.every((m) => Number(m.n) === 1)).toBe(true);
      expect(Number((await ds.query(`SELECT COUNT(*) AS n FROM users WHERE username = 'admin'`))[0].n)).toBe(1);
      for (const a of apps) await a.http().get('/health').expect(200);
    } finally {
      for (const a of apps) await a.close();
    }
  }, 120_000);
});

describe('the daily sweep started by three instances at the same moment (SQLite, one file)', () => {
  it('one sweeps; the others find it running or already done, never sweeping the same days again', async () => {
    const a = await startApp('2025-09-01');
    const others = await Promise.all([0, 1].map(() => startApp('2025-09-01', { dbPath: a.dbPath })));
    try {
      const { SweepService } = await import('../src/reminders/sweep.service');
      const programId = await createProgram(a);
      await createTask(a, programId, { leadUnitId: a.unitId('Ban Xây dựng Đảng'), deadline: 'trước ngày 3/9/2025' });
      const results = (await Promise.all([a, ...others].map((x) => x.app.get(SweepService).run({ upTo: '2025-09-01' })))).flat();
      expect(results.filter((r) => !r.skipped)).toHaveLength(1);
      expect(results.filter((r) => r.skipped).map((r) => r.skipped)).toEqual(expect.arrayContaining([expect.stringMatching(/đã quét|đang quét/)]));
    } finally {
      for (const x of others) await x.close();
      await a.close();
    }
  }, 60_000);
});
