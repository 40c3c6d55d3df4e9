import { ComplianceService } from '../src/compliance/compliance.service';
import { ORIGIN } from '../src/compliance/tally';
import { TallyService } from '../src/compliance/tally.service';
import { ProvisioningService } from '../src/committees/provisioning.service';
import { Db } from '../src/database/db.service';
import { addDays } from '../src/deadlines/calendar';
import { TestApp, createProgram, createTask, startApp } from './support/app';

/**
 * The counts kept per unit and day (compliance/tally*.ts) must equal a scan of the tasks as
 * of any date, after every kind of change, whichever path made it: the API's transitions,
 * extensions, reassignment, an event date that moves relative deadlines, SQL by hand (the
 * triggers queue it), a task deleted, and two folds at once.
 */
describe('compliance counts kept per unit and day agree with a scan of the tasks', () => {
  let t: TestApp;
  let compliance: ComplianceService;
  let tallies: TallyService;
  let db: Db;
  let programId: number;
  const ids: number[] = [];
  // Report dates around everything the tasks do: quarter ends, deadlines, ±30/90 days.
  const dates = Array.from({ length: 40 }, (_, i) => addDays('2025-05-15', i * 9));
  const agree = async () => expect(await compliance.checkTallies({ committeeId: t.committeeId }, dates)).toEqual([]);
  const deadlines = [
    'hoàn thành trong tháng 8/2025',
    'quý III/2025',
    'trước ngày 15/9/2025',
    'thực hiện thường xuyên',
    'hằng tháng báo cáo kết quả',
    'chậm nhất 10 ngày sau đại hội',
    'từ tháng 7 đến tháng 10/2025',
    'năm 2025',
    '',
  ];

  beforeAll(async () => {
    t = await startApp('2025-07-01');
    compliance = t.app.get(ComplianceService);
    tallies = t.app.get(TallyService);
    db = t.app.get(Db);
    programId = await createProgram(t, { issuedDate: '2025-07-01' });
    const units = [t.unitId('Ban Xây dựng Đảng'), t.unitId('Chi bộ Công an phường'), null];
    for (let i = 0; i < 27; i++) {
      const task = await createTask(t, programId, { ref: `${i + 1}`, leadUnitId: units[i % 3], deadline: deadlines[i % deadlines.length] || undefined });
      ids.push(task.id);
    }
  });
  afterAll(() => t.close());

  it('agrees for tasks as entered', agree);

  it('agrees after progress, completions on several days, confirmations, returns, suspensions and cancellations', async () => {
    const office = t.as('office');
    t.clock.set('2025-08-10');
    for (const id of ids.slice(0, 6)) await t.http().post(`/api/tasks/${id}/progress`).set(office).send({ note: 'Đang triển khai' }).expect(200);
    t.clock.set('2025-08-15');
    for (const [k, id] of ids.slice(6, 12).entries())
      await t
        .http()
        .post(`/api/tasks/${id}/done`)
        .set(office)
        .send({ completedOn: addDays('2025-08-01', k * 2), resultNote: 'Đã xong' })
        .expect(200);
    t.clock.set('2025-09-20');
    for (const id of ids.slice(6, 9)) await t.http().post(`/api/tasks/${id}/confirm`).set(office).expect(200);
    await t.http().post(`/api/tasks/${ids[9]}/return`).set(office).send({ reason: 'Thiếu báo cáo' }).expect(200);
    await t.http().post(`/api/tasks/${ids[12]}/suspend`).set(office).send({ reason: 'Chờ chỉ đạo' }).expect(200);
    await t.http().post(`/api/tasks/${ids[13]}/cancel`).set(office).send({ reason: 'Không còn phù hợp' }).expect(200);
    t.clock.set('2025-10-02');
    await t.http().post(`/api/tasks/${ids[12]}/resume`).set(office).send({}).expect(200);
    await agree();
  });

  it('agrees on reports owed and made, late and on time, and no longer counts those of a task suspended later', async () => {
    const report = async (n: number, user: 'xdd' | 'congan', on: string, period: string) => {
      t.clock.set(on);
      await t
        .http()
        .post(`/api/tasks/${ids[n]}/reports`)
        .set(t.as(user))
        .send({ period, text: `Báo cáo kỳ ${period}` })
        .expect(201);
    };
    await report(3, 'xdd', '2025-10-03', '2025-Q3');
    await report(21, 'xdd', '2025-10-03', '2025-Q3');
    await report(4, 'congan', '2025-10-03', '2025-09');
    await report(22, 'congan', '2025-10-20', '2025-10');
    await report(21, 'xdd', '2025-10-20', '2025-Q4');
    t.clock.set('2025-10-25');
    await t.http().post(`/api/tasks/${ids[21]}/suspend`).set(t.as('office')).send({ reason: 'Tạm dừng' }).expect(200);
    await agree();
    // The year so far, read before and after the suspension: three Q3/September reports came
    // late on 3/10; the suspended task's report leaves the count from the day of its suspension.
    const year = async (asOf: string) => (await t.http().get(`/api/compliance?asOf=${asOf}&period=year`).set(t.as('office')).expect(200)).body.totals.reports;
    expect((await year('2025-10-24')).late).toBe(3);
    expect((await year('2025-10-25')).late).toBe(2);
  });

  it('agrees after an extension, a reassignment, a new deadline and an event date that moves relative deadlines', async () => {
    const office = t.as('office');
    const ext = await t.http().post(`/api/tasks/${ids[1]}/extensions`).set(office).send({ proposedDue: '2025-12-31', reason: 'Chờ số liệu' }).expect(201);
    await t.http().post(`/api/extensions/${ext.body.id}/approve`).set(office).send({}).expect(200);
    await t
      .http()
      .patch(`/api/tasks/${ids[14]}`)
      .set(office)
      .send({ leadUnitId: t.unitId('Ban Xây dựng Đảng') })
      .expect(200);
    await t.http().patch(`/api/tasks/${ids[15]}`).set(office).send({ deadline: 'hoàn thành trong tháng 6/2025' }).expect(200);
    await t.http().put(`/api/programs/${programId}/events`).set(office).send({ name: 'Đại hội', date: '2025-08-20' }).expect(200);
    await agree();
  });

  it('agrees after SQL by hand and a deleted task: the triggers queue whatever changes a task', async () => {
    await db.write((m) => m.query(`UPDATE tasks SET status = 'done', "completedOn" = '2025-09-01' WHERE id = ${ids[16]}`));
    await db.write(async (m) => {
      await m.query(`DELETE FROM task_co_units WHERE "taskId" = ${ids[17]}`);
      await m.query(`DELETE FROM task_changes WHERE "taskId" = ${ids[17]}`);
      await m.query(`DELETE FROM tasks WHERE id = ${ids[17]}`);
    });
    await agree();
  });

  it('counts each change once when two folds run at once, and a rebuild gives the same counts', async () => {
    await db.write((m) => m.query(`UPDATE tasks SET status = 'in_progress' WHERE id IN (${ids.slice(18, 24).join(', ')})`));
    await Promise.all([tallies.fold([t.committeeId]), tallies.fold([t.committeeId]), tallies.fold([t.committeeId])]);
    await agree();
    const before = (await t.http().get('/api/compliance?asOf=2025-09-30').set(t.as('office')).expect(200)).body;
    // The check bites: a count changed behind the tallies' back is found, and a rebuild repairs it.
    await db.write((m) => m.query(`UPDATE tally_months SET overdue = overdue + 1 WHERE "committeeId" = ${t.committeeId} AND month = '${ORIGIN.slice(0, 7)}'`));
    expect((await compliance.checkTallies({ committeeId: t.committeeId }, dates)).length).toBeGreaterThan(0);
    expect(await tallies.rebuild(t.committeeId)).toBe(ids.length - 1);
    await agree();
    const after = (await t.http().get('/api/compliance?asOf=2025-09-30').set(t.as('office')).expect(200)).body;
    expect(after).toEqual(before);
  });

  it('keeps a province roll-up per committee that agrees with a scan of each ward', async () => {
    const province = t.app.get(ProvisioningService);
    const ward = await province.create(null, { name: 'Đảng bộ phường Thử', parentId: t.committeeId });
    await db.write((m) =>
      m.query(
        `INSERT INTO programs ("committeeId", kind, title, "issuedDate", "reportPeriod") VALUES (${ward.id}, 'ke_hoach', 'Kế hoạch', '2025-07-01', 'quarter')`,
      ),
    );
    const [{ id: wardProgram }] = await db.query<{ id: number }>(`SELECT MAX(id) AS id FROM programs WHERE "committeeId" = :ward`, { ward: ward.id });
    await db.write((m) =>
      m.query(
        `INSERT INTO tasks ("committeeId", "programId", ref, position, text, "searchText", "scheduleKind", "dueDate", status, "completedOn", version)
         VALUES (${ward.id}, ${wardProgram}, '1', 1, 'Nhiệm vụ', 'nhiem vu', 'date', '2025-08-31', 'not_started', NULL, 1),
                (${ward.id}, ${wardProgram}, '2', 2, 'Nhiệm vụ', 'nhiem vu', 'date', '2025-08-31', 'done', '2025-09-03', 1)`,
      ),
    );
    expect(await compliance.checkTallies({ committeeIds: [t.committeeId, ward.id] }, dates)).toEqual([]);
    const rollup = await compliance.rollup(t.committeeId, { asOf: '2025-09-30' });
    const row = rollup.committees.find((c) => c.committee.id === ward.id)!;
    expect(row.totals.counts).toMatchObject({ overdue: 1, late: 1 });
  });
});
