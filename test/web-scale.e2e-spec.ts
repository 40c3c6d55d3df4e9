/// <reference lib="dom" />
import { existsSync, mkdirSync } from 'fs';
import { join } from 'path';
import { DataSource } from 'typeorm';
import { Browser, chromium } from 'playwright-core';
import { DigestsService } from '../src/compliance/digests.service';
import { OutboxSender } from '../src/mail/outbox-sender.service';
import { SweepService } from '../src/reminders/sweep.service';
import { PASSWORD, TestApp, startApp } from './support/app';
import { freePort } from './support/net';
import { sharedFixture } from './support/shared-fixtures';
import { TestSmtp } from './support/smtp';

/**
 * The inspection view and the weekly digest at the size of a real ward: the Móng Cái 1 action
 * program (77 tasks, many of them continuous with quarterly reports) fifteen months after it was
 * adopted, nothing reported. Before, the page was 15,411 px tall with 148 missing-report rows
 * and the digest 57,876 characters. In Debian's Chromium; screenshots in test-artifacts/web/.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', 'test-artifacts', 'web');
const { text: MONG_CAI, describeIf } = sharedFixture('chuong-trinh-hanh-dong-mong-cai-1.txt');

function suite(): jest.Describe {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing (CI=true: refusing to skip)`);
    console.warn(`SKIPPED: ${CHROMIUM} not found — browser tests need Debian's chromium`);
    return describe.skip;
  }
  return describeIf;
}

jest.setTimeout(180_000);

suite()('the inspection view and digest at a real ward size (Chromium)', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    smtp = new TestSmtp();
    await smtp.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await startApp('2025-08-26', { env: { SMTP_URL: smtp.url, PUBLIC_URL: base, SENDER_BACKOFF_SECONDS: '0' } });
    await t.app.listen(port, '127.0.0.1');
    // Every unit gets an address, as an office would set them up.
    const units = (await t.http().get('/api/units').set(t.as('office')).expect(200)).body as { id: number; emails: string[] }[];
    for (const u of units)
      if (!u.emails.length)
        await t
          .http()
          .patch(`/api/units/${u.id}`)
          .set(t.as('office'))
          .send({ emails: [`unit${u.id}@example.vn`] })
          .expect(200);
    const preview = await t
      .http()
      .post('/api/imports')
      .set(t.as('office'))
      .field('kind', 'chuong_trinh_hanh_dong')
      .field('title', 'Chương trình hành động thực hiện Nghị quyết Đại hội Đảng bộ phường lần thứ I')
      .field('issuedDate', '2025-08-25')
      .attach('file', Buffer.from(MONG_CAI!), 'chuong-trinh-hanh-dong.txt')
      .expect(201);
    await t.http().post(`/api/imports/${preview.body.id}/commit`).set(t.as('office')).send({ createProposedUnits: true }).expect(200);
    // Fifteen months on, nothing reported; the sweeps ran every day.
    t.clock.set('2026-11-24');
    await t.app.get(SweepService).run({ upTo: '2026-11-24' });
    await t.app.get(OutboxSender).drain();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.stop();
  });

  it('keeps the inspection page readable: totals on the first screen, one line per task, the rest behind "xem tất cả"', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Tên đăng nhập').fill('inspection');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${base}/inspection`);
    const totals = page.getByRole('heading', { name: 'Theo đơn vị' });
    expect((await totals.boundingBox())!.y).toBeLessThan(900);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.screenshot({ path: join(ARTIFACTS, 'inspection-real-size.png'), fullPage: true });
    // Each task appears once per unit section, whatever the number of quarters it owes.
    const rows = await page.locator('table caption:text("Báo cáo định kỳ chưa nộp") >> xpath=.. >> tbody tr').allTextContents();
    const refs = rows.map((r) => r.split(':')[0].trim());
    expect(new Set(refs).size).toBe(refs.length);
    expect(rows.some((r) => /Quý IV\/2025, Quý I\/2026/.test(r))).toBe(true);
    expect(await page.locator('text=/^\\d{4}-Q\\d$/').count()).toBe(0);
    expect(height).toBeLessThan(15_411 / 2);
    await context.close();
  });

  it('sends a weekly digest that leads with the totals and stays readable on a phone', async () => {
    const ds = t.app.get(DataSource);
    const [{ id }] = await ds.query('SELECT id FROM committees LIMIT 1');
    expect(await t.app.get(DigestsService).inspectionDigest(id, '2026-11-23')).toBe(true);
    await t.app.get(OutboxSender).drain();
    const digest = smtp.received.find((m) => m.key.startsWith('inspection:'))!;
    expect(digest.text.length).toBeLessThan(57_876 / 3);
    expect(digest.text.indexOf('Tính đến ngày 23/11/2026')).toBeLessThan(200);
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.setContent(digest.html);
    await page.screenshot({ path: join(ARTIFACTS, 'inspection-digest-phone.png'), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
});
