import { SweepService } from '../src/reminders/sweep.service';
import { PASSWORD, TestApp, createProgram, createTask, formClient, startApp } from './support/app';

describe('alerts the practice expects: chưa triển khai, không cập nhật (config/reminders.yaml)', () => {
  let t: TestApp;
  let late: number; // window December 2025, never started
  let quiet: number; // window Q2 2026, started, then silent
  let started: number; // window December 2025, started in time
  const planned = async (date: string) => {
    t.clock.set(date);
    const [r] = await t.app.get(SweepService).run({ date, dryRun: true });
    return r.messages.flatMap((m) => m.items.filter((i) => i.rule === 'not_started' || i.rule === 'no_update').map((i) => `${i.taskId} ${i.rule}`));
  };
  const officePage = async (date: string) => {
    t.clock.set(date);
    const c = await formClient(t);
    await c.post('/login', { username: 'office', password: PASSWORD }).expect(303);
    return (await c.agent.get('/office').expect(200)).text;
  };

  beforeAll(async () => {
    t = await startApp('2025-11-20');
    const programId = await createProgram(t, { issuedDate: '2025-11-20' });
    const xdd = t.unitId('Ban Xây dựng Đảng');
    late = (await createTask(t, programId, { ref: 'A', leadUnitId: xdd, text: 'Tổng kết công tác năm', deadline: 'hoàn thành trong tháng 12/2025' })).id;
    started = (await createTask(t, programId, { ref: 'B', leadUnitId: xdd, text: 'Kiểm tra chi bộ', deadline: 'hoàn thành trong tháng 12/2025' })).id;
    quiet = (await createTask(t, programId, { ref: 'C', leadUnitId: xdd, text: 'Sơ kết nghị quyết', deadline: 'hoàn thành trong quý II/2026' })).id;
    t.clock.set('2025-12-03');
    await t.http().post(`/api/tasks/${started}/progress`).set(t.as('xdd')).send({ note: 'Đã xây dựng kế hoạch' }).expect(200);
  });
  afterAll(() => t.close());

  it('reminds "chưa triển khai" once, 15 days after the window opened', async () => {
    expect(await planned('2025-12-15')).toEqual([]);
    expect(await planned('2025-12-16')).toEqual([`${late} not_started`]);
    expect(await planned('2025-12-17')).toEqual([]);
  });

  it('reminds "không cập nhật" after 30 days of silence while the due date is more than a month away', async () => {
    // Quý II/2026 opens on 1/4; the unit reports on 5/4, then nothing: 5/5 is 30 days on, and
    // 30/6 is still more than a month ahead. On 4/6 it is not: the deadline reminders speak then.
    t.clock.set('2026-04-05');
    await t.http().post(`/api/tasks/${quiet}/progress`).set(t.as('xdd')).send({ note: 'Đã triển khai' }).expect(200);
    expect(await planned('2026-05-04')).toEqual([]);
    expect(await planned('2026-05-05')).toEqual([`${quiet} no_update`]);
    expect(await planned('2026-06-04')).toEqual([]);
  });

  it('lists both on the office dashboard, with the days the rules give', async () => {
    const html = await officePage('2025-12-20');
    expect(html).toContain('Chưa triển khai (1)');
    const list = /<ul class="plain" data-alert="not_started">([\s\S]*?)<\/ul>/.exec(html)![1];
    expect(list).toContain(`/tasks/${late}`);
    expect(list).not.toContain(`/tasks/${started}`);
    expect(list).toContain('thực hiện từ 01/12/2025');
    const later = await officePage('2026-05-10');
    expect(later).toContain('Không cập nhật (1)');
    expect(/<ul class="plain" data-alert="no_update">([\s\S]*?)<\/ul>/.exec(later)![1]).toContain(`/tasks/${quiet}`);
  });

  it('follows the committee’s own rules (0 = off)', async () => {
    await t
      .http()
      .patch(`/api/committees/${t.committeeId}/settings`)
      .set(t.as('admin'))
      .send({ reminderRules: { notStartedDays: 0 } })
      .expect(200);
    expect(await planned('2025-12-16')).toEqual([]);
    expect(await officePage('2025-12-20')).not.toContain('Chưa triển khai (');
    await t
      .http()
      .patch(`/api/committees/${t.committeeId}/settings`)
      .set(t.as('admin'))
      .send({ reminderRules: { notStartedDays: 20 } })
      .expect(200);
    expect(await planned('2025-12-21')).toEqual([`${late} not_started`]);
  });
});
