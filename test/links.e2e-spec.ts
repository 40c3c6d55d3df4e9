import { OutboxSender } from '../src/mail/outbox-sender.service';
import { SweepService } from '../src/reminders/sweep.service';
import { TestApp, createProgram, createTask, formClient, startApp, auditOf } from './support/app';
import { TestSmtp } from './support/smtp';

const linkIn = (text: string, label: string): string => {
  const i = text.indexOf(label);
  const m = /http:\/\/localhost:3000(\/r\/[^\s?]+(?:\?period=[\w-]+)?)/.exec(text.slice(i));
  if (!m) throw new Error(`no link after "${label}"`);
  return m[1];
};

describe('signed links in reminder emails', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let done: number;
  let continuous: number;
  let client: Awaited<ReturnType<typeof formClient>>;

  beforeAll(async () => {
    smtp = new TestSmtp();
    t = await startApp('2025-09-23', { env: { SMTP_URL: await smtp.start(), SENDER_BACKOFF_SECONDS: '0' } });
    const pid = await createProgram(t, { issuedDate: '2025-07-01' });
    done = (
      await createTask(t, pid, { ref: 'I.1', leadUnitId: t.unitId('Ban Xây dựng Đảng'), deadline: 'chậm nhất ngày 24/9/2025', text: 'Rà soát hồ sơ đảng viên' })
    ).id;
    continuous = (
      await createTask(t, pid, { ref: 'I.2', leadUnitId: t.unitId('Ban Xây dựng Đảng'), deadline: 'thực hiện thường xuyên', text: 'Sinh hoạt chuyên đề' })
    ).id;
    await t.app.get(SweepService).run({ upTo: '2025-09-23' });
    await t.app.get(OutboxSender).drain();
    client = await formClient(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('a GET only shows the form (mail scanners open links), with no referrer and no caching', async () => {
    const [mail] = smtp.received;
    expect(mail.subject).toBe('[dondoc] Ban Xây dựng Đảng: 1 sắp đến hạn, 1 báo cáo định kỳ');
    const url = linkIn(mail.text, 'I.1');
    for (let i = 0; i < 3; i++) {
      const res = await t.http().get(url).expect(200);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain('Rà soát hồ sơ đảng viên');
      expect(res.text).toContain('<form');
      expect(res.text).toContain('Báo cáo hoàn thành');
    }
    expect((await t.http().get(`/api/tasks/${done}`).set(t.as('office'))).body).toMatchObject({ status: 'not_started', version: 1 });
  });

  it('refuses a POST without the form CSRF token or from another site, and records nothing', async () => {
    const url = linkIn(smtp.received[0].text, 'I.1');
    const body = { action: 'done', completedOn: '2025-09-22', resultNote: 'Giả mạo' };
    const none = await client.agent.post(url).type('form').send(body).expect(403);
    expect(none.text).toContain('Biểu mẫu đã hết hiệu lực');
    await client.agent
      .post(url)
      .type('form')
      .send({ ...body, _csrf: client.csrf.slice(0, -2) + 'xx' })
      .expect(403);
    await client.post(url, body).set('Origin', 'https://evil.example').expect(403);
    // A fresh browser (no cookie) replaying someone's token gets nothing either.
    await t
      .http()
      .post(url)
      .type('form')
      .send({ ...body, _csrf: client.csrf })
      .expect(403);
    expect((await t.http().get(`/api/tasks/${done}`).set(t.as('office'))).body).toMatchObject({ status: 'not_started', version: 1 });
  });

  it('a POST records completion without a password, then the link stops working', async () => {
    const url = linkIn(smtp.received[0].text, 'I.1');
    const bad = await client.post(url, { action: 'done', completedOn: '2025-09-31', resultNote: 'x' }).expect(400);
    expect(bad.text).toContain('Ngày hoàn thành: phải là ngày có thật');
    expect(bad.text).toContain('Kết quả thực hiện: cần ít nhất 3 ký tự');
    expect((await t.http().get(`/api/tasks/${done}`).set(t.as('office'))).body.status).toBe('not_started');

    const ok = await client.post(url, { action: 'done', completedOn: '2025-09-22', resultNote: 'Đã rà soát 120 hồ sơ' }).expect(200);
    expect(ok.text).toContain('Đã ghi nhận');
    expect(ok.headers['referrer-policy']).toBe('no-referrer');
    const task = (await t.http().get(`/api/tasks/${done}`).set(t.as('office'))).body;
    expect(task).toMatchObject({ status: 'pending_confirmation', completedOn: '2025-09-22', resultNote: 'Đã rà soát 120 hồ sơ' });
    const history = await auditOf(t, done);
    expect(history.at(-1)).toMatchObject({ action: 'done', actorName: 'Ban Xây dựng Đảng', actorId: null });

    const again = await t.http().get(url).expect(410);
    expect(again.text).toContain('không còn hiệu lực');
    await client.post(url, { action: 'progress', note: 'lần nữa' }).expect(410);
  });

  it('takes a periodic report for the period named in the link, and the reminders for it stop', async () => {
    const url = linkIn(smtp.received[0].text, 'I.2');
    expect(url).toMatch(/\?period=2025-Q3$/);
    const form = await t.http().get(url).expect(200);
    expect(form.text).toMatch(/<option value="2025-Q3" selected>Quý III\/2025 \(01\/07\/2025 – 30\/09\/2025\)<\/option>/);
    await client
      .post(url.replace(/\?.*/, ''), { action: 'report', period: '2025-Q3', text: 'Đã tổ chức 3 buổi sinh hoạt chuyên đề', link: 'ftp://x' })
      .expect(400);
    await client.post(url.replace(/\?.*/, ''), { action: 'report', period: '2025-Q3', text: 'Đã tổ chức 3 buổi sinh hoạt chuyên đề' }).expect(200);
    const reports = (await t.http().get(`/api/tasks/${continuous}/reports`).set(t.as('inspection')).expect(200)).body;
    expect(reports).toEqual([
      expect.objectContaining({ periodKey: '2025-Q3', periodEnd: '2025-09-30', reportedOn: '2025-09-23', reportedBy: 'Ban Xây dựng Đảng' }),
    ]);
    // A week after the quarter closed: the Q3 report is in, so no overdue-report reminder.
    const before = smtp.received.length;
    t.clock.set('2025-10-07');
    await t.app.get(SweepService).run({ upTo: '2025-10-07' });
    await t.app.get(OutboxSender).drain();
    expect(smtp.received.slice(before).filter((r) => r.text.includes('I.2'))).toEqual([]);
  });

  it('refuses forged and expired links', async () => {
    const url = linkIn(smtp.received[0].text, 'I.1');
    await t
      .http()
      .get(url.slice(0, -3) + 'abc')
      .expect(410);
    await t.http().get('/r/not-a-token').expect(410);
    t.clock.set('2025-10-20'); // links live 14 days
    await t.http().get(linkIn(smtp.received[0].text, 'I.2')).expect(410);
  });
});

describe('periodic reports through the API', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp('2025-10-05')));
  afterAll(() => t.close());

  it('stores one report per task and period, by the lead unit or the office', async () => {
    const pid = await createProgram(t, { issuedDate: '2025-01-10' });
    const task = await createTask(t, pid, { leadUnitId: t.unitId('Chi bộ Công an phường'), deadline: 'định kỳ hằng quý' });
    const once = await createTask(t, pid, { leadUnitId: t.unitId('Chi bộ Công an phường'), deadline: 'trước ngày 30/10/2025' });
    const periods = (await t.http().get(`/api/tasks/${task.id}/report-periods`).set(t.as('congan')).expect(200)).body;
    expect(periods.map((p: any) => p.key)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    // Without a period: the oldest closed period still owed.
    const r1 = (await t.http().post(`/api/tasks/${task.id}/reports`).set(t.as('congan')).send({ text: 'Báo cáo quý I' }).expect(201)).body;
    expect(r1).toMatchObject({ periodKey: '2025-Q1', periodEnd: '2025-03-31', reportedOn: '2025-10-05' });
    await t
      .http()
      .post(`/api/tasks/${task.id}/reports`)
      .set(t.as('office'))
      .send({ period: '2025-Q3', text: 'Báo cáo quý III', link: 'https://vanban.example.vn/q3.pdf' })
      .expect(201);
    await t.http().post(`/api/tasks/${task.id}/reports`).set(t.as('congan')).send({ period: '2025-Q3', text: 'Lần hai' }).expect(409);
    const bad = await t.http().post(`/api/tasks/${task.id}/reports`).set(t.as('congan')).send({ period: '2024-Q3', text: 'Cũ quá' }).expect(400);
    expect(bad.body.message).toMatch(/period/);
    await t.http().post(`/api/tasks/${task.id}/reports`).set(t.as('congan')).send({ period: 'quý 3', text: 'x x x' }).expect(400);
    await t.http().post(`/api/tasks/${task.id}/reports`).set(t.as('xdd')).send({ text: 'Không phải việc của tôi' }).expect(403);
    await t.http().post(`/api/tasks/${once.id}/reports`).set(t.as('congan')).send({ text: 'Nhiệm vụ có hạn' }).expect(409);
    const listed = (await t.http().get(`/api/tasks/${task.id}/report-periods`).set(t.as('office'))).body;
    expect(listed.filter((p: any) => p.reported).map((p: any) => p.key)).toEqual(['2025-Q1', '2025-Q3']);
  });
});
