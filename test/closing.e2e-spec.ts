import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DigestsService } from '../src/compliance/digests.service';
import { OutboxSender } from '../src/mail/outbox-sender.service';
import { TestApp, TestUser, auditOf, createProgram, createTask, startApp } from './support/app';
import { Browsing, browserSuite } from './support/browser';
import { freePort } from './support/net';
import { TestSmtp } from './support/smtp';

describe('chốt kỳ báo cáo: a closed period answers its frozen figures', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let programId: number;
  let late: number;
  const close = (body: Record<string, unknown>, user: TestUser = 'office') => t.http().post('/api/compliance/close').set(t.as(user)).send(body);
  const reopen = (body: Record<string, unknown>, user: TestUser = 'office') => t.http().post('/api/compliance/reopen').set(t.as(user)).send(body);
  const q3 = async (extra = '') => (await t.http().get(`/api/compliance?asOf=2025-09-30&period=quarter${extra}`).set(t.as('inspection')).expect(200)).body;

  beforeAll(async () => {
    smtp = new TestSmtp();
    t = await startApp('2025-07-01', { env: { SMTP_URL: await smtp.start(), SENDER_BACKOFF_SECONDS: '0' } });
    programId = await createProgram(t, { issuedDate: '2025-07-01' });
    const xdd = t.unitId('Ban Xây dựng Đảng');
    late = (await createTask(t, programId, { ref: '1', leadUnitId: xdd, deadline: 'hoàn thành trong tháng 8/2025' })).id;
    await createTask(t, programId, { ref: '2', leadUnitId: xdd, deadline: 'hoàn thành trong tháng 12/2025' });
    t.clock.set('2025-10-05');
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it.each([
    ['a period that has not ended', { period: 'quarter', asOf: '2025-10-05' }, 400, /period: Quý IV\/2025 chưa kết thúc/],
    ['an unknown period', { period: 'week', asOf: '2025-09-30' }, 400, /period/],
    ['no date', { period: 'quarter' }, 400, /asOf/],
    ['an impossible date', { period: 'quarter', asOf: '2025-09-31' }, 400, /asOf/],
  ])('refuses %s, naming the field, and closes nothing', async (_, body, status, message) => {
    const res = await close(body).expect(status);
    expect(res.body.message).toMatch(message);
    expect((await q3()).closed).toBeUndefined();
  });

  it('lets only the office close', async () => {
    await close({ period: 'quarter', asOf: '2025-09-30' }, 'inspection').expect(403);
    await close({ period: 'quarter', asOf: '2025-09-30' }, 'xdd').expect(403);
    expect((await q3()).closed).toBeUndefined();
  });

  it('freezes the quarter: 201 with its dates, who and the SHA-256, numbered as a báo cáo of the year', async () => {
    const live = await q3();
    const res = await close({ period: 'quarter', asOf: '2025-08-15', signerName: 'Nguyễn Văn An' }).expect(201);
    expect(res.body).toEqual({
      period: 'quarter',
      start: '2025-07-01',
      end: '2025-09-30',
      closedAt: expect.stringMatching(/^2025-10-0[45]T/),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      number: 'Số 1-BC/ĐU',
    });
    const frozen = await q3();
    expect(frozen.closed).toEqual({ at: res.body.closedAt, by: 'Văn phòng', sha256: res.body.sha256 });
    const { closed: _, ...figures } = frozen;
    expect(figures).toEqual(live);
    await close({ period: 'quarter', asOf: '2025-09-30' }).expect(409);
  });

  it('answers the frozen figures after a later change, which the live figures show', async () => {
    const before = await q3();
    // The office rewrites the late task's deadline: as of 30/9 it is no longer overdue, live.
    await t.http().patch(`/api/tasks/${late}`).set(t.as('office')).send({ deadline: 'hoàn thành trong tháng 12/2025' }).expect(200);
    const after = await q3();
    expect(after).toEqual(before);
    expect(after.totals.counts.overdue).toBe(1);
    expect((await q3(`&program=${programId}`)).totals.counts.overdue).toBe(0);
    const xlsx = await t.http().get('/api/compliance/export.csv?asOf=2025-09-30&period=quarter').set(t.as('office')).expect(200);
    expect(xlsx.text).toMatch(/Ban Xây dựng Đảng,0,0,0,1,1/);
  });

  it('prints the closed period as the official báo cáo (Hướng dẫn 36-HD/VPTW)', async () => {
    const html = (await t.http().get('/api/compliance/report.html?asOf=2025-09-30&period=quarter').set(t.as('office')).expect(200)).text;
    expect(html).toContain('ĐẢNG ỦY PHƯỜNG MÓNG CÁI 1');
    expect(html).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    expect(html).toContain('Số 1-BC/ĐU');
    expect(html).toMatch(/Móng Cái 1, ngày 0[45] tháng 10 năm 2025/);
    expect(html).toContain('T/M BAN THƯỜNG VỤ');
    expect(html).toContain('BÍ THƯ');
    expect(html).toContain('Nguyễn Văn An');
    expect(html).toContain('Nơi nhận:');
    expect(html).toMatch(/size: A4 portrait/);
  });

  it('points the monthly summary and the inspection digest to the frozen version', async () => {
    await close({ period: 'month', asOf: '2025-09-10' }).expect(201);
    const digests = t.app.get(DigestsService);
    // The summary of September (sent on 1/10 normally; here after the closing, as a catch-up would).
    await digests.monthlySummary(t.committeeId, '2025-10-01');
    await digests.inspectionDigest(t.committeeId, '2025-10-06');
    await t.app.get(OutboxSender).drain();
    const summary = smtp.received.find((m) => m.key.startsWith('summary:'))!;
    expect(summary.text).toMatch(/Kỳ báo cáo này đã được chốt ngày 0[45]\/10\/2025 \(Số 2-BC\/ĐU\)/);
    expect(summary.text).toContain('/api/compliance/report.html?period=month&asOf=2025-09-30');
    const inspection = smtp.received.find((m) => m.key.startsWith('inspection:'))!;
    expect(inspection.text).toContain('Báo cáo đã chốt trong tuần');
    expect(inspection.text).toContain('Số 1-BC/ĐU: Quý III/2025');
  });

  it('reopens only with the office and a reason, audited; the next closing freezes anew under a new number', async () => {
    expect((await reopen({ period: 'quarter', asOf: '2025-09-30' }).expect(400)).body.message).toMatch(/reason/);
    await reopen({ period: 'quarter', asOf: '2025-09-30', reason: 'Bổ sung số liệu' }, 'inspection').expect(403);
    const res = await reopen({ period: 'quarter', asOf: '2025-09-30', reason: 'Đơn vị bổ sung báo cáo' }).expect(200);
    expect(res.body).toMatchObject({ period: 'quarter', start: '2025-07-01', end: '2025-09-30' });
    await reopen({ period: 'quarter', asOf: '2025-09-30', reason: 'Lần nữa' }).expect(409);
    const live = await q3();
    expect(live.closed).toBeUndefined();
    expect(live.totals.counts.overdue).toBe(0);
    const again = await close({ period: 'quarter', asOf: '2025-09-30' }).expect(201);
    expect(again.body.number).toBe('Số 3-BC/ĐU');
    const trail = (await t.http().get('/api/audit?entity=committee&pageSize=50').set(t.as('office')).expect(200)).body.items.map((e: any) => [
      e.action,
      e.note,
    ]);
    expect(trail).toContainEqual(['period_reopen', 'Đơn vị bổ sung báo cáo']);
    void auditOf;
  });
});

browserSuite()('the closed báo cáo printed to PDF on A4 by Chromium', () => {
  let t: TestApp;
  let browsing: Browsing;
  let base: string;
  let taskId: number;
  let programId: number;
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-pdf-'));
  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await startApp('2025-07-01', { env: { PUBLIC_URL: base } });
    await t.app.listen(port, '127.0.0.1');
    programId = await createProgram(t, { issuedDate: '2025-07-01' });
    taskId = (await createTask(t, programId, { ref: '1', leadUnitId: t.unitId('Ban Xây dựng Đảng'), deadline: 'hoàn thành trong tháng 8/2025' })).id;
    t.clock.set('2025-10-05');
    browsing = new Browsing(base);
    await browsing.start();
  });
  afterAll(async () => {
    await browsing?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('closes the quarter from the dashboard and prints its báo cáo', async () => {
    const page = await browsing.signIn('office');
    await page.goto(`${base}/office`);
    await page.locator('#close summary').click();
    await page.getByLabel('Kỳ', { exact: true }).selectOption('quarter');
    await page.getByLabel('Một ngày trong kỳ').fill('30/09/2025');
    await page.getByLabel('Người ký (không bắt buộc)').fill('Trần Thị Bình');
    await Promise.all([page.waitForURL(/\/office/), page.getByRole('button', { name: 'Chốt kỳ' }).click()]);
    await page.locator('.flash-ok', { hasText: /Đã chốt kỳ 2025-07-01 – 2025-09-30: báo cáo Số 1-BC\/ĐU/ }).waitFor();
    await page.goto(`${base}/api/compliance/report.html?period=quarter&asOf=2025-09-30`);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(dir, 'bao-cao.pdf');
    writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    // A4 portrait: 595 × 842 points.
    expect(info).toMatch(/Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const s of ['ĐẢNG ỦY PHƯỜNG MÓNG CÁI 1', 'ĐẢNG CỘNG SẢN VIỆT NAM', 'Số 1-BC/ĐU', 'BÁO CÁO', 'T/M BAN THƯỜNG VỤ', 'Trần Thị Bình'])
      expect(text).toContain(s);

    // A later change does not alter the closed report: the overdue task is reported done.
    const before = await page.locator('body').innerText();
    await t.http().post(`/api/tasks/${taskId}/done`).set(t.as('xdd')).send({ completedOn: '2025-09-20', resultNote: 'Đã xong' }).expect(200);
    await t.http().post(`/api/tasks/${taskId}/confirm`).set(t.as('office')).expect(200);
    await page.reload();
    expect(await page.locator('body').innerText()).toBe(before);
    const live = (await t.http().get(`/api/compliance?asOf=2025-09-30&period=quarter&program=${programId}`).set(t.as('office'))).body;
    // Live, the task is now done — on 20/9, after its August deadline: late, where the closed report says overdue.
    expect(live.totals.counts).toMatchObject({ late: 1, overdue: 0 });
  });
});
