import { DigestsService } from '../src/compliance/digests.service';
import { Db } from '../src/database/db.service';
import { OutboxSender } from '../src/mail/outbox-sender.service';
import { OutboxService } from '../src/mail/outbox.service';
import { TestApp, createProgram, createTask, startApp } from './support/app';

describe('outbox retention', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp('2025-09-01', { env: { OUTBOX_KEEP_DAYS: '90' } })));
  afterAll(() => t.close());

  it('keeps the record of a sent message but drops its body and attachments after the retention period, and only then', async () => {
    const pid = await createProgram(t);
    await createTask(t, pid, { leadUnitId: t.unitId('Ban Xây dựng Đảng'), deadline: 'chậm nhất ngày 20/8/2025' });
    // On 1/9: the monthly summary (a chart and a workbook attached) and a reminder, both sent.
    expect(await t.app.get(DigestsService).monthlySummary(1, '2025-09-01')).toBe(true);
    await createTask(t, pid, { leadUnitId: t.unitId('Chi bộ Công an phường'), deadline: 'chậm nhất ngày 2/9/2025' });
    await t.http().post('/api/reminders/run').set(t.as('office')).send({ date: '2025-09-01' }).expect(200);
    await t.app.get(OutboxSender).drain();
    const db = t.app.get(Db);
    const rows = () =>
      db.query<{ id: number; status: string; subject: string; attachments: string | null; data: string }>(
        'SELECT id, status, subject, attachments, data FROM outbox ORDER BY id',
      );
    const sent = await rows();
    expect(sent.map((r) => r.status)).toEqual(['sent', 'sent']);
    const summary = sent.find((r) => r.attachments !== null)!;
    expect(summary).toBeDefined();

    // 89 days on, another reminder goes out; nothing is old enough yet.
    t.clock.set('2025-11-29');
    await createTask(t, pid, { leadUnitId: t.unitId('Chi bộ Công an phường'), deadline: 'chậm nhất ngày 2/12/2025' });
    await t.http().post('/api/reminders/run').set(t.as('office')).send({ date: '2025-11-29' }).expect(200);
    expect(await t.app.get(OutboxService).prune()).toBe(0);
    // 91 days on: the sent messages lose data and attachments and keep their record, the recent one keeps everything.
    t.clock.set('2025-12-01');
    expect(await t.app.get(OutboxService).prune()).toBe(2);
    const after = await rows();
    expect(after).toHaveLength(3);
    expect(after.slice(0, 2).map((r) => [r.id, r.status, r.subject])).toEqual(sent.map((r) => [r.id, r.status, r.subject]));
    expect(after.slice(0, 2).every((r) => r.attachments === null && JSON.parse(r.data).pruned === true)).toBe(true);
    expect(after[2].status).toBe('sent');
    expect(JSON.parse(after[2].data).pruned).toBeUndefined();
    // The office's preview says what happened instead of failing to render.
    const page = await t.http().get(`/api/outbox/${summary.id}/preview`).set(t.as('office')).expect(200);
    expect(page.text).toMatch(/đã được xoá theo thời hạn lưu trữ \(90 ngày\)/);
    // Run again: nothing left to do.
    expect(await t.app.get(OutboxService).prune()).toBe(0);
  });
});
