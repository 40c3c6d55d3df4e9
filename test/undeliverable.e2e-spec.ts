import { spawnSync } from 'child_process';
import { join } from 'path';
import { DataSource } from 'typeorm';
import { DigestsService } from '../src/compliance/digests.service';
import { OutboxSender } from '../src/mail/outbox-sender.service';
import { SweepService } from '../src/reminders/sweep.service';
import { TestApp, createProgram, createTask, formClient, PASSWORD, startApp } from './support/app';
import { TestSmtp } from './support/smtp';
import { freshDb } from './support/databases';

const FAST = { SENDER_BACKOFF_SECONDS: '0', SENDER_MAX_ATTEMPTS: '6', SMTP_TIMEOUT_SECONDS: '5' };

/**
 * A reminder for a unit without an email address (Ban Thường vụ, Ban Chấp hành in the default
 * directory) is never dropped: it is held and counted, the office gets a copy the same day,
 * and it goes to the unit — once — when the unit gets an address. Through a real SMTP server.
 */
describe('reminders that cannot reach their unit', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let btv: number;
  let taskId: number;

  beforeAll(async () => {
    smtp = new TestSmtp();
    t = await startApp('2025-08-20', { env: { SMTP_URL: await smtp.start(), ...FAST } });
    const pid = await createProgram(t, { issuedDate: '2025-08-01' });
    btv = t.unitId('Ban Thường vụ Đảng ủy');
    taskId = (
      await createTask(t, pid, {
        ref: 'I.1',
        text: 'Lãnh đạo tổ chức Đại hội chi bộ nhiệm kỳ 2025 - 2027',
        leadUnitId: btv,
        deadline: 'hoàn thành trước ngày 31/8/2025',
      })
    ).id;
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const sweep = async (day: string) => {
    t.clock.set(day);
    const [r] = await t.app.get(SweepService).run({ upTo: day });
    await t.app.get(OutboxSender).drain();
    return r;
  };

  it('dry run: lists the message with the reason instead of an empty list', async () => {
    t.clock.set('2025-08-24');
    const [r] = await t.app.get(SweepService).run({ date: '2025-08-24', dryRun: true });
    const held = r.messages.find((m) => m.unit === 'Ban Thường vụ Đảng ủy');
    expect(held).toMatchObject({
      to: [],
      undeliverable: 'Ban Thường vụ Đảng ủy chưa có địa chỉ email',
      items: [{ taskId, ref: 'I.1', rule: 'before_7', due: '2025-08-31' }],
    });
    expect(r.messages.find((m) => m.unit === 'Văn phòng Đảng ủy')?.subject).toMatch(/^\[dondoc\] Chuyển Văn phòng nhắc: Ban Thường vụ Đảng ủy chưa có email/);
  });

  it('holds the message, counts it, and the office receives a copy to pass on', async () => {
    await sweep('2025-08-24');
    const toOffice = smtp.received.filter((m) => m.rcpt.includes('vanphong@example.vn'));
    expect(toOffice).toHaveLength(1);
    expect(toOffice[0].subject).toMatch(/Chuyển Văn phòng nhắc: Ban Thường vụ Đảng ủy chưa có email/);
    expect(toOffice[0].text).toContain('Ban Thường vụ Đảng ủy chưa có địa chỉ email nên dondoc không gửi được thư nhắc');
    expect(toOffice[0].text).toContain('I.1');
    const stats = (await t.http().get('/api/outbox/stats').set(t.as('office')).expect(200)).body;
    expect(stats.byStatus.held).toBe(1);
    const held = (await t.http().get('/api/outbox?status=held').set(t.as('office')).expect(200)).body;
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ kind: 'reminder', to: [], lastError: 'Ban Thường vụ Đảng ủy chưa có địa chỉ email' });
    // The dashboard lists it with the reason; the task page says where the reminder went.
    const c = await formClient(t);
    await c.post('/login', { username: 'office', password: PASSWORD }).expect(303);
    const office = (await c.agent.get('/office').expect(200)).text;
    expect(office).toContain('Thư chưa gửi được (1)');
    expect(office).toContain('chờ địa chỉ email');
    expect(office).toContain('1 thư nhắc đang chờ vì đơn vị chưa có địa chỉ email');
    const reminders = (await t.http().get(`/api/tasks/${taskId}/reminders`).set(t.as('inspection')).expect(200)).body;
    expect(reminders).toMatchObject([{ rule: 'before_7', status: 'held' }]);
  });

  it('goes on holding each rule day, once, and sends everything held — once — when the unit gets an address', async () => {
    await sweep('2025-08-28'); // before_3
    expect(smtp.received.filter((m) => m.rcpt.includes('vanphong@example.vn'))).toHaveLength(2);
    await t
      .http()
      .patch(`/api/units/${btv}`)
      .set(t.as('office'))
      .send({ emails: ['btv@example.vn'] })
      .expect(200);
    await t.app.get(OutboxSender).drain();
    // The audit row records what was sent, nothing else (fields not sent stay as they were).
    const audit = (await t.http().get(`/api/audit?entity=unit&entityId=${btv}`).set(t.as('office')).expect(200)).body.items[0];
    expect(audit).toMatchObject({ action: 'update', before: { emails: [] }, after: { emails: ['btv@example.vn'] } });
    expect(Object.keys(audit.after)).toEqual(['emails']);
    const toUnit = smtp.received.filter((m) => m.rcpt.includes('btv@example.vn'));
    expect(toUnit.map((m) => m.subject)).toEqual([
      expect.stringMatching(/Ban Thường vụ Đảng ủy: 1 sắp đến hạn/),
      expect.stringMatching(/Ban Thường vụ Đảng ủy: 1 sắp đến hạn/),
    ]);
    // Released once: a second drain, another unit edit and a rerun of the sweep send nothing more.
    await t
      .http()
      .patch(`/api/units/${btv}`)
      .set(t.as('office'))
      .send({ aliases: ['BTV'] })
      .expect(200);
    await t.app.get(OutboxSender).drain();
    await sweep('2025-08-28');
    expect(smtp.received.filter((m) => m.rcpt.includes('btv@example.vn'))).toHaveLength(2);
    // From now on the unit hears directly, and the office gets no copy.
    await sweep('2025-08-30'); // before_1
    expect(smtp.received.filter((m) => m.rcpt.includes('btv@example.vn'))).toHaveLength(3);
    expect(smtp.received.filter((m) => m.rcpt.includes('vanphong@example.vn') && /Chuyển Văn phòng nhắc/.test(m.subject))).toHaveLength(2);
    expect((await t.http().get('/api/outbox/stats').set(t.as('office')).expect(200)).body.byStatus.held).toBeUndefined();
  });

  it('finds the office by its kind: a renamed office still gets the monthly summary', async () => {
    const ds = t.app.get(DataSource);
    const [{ id }] = await ds.query(`SELECT id FROM units WHERE kind = 'office'`);
    await t.http().patch(`/api/units/${id}`).set(t.as('office')).send({ name: 'Văn phòng Đảng ủy phường Móng Cái 1' }).expect(200);
    t.clock.set('2025-09-01');
    const [{ cid }] = await ds.query('SELECT id AS cid FROM committees LIMIT 1');
    expect(await t.app.get(DigestsService).monthlySummary(cid, '2025-09-01')).toBe(true);
    await t.app.get(OutboxSender).drain();
    expect(smtp.received.some((m) => m.rcpt.includes('vanphong@example.vn') && /Tổng hợp kết quả thực hiện nhiệm vụ/.test(m.subject))).toBe(true);
  });

  it('warns on the dashboard when no unit is the office or the inspection committee', async () => {
    const ds = t.app.get(DataSource);
    await ds.query(`UPDATE units SET kind = 'party_agency' WHERE kind = 'inspection'`);
    const c = await formClient(t);
    await c.post('/login', { username: 'office', password: PASSWORD }).expect(303);
    const office = (await c.agent.get('/office').expect(200)).text;
    expect(office).toContain('Chưa có đơn vị nào thuộc loại &quot;Ủy ban Kiểm tra&quot;');
    await ds.query(`UPDATE units SET kind = 'inspection' WHERE name = 'Ủy ban Kiểm tra Đảng ủy'`);
  });
});

describe('the remind CLI for a unit without an email', () => {
  it('says so in its JSON instead of an empty list', async () => {
    const { mkdtempSync, rmSync } = require('fs') as typeof import('fs');
    const { tmpdir } = require('os') as typeof import('os');
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-remind-'));
    try {
      const env = {
        ...process.env,
        ...(await freshDb(dir, 'r.sqlite')),
        DEMO: 'true',
        OUTBOX_DIR: join(dir, 'outbox'),
        SMTP_URL: '',
        PUBLIC_URL: 'http://localhost:4123',
      };
      const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/remind.ts', '--date', '2025-08-28', '--dry-run'], {
        cwd: join(__dirname, '..'),
        encoding: 'utf8',
        env,
      });
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout);
      for (const m of out.messages) if (m.to.length === 0) expect(m.undeliverable).toMatch(/chưa có địa chỉ email$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
