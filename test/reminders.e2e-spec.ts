import { DataSource } from 'typeorm';
import { addDays } from '../src/deadlines/calendar';
import { OutboxSender } from '../src/mail/outbox-sender.service';
import { JobsScheduler } from '../src/jobs/jobs.scheduler';
import { SweepService } from '../src/reminders/sweep.service';
import { TestApp, createProgram, createTask, runChild, startApp } from './support/app';
import { TestSmtp } from './support/smtp';

const FAST = { SENDER_BACKOFF_SECONDS: '0', SENDER_MAX_ATTEMPTS: '6', SMTP_TIMEOUT_SECONDS: '5' };

async function day(t: TestApp, d: string): Promise<void> {
  t.clock.set(d);
  await t.app.get(SweepService).run({ upTo: d });
  await t.app.get(OutboxSender).drain();
}

describe('reminders over a simulated quarter, through a real SMTP server', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let ids: Record<string, number>;
  const unit = (name: string) => t.unitId(name);

  beforeAll(async () => {
    smtp = new TestSmtp();
    const url = await smtp.start();
    t = await startApp('2025-07-01', { env: { SMTP_URL: url, ...FAST } });
    // This quarter is about deadline and report reminders; the alerts ("chưa triển khai",
    // "không cập nhật") have their own suite (alerts.e2e-spec.ts).
    await t
      .http()
      .patch(`/api/committees/${t.committeeId}/settings`)
      .set(t.as('admin'))
      .send({ reminderRules: { notStartedDays: 0, noUpdateDays: 0 } })
      .expect(200);
    const pid = await createProgram(t, { issuedDate: '2025-07-01', number: '05-KH/ĐU' });
    const xdd = unit('Ban Xây dựng Đảng');
    const congan = unit('Chi bộ Công an phường');
    ids = {
      t1: (
        await createTask(t, pid, {
          ref: 'II.1',
          leadUnitId: xdd,
          text: 'Hướng dẫn kiểm điểm <script>alert("x")</script> & đánh giá',
          deadline: 'chậm nhất ngày 15/8/2025',
        })
      ).id,
      t2: (await createTask(t, pid, { ref: 'II.2', leadUnitId: xdd, text: 'Tổng hợp kết quả', deadline: 'hoàn thành trong tháng 8/2025' })).id,
      t3: (await createTask(t, pid, { ref: 'II.3', leadUnitId: congan, text: 'Bảo đảm an ninh trật tự', deadline: 'thực hiện thường xuyên' })).id,
      t4: (await createTask(t, pid, { ref: 'II.4', leadUnitId: congan, text: 'Báo cáo sau đại hội', deadline: 'chậm nhất 05 ngày sau Đại hội Đảng bộ phường' }))
        .id,
      t5: (await createTask(t, pid, { ref: 'II.5', leadUnitId: congan, text: 'Tham mưu tuyển quân', deadline: 'sớm' })).id,
    };
    for (let d = '2025-07-01'; d <= '2025-09-30'; d = addDays(d, 1)) {
      if (d === '2025-08-20') {
        await t.http().post(`/api/tasks/${ids.t1}/done`).set(t.as('xdd')).send({ completedOn: '2025-08-19', resultNote: 'Đã ban hành hướng dẫn' }).expect(200);
      }
      if (d === '2025-09-01') {
        await t.http().put(`/api/programs/${pid}/events`).set(t.as('office')).send({ name: 'Đại hội Đảng bộ phường', date: '2025-09-10' }).expect(200);
      }
      await day(t, d);
    }
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('delivers every expected reminder on its day, each exactly once', () => {
    const key = (u: string, d: string) => `reminder:1:${unit(u)}:${d}`;
    const expected = [
      // II.1 due 15/8: 7, 3 and 1 days before and on the day; done on 19/8 before the first overdue reminder.
      ...['2025-08-08', '2025-08-12', '2025-08-14', '2025-08-15'].map((d) => key('Ban Xây dựng Đảng', d)),
      // II.2 due 31/8 (window August): before, on the day, then every 7 days overdue.
      ...['2025-08-24', '2025-08-28', '2025-08-30', '2025-08-31', '2025-09-07', '2025-09-14', '2025-09-21', '2025-09-28'].map((d) =>
        key('Ban Xây dựng Đảng', d),
      ),
      // II.4 relative: reminded only once the Đại hội date is known (due 15/9).
      ...['2025-09-08', '2025-09-12', '2025-09-14', '2025-09-15', '2025-09-22', '2025-09-29'].map((d) => key('Chi bộ Công an phường', d)),
      // II.3 continuous: the Q3 report, 7 days before the quarter closes.
      key('Chi bộ Công an phường', '2025-09-23'),
    ].sort();
    const reminders = [...smtp.byKey()].filter(([k]) => k.startsWith('reminder:'));
    expect(reminders.map(([k]) => k).sort()).toEqual(expected);
    expect(reminders.every(([, n]) => n === 1)).toBe(true);
  });

  it('tells the office every Monday which tasks still need a deadline, and never reminds units about them', () => {
    const office = smtp.received.filter((r) => r.key.startsWith('office-deadlines:'));
    expect(office).toHaveLength(13); // the Mondays from 7/7 to 29/9
    expect(office[0].rcpt).toEqual(['vanphong@example.vn']);
    expect(office[0].subject).toBe('[dondoc] Văn phòng Đảng ủy: 2 nhiệm vụ cần xác định thời hạn');
    expect(office.at(-1)!.subject).toBe('[dondoc] Văn phòng Đảng ủy: 1 nhiệm vụ cần xác định thời hạn');
    expect(smtp.received.filter((r) => r.key.startsWith('reminder:')).some((r) => r.html.includes('II.5'))).toBe(false);
  });

  it('writes readable Vietnamese messages, grouped, with subject counts and escaped task text', () => {
    const m = smtp.received.find((r) => r.key === `reminder:1:${unit('Ban Xây dựng Đảng')}:2025-08-15`)!;
    expect(m.subject).toBe('[dondoc] Ban Xây dựng Đảng: 1 sắp đến hạn');
    expect(m.rcpt).toEqual(['banxaydungdang@example.vn']);
    expect(m.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; đánh giá');
    expect(m.html).not.toContain('<script>');
    expect(m.text).toContain('<script>alert("x")</script> & đánh giá');
    expect(m.text).toContain('II.1');
    expect(m.text).toContain('đến hạn hôm nay');
    expect(m.html).toMatch(/href="http:\/\/localhost:3000\/r\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"/);
    const overdue = smtp.received.find((r) => r.key === `reminder:1:${unit('Ban Xây dựng Đảng')}:2025-09-07`)!;
    expect(overdue.subject).toBe('[dondoc] Ban Xây dựng Đảng: 1 nhiệm vụ quá hạn');
    expect(overdue.text).toContain('quá hạn 7 ngày');
    const report = smtp.received.find((r) => r.key === `reminder:1:${unit('Chi bộ Công an phường')}:2025-09-23`)!;
    expect(report.subject).toBe('[dondoc] Chi bộ Công an phường: 1 báo cáo định kỳ');
    // Periods as people read them; the code stays only in the link.
    expect(report.text).toContain('Nộp báo cáo Quý III/2025');
    expect(report.text).toContain('kỳ Quý III/2025 kết thúc');
    expect(report.text).not.toContain('kỳ 2025-Q3');
  });

  it('sends nothing more when the sweep runs again', async () => {
    const before = smtp.received.length;
    await t.app.get(SweepService).run({ date: '2025-09-28' });
    await t.app.get(SweepService).run({ upTo: '2025-09-30' });
    await t.app.get(OutboxSender).drain();
    expect(smtp.received.length).toBe(before);
  });

  it('records the reminders sent about each task', async () => {
    const log = (await t.http().get(`/api/tasks/${ids.t2}/reminders`).set(t.as('inspection')).expect(200)).body;
    expect(log.map((l: any) => [l.day, l.rule])).toEqual([
      ['2025-08-24', 'before_7'],
      ['2025-08-28', 'before_3'],
      ['2025-08-30', 'before_1'],
      ['2025-08-31', 'due_day'],
      ['2025-09-07', 'overdue'],
      ['2025-09-14', 'overdue'],
      ['2025-09-21', 'overdue'],
      ['2025-09-28', 'overdue'],
    ]);
    expect(log.every((l: any) => l.status === 'sent' && l.sentAt && l.to[0] === 'banxaydungdang@example.vn')).toBe(true);
  });
});

describe('delivery when things go wrong', () => {
  it('delivers every message exactly once although the server refuses the first 3 attempts of each', async () => {
    const smtp = new TestSmtp({ failFirst: 3 });
    const t = await startApp('2025-08-14', { env: { SMTP_URL: await smtp.start(), ...FAST } });
    try {
      const pid = await createProgram(t);
      for (const u of ['Ban Xây dựng Đảng', 'Chi bộ Công an phường', 'Chi bộ Quân sự phường'])
        await createTask(t, pid, { leadUnitId: t.unitId(u), deadline: 'chậm nhất ngày 15/8/2025' });
      await t.app.get(SweepService).run({ date: '2025-08-14' });
      const report = await t.app.get(OutboxSender).drain();
      expect(report).toEqual({ sent: 3, retried: 9, failed: 0 });
      expect([...smtp.byKey().values()]).toEqual([1, 1, 1]);
      expect([...smtp.attempts.values()]).toEqual([4, 4, 4]);
      const rows = await t.app.get(DataSource).query('SELECT status, attempts, ambiguous FROM outbox');
      expect(rows).toEqual([0, 1, 2].map(() => ({ status: 'sent', attempts: 4, ambiguous: 0 })));
    } finally {
      await t.close();
      await smtp.stop();
    }
  });

  it('marks a refused recipient failed with its error without blocking the others, and retries with backoff', async () => {
    const smtp = new TestSmtp({ rejectRcpt: ['bad@example.vn', 'chibo.quansu@example.vn'] });
    const t = await startApp('2025-08-14', { env: { SMTP_URL: await smtp.start(), SENDER_BACKOFF_SECONDS: '60', SENDER_MAX_ATTEMPTS: '3' } });
    try {
      const xdd = t.unitId('Ban Xây dựng Đảng');
      await t
        .http()
        .patch(`/api/units/${xdd}`)
        .set(t.as('office'))
        .send({ emails: ['banxaydungdang@example.vn', 'bad@example.vn'] })
        .expect(200);
      const pid = await createProgram(t);
      await createTask(t, pid, { leadUnitId: xdd, deadline: 'chậm nhất ngày 15/8/2025' });
      await createTask(t, pid, { leadUnitId: t.unitId('Chi bộ Quân sự phường'), deadline: 'chậm nhất ngày 15/8/2025' });
      await t.app.get(SweepService).run({ date: '2025-08-14' });
      const sender = t.app.get(OutboxSender);
      expect(await sender.drain()).toEqual({ sent: 1, retried: 1, failed: 0 });
      // The retry waits for its backoff (60 s, then 120 s).
      expect(await sender.drain()).toEqual({ sent: 0, retried: 0, failed: 0 });
      t.clock.set(new Date(t.clock.now().getTime() + 61_000));
      expect(await sender.drain()).toEqual({ sent: 0, retried: 1, failed: 0 });
      t.clock.set(new Date(t.clock.now().getTime() + 121_000));
      expect(await sender.drain()).toEqual({ sent: 0, retried: 0, failed: 1 });
      expect(smtp.received.map((r) => r.rcpt)).toEqual([['banxaydungdang@example.vn']]);
      const outbox = (await t.http().get('/api/outbox').set(t.as('office')).expect(200)).body;
      const xddMsg = outbox.find((o: any) => o.unitId === xdd);
      expect(xddMsg).toMatchObject({ status: 'sent', recipientErrors: [{ address: 'bad@example.vn', error: expect.stringContaining('550') }] });
      const failed = (await t.http().get('/api/outbox?status=failed').set(t.as('admin')).expect(200)).body;
      expect(failed).toEqual([expect.objectContaining({ status: 'failed', attempts: 3, lastError: expect.stringContaining('550') })]);
    } finally {
      await t.close();
      await smtp.stop();
    }
  });

  it('after 5 days down, the catch-up sends one message per unit with each overdue task once', async () => {
    const smtp = new TestSmtp();
    const t = await startApp('2025-08-10', { env: { SMTP_URL: await smtp.start(), ...FAST } });
    try {
      const pid = await createProgram(t);
      const xdd = t.unitId('Ban Xây dựng Đảng');
      await createTask(t, pid, { leadUnitId: xdd, ref: 'A', deadline: 'chậm nhất ngày 12/8/2025' });
      await createTask(t, pid, { leadUnitId: xdd, ref: 'B', deadline: 'chậm nhất ngày 13/8/2025' });
      await createTask(t, pid, { leadUnitId: t.unitId('Chi bộ Công an phường'), ref: 'C', deadline: 'chậm nhất ngày 9/8/2025' });
      t.clock.set(new Date('2025-08-10T00:30:00Z')); // 07:30 local
      await t.app.get(JobsScheduler).sweepAndSend();
      const first = smtp.received.length; // 10/8: B is 3 days before its due date
      expect(smtp.received.map((r) => r.subject)).toEqual(['[dondoc] Ban Xây dựng Đảng: 1 sắp đến hạn']);
      // The service is down from 11/8 to 15/8 and starts again on 16/8 at 08:00.
      t.clock.set(new Date('2025-08-16T01:00:00Z'));
      await t.app.get(JobsScheduler).sweepAndSend();
      const after = smtp.received.slice(first).filter((r) => r.key.startsWith('reminder:'));
      expect(after.map((r) => r.key).sort()).toEqual([`reminder:1:${t.unitId('Chi bộ Công an phường')}:2025-08-16`, `reminder:1:${xdd}:2025-08-16`].sort());
      const xddMail = after.find((r) => r.key.endsWith(`${xdd}:2025-08-16`))!;
      expect(xddMail.text.match(/^- [AB]:/gm)).toEqual(['- A:', '- B:']);
      expect(xddMail.subject).toBe('[dondoc] Ban Xây dựng Đảng: 2 sắp đến hạn');
      // Another start the same day changes nothing.
      const total = smtp.received.length;
      await t.app.get(JobsScheduler).sweepAndSend();
      expect(smtp.received.length).toBe(total);
    } finally {
      await t.close();
      await smtp.stop();
    }
  });

  it('two instances (two processes) on one database file send each message once', async () => {
    const smtp = new TestSmtp();
    const url = await smtp.start();
    const a = await startApp('2025-08-14', { env: { SMTP_URL: url, ...FAST } });
    try {
      const pid = await createProgram(a);
      const units = ['Ban Xây dựng Đảng', 'Chi bộ Công an phường', 'Chi bộ Quân sự phường', 'Văn phòng Đảng ủy', 'Ủy ban Kiểm tra Đảng ủy'];
      for (let i = 0; i < 20; i++)
        await createTask(a, pid, { leadUnitId: a.unitId(units[i % 5]), deadline: i % 2 ? 'chậm nhất ngày 15/8/2025' : 'chậm nhất ngày 17/8/2025' });
      const b = runChild({ ...a.dbEnv, SMTP_URL: url, DONDOC_NOW: a.clock.now().toISOString(), CHILD_MODE: 'sweep-and-send', ...FAST });
      await Promise.all([
        a.app
          .get(SweepService)
          .run({ upTo: '2025-08-14' })
          .then(() => a.app.get(OutboxSender).drain()),
        b.done,
      ]);
      await a.app.get(OutboxSender).drain();
      expect(smtp.received).toHaveLength(5);
      expect([...smtp.byKey().values()]).toEqual([1, 1, 1, 1, 1]);
    } finally {
      await a.close();
      await smtp.stop();
    }
  });
});

describe('a sender killed (SIGKILL) mid-delivery', () => {
  const cases: [string, 'claimed' | 'accepted' | 'marking', number][] = [
    ['after claiming the message, before sending', 'claimed', 1],
    ['after the SMTP server accepted it', 'accepted', 2],
    ['inside the transaction that marks it sent, before commit', 'marking', 2],
  ];
  it.each(cases)('%s: never lost, duplicated only once accepted, and then counted', async (_name, point, copies) => {
    const smtp = new TestSmtp();
    const url = await smtp.start();
    const t = await startApp('2025-08-14', { env: { SMTP_URL: url, ...FAST, SENDER_CLAIM_SECONDS: '60' } });
    try {
      const pid = await createProgram(t);
      await createTask(t, pid, { leadUnitId: t.unitId('Ban Xây dựng Đảng'), deadline: 'chậm nhất ngày 15/8/2025' });
      await t.app.get(SweepService).run({ upTo: '2025-08-14' });
      const child = runChild({
        ...t.dbEnv,
        SMTP_URL: url,
        DONDOC_NOW: t.clock.now().toISOString(),
        CHILD_MODE: 'send',
        DONDOC_TEST_PAUSE_AT: point,
        ...FAST,
        SENDER_CLAIM_SECONDS: '60',
      });
      expect(await child.paused).toBe(point);
      await child.kill();
      expect(smtp.received).toHaveLength(copies - 1);
      // While the dead sender's claim holds, nobody else takes the message…
      expect(await t.app.get(OutboxSender).drain()).toEqual({ sent: 0, retried: 0, failed: 0 });
      // …once it expires, the message goes out again.
      t.clock.set(new Date(t.clock.now().getTime() + 61_000));
      expect(await t.app.get(OutboxSender).drain()).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(smtp.received).toHaveLength(copies);
      const [row] = await t.app.get(DataSource).query('SELECT status, attempts, ambiguous FROM outbox');
      expect(row).toEqual({ status: 'sent', attempts: 2, ambiguous: 1 });
      const stats = (await t.http().get('/api/outbox/stats').set(t.as('office')).expect(200)).body;
      expect(stats).toEqual({ byStatus: { sent: 1 }, ambiguousResends: 1 });
    } finally {
      await t.close();
      await smtp.stop();
    }
  });
});
