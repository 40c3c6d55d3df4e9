/// <reference lib="dom" />
import { mkdirSync } from 'fs';
import { join } from 'path';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { CHROMIUM, browserSuite } from './support/browser';
import { OutboxSender } from '../src/mail/outbox-sender.service';
import { SweepService } from '../src/reminders/sweep.service';
import { PASSWORD, TestApp, TestUser, createProgram, createTask, startApp } from './support/app';
import { freePort } from './support/net';
import { TestSmtp } from './support/smtp';

/**
 * The pages, driven in Debian's Chromium (apt package `chromium`) by playwright-core, against
 * the real application on a real port, a real SQLite file and a real SMTP server. One story,
 * in order: the office imports a plan; a task goes overdue and reminders go out; the inspection
 * committee sees it; the unit follows the emailed link and reports it done; the office
 * confirms; the inspection view empties. Screenshots land in test-artifacts/web/.
 */
const ARTIFACTS = join(__dirname, '..', 'test-artifacts', 'web');
const PLAN = join(__dirname, 'fixtures', 'ke-hoach-dai-hoi-chi-bo.txt');

jest.setTimeout(120_000);

browserSuite()('pages in a real browser (Debian Chromium, playwright-core)', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  let overdueTask: number;
  let otherTask: number;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    smtp = new TestSmtp();
    await smtp.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await startApp('2025-08-13', { env: { SMTP_URL: smtp.url, PUBLIC_URL: base, SENDER_BACKOFF_SECONDS: '0' } });
    await t.app.listen(port, '127.0.0.1');
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
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
    await smtp?.stop();
  });

  async function newPage(width = 1280): Promise<Page> {
    const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    return page;
  }

  async function signIn(user: TestUser, width = 1280): Promise<Page> {
    const page = await newPage(width);
    await page.goto(`${base}/login`);
    await page.getByLabel('Tên đăng nhập').fill(user);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
    return page;
  }

  /** Waits for the page a form post leads to: its one-time message (the page before may show another). */
  const flash = (page: Page, text: string | RegExp) => page.locator('.flash-ok', { hasText: text }).waitFor();

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  it('refuses a wrong password and keeps the user on the sign-in page', async () => {
    const page = await newPage();
    await page.goto(`${base}/office`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Tên đăng nhập').fill('office');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Tên đăng nhập hoặc mật khẩu không đúng');
    await shot(page, '01-sign-in-error');
  });

  it('signs in with the keyboard alone', async () => {
    const page = await newPage();
    await page.goto(`${base}/login`);
    // The username field has focus on arrival (autofocus is applied at the next rendering step,
    // which may come just after "load": wait for it rather than type into nothing); Tab moves
    // on, Enter submits.
    await page.waitForFunction(() => document.activeElement?.id === 'username', undefined, { timeout: 5000 });
    await page.keyboard.type('inspection');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL(`${base}/inspection`), page.keyboard.press('Enter')]);
    // The first Tab on a page reaches the skip link, which jumps over the navigation.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Bỏ qua điều hướng');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('office imports a small plan: upload, preview, fix a row inline, commit; then sets the Đại hội date', async () => {
    const page = await signIn('office');
    expect(new URL(page.url()).pathname).toBe('/office');
    await page.getByRole('link', { name: 'Nhập văn bản' }).first().click();
    await page.getByLabel('Tệp văn bản').setInputFiles(PLAN);
    await page.getByLabel('Loại văn bản').selectOption('ke_hoach');
    await page.getByLabel('Trích yếu').fill('Kế hoạch tổ chức đại hội các chi bộ trực thuộc và Đại hội Đảng bộ phường');
    await page.getByLabel('Số, ký hiệu').fill('07-KH/ĐU');
    await page.getByLabel('Ngày ban hành').fill('05/06/2025');
    await page.getByRole('button', { name: 'Đọc văn bản' }).click();
    await page.waitForURL(/\/imports\/\d+$/);
    await flash(page, /Đã đọc \d+ nhiệm vụ/);
    await shot(page, '02-import-preview');

    // The Hội Cựu chiến binh is not in the directory: give the row an owner and a deadline.
    const row = page.locator('tr', { hasText: 'Hội Cựu chiến binh phường tuyên truyền' });
    expect(await row.textContent()).toContain('chưa có trong danh bạ');
    await row.getByLabel('Chủ trì').selectOption({ label: 'Ủy ban MTTQ phường' });
    await row.getByLabel('Thời hạn').fill('trong tháng 9/2025');
    await row.getByRole('button', { name: /Lưu dòng/ }).click();
    await flash(page, /Đã sửa dòng \d+/);
    const fixed = page.locator('tr', { hasText: 'Hội Cựu chiến binh phường tuyên truyền' });
    expect(await fixed.textContent()).toContain('30/09/2025');

    await page.getByRole('button', { name: 'Ghi vào hệ thống' }).click();
    await flash(page, /Đã ghi: \d+ nhiệm vụ mới/);
    await shot(page, '03-import-committed');

    const programs = (await t.http().get('/api/programs').set(t.as('office')).expect(200)).body;
    const plan = programs.find((p: { number: string }) => p.number === '07-KH/ĐU');
    const tasks = (await t.http().get(`/api/tasks?program=${plan.id}&pageSize=100`).set(t.as('office')).expect(200)).body.items;
    const veterans = tasks.find((x: { text: string }) => x.text.includes('Hội Cựu chiến binh'));
    expect(veterans).toMatchObject({ leadUnit: { name: 'Ủy ban MTTQ phường' }, deadline: { raw: 'trong tháng 9/2025', due: '2025-09-30' } });

    // Relative deadlines wait for the Đại hội date; setting it recomputes them.
    await page.getByRole('link', { name: 'Xem văn bản' }).click();
    await page.waitForURL(/\/programs\/\d+$/);
    const relative = page.locator('section', { hasText: 'Nhiệm vụ có thời hạn theo sự kiện' });
    expect(await relative.textContent()).toContain('chưa tính được');
    await page.getByLabel('Tên sự kiện').fill('Đại hội Đảng bộ phường');
    await page.getByLabel('Ngày', { exact: true }).fill('20/08/2025');
    await page.getByRole('button', { name: 'Lưu sự kiện' }).click();
    await flash(page, /[1-9]\d* nhiệm vụ được tính lại thời hạn/);
    // "gửi tài liệu đến đại biểu trước khi diễn ra Đại hội Đảng bộ phường 07 ngày" → 13/08/2025.
    expect(await page.locator('li', { hasText: 'gửi tài liệu' }).textContent()).toContain('13/08/2025');
    await shot(page, '04-program-events');
  });

  it('inspection sees an overdue task across units, with the reminders the unit was sent', async () => {
    const pid = await createProgram(t, { issuedDate: '2025-07-01', number: '02-CTr/ĐU' });
    overdueTask = (
      await createTask(t, pid, {
        ref: 'X.9',
        leadUnitId: t.unitId('Ban Xây dựng Đảng'),
        deadline: 'chậm nhất ngày 20/8/2025',
        text: 'Rà soát hồ sơ <b>đảng viên</b><script>window.__xss = 1</script>',
      })
    ).id;
    otherTask = (
      await createTask(t, pid, {
        ref: 'II.4',
        leadUnitId: t.unitId('Chi bộ Công an phường'),
        deadline: 'trong tháng 12/2025',
        text: 'Tổng kết công tác bảo đảm an ninh trật tự năm 2025',
      })
    ).id;
    // Reminders before the deadline, then the deadline passes.
    await t.app.get(SweepService).run({ upTo: '2025-08-13' });
    t.clock.set('2025-09-01');
    await t.app.get(SweepService).run({ upTo: '2025-09-01' });
    await t.app.get(OutboxSender).drain();
    expect(smtp.received.some((m) => m.rcpt.includes('banxaydungdang@example.vn'))).toBe(true);

    const page = await signIn('inspection');
    expect(new URL(page.url()).pathname).toBe('/inspection');
    const row = page.locator('tr.overdue-row', { hasText: 'X.9' });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('20/08/2025');
    expect(text).toContain('12 ngày');
    // The reminders as a count and the last one (the task page lists each).
    expect(text).toMatch(/\d+ lần, gần nhất \d{2}\/08\/2025 \(nhắc (đến hạn|quá hạn|trước \d ngày)\)/);
    // What users typed is shown, never run.
    expect(text).toContain('<b>đảng viên</b><script>');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await shot(page, '05-inspection-overdue');
    // The export buttons download with the session cookie.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải Excel' }).click()]);
    expect(download.suggestedFilename()).toBe('tong-hop-2025-09-01.xlsx');
    const csv = await page.request.get(`${base}/api/compliance/export.csv?period=quarter`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');

    // An inspection note on the task page.
    await row.getByRole('link').click();
    await page.waitForURL(new RegExp(`/tasks/${overdueTask}$`));
    await page.getByLabel('Ghi ý kiến').fill('Đề nghị Ban Xây dựng Đảng báo cáo lý do chậm.');
    await page.getByRole('button', { name: 'Lưu ý kiến' }).click();
    await flash(page, 'Đã ghi ý kiến.');
    expect(await page.locator('section', { hasText: 'Ý kiến kiểm tra, giám sát' }).textContent()).toContain('Đề nghị Ban Xây dựng Đảng báo cáo lý do chậm.');
  });

  it('a unit signs in through the link in its reminder email and marks the task done', async () => {
    const mail = [...smtp.received].reverse().find((m) => m.rcpt.includes('banxaydungdang@example.vn') && m.text.includes('X.9'))!;
    const link = new RegExp(`${base.replace(/[.]/g, '\\.')}/r/[^\\s?]+`).exec(mail.text.slice(mail.text.indexOf('X.9')))?.[0];
    expect(link).toBeDefined();
    const page = await newPage(375);
    await page.goto(link!);
    expect(await page.locator('h1').textContent()).toBe('Báo cáo thực hiện nhiệm vụ');
    // Dates read dd/mm/yyyy whatever the computer's language.
    expect(await page.getByLabel('Ngày hoàn thành').inputValue()).toBe('01/09/2025');
    await shot(page, '06-link-form-375px');
    await page.getByLabel('Kết quả, văn bản minh chứng').fill('Đã rà soát 120 hồ sơ đảng viên, báo cáo số 15-BC/BXD.');
    await page.getByRole('button', { name: 'Báo cáo đã hoàn thành' }).click();
    await flash(page, 'Văn phòng Đảng ủy đã nhận được thông tin');
    await shot(page, '07-link-done-375px');
    const task = (await t.http().get(`/api/tasks/${overdueTask}`).set(t.as('office'))).body;
    expect(task).toMatchObject({
      status: 'pending_confirmation',
      completedOn: '2025-09-01',
      resultNote: 'Đã rà soát 120 hồ sơ đảng viên, báo cáo số 15-BC/BXD.',
    });
  });

  it('the office confirms it on the task page, and the inspection view no longer lists it', async () => {
    const office = await signIn('office');
    await office.goto(`${base}/tasks/${overdueTask}`);
    expect(await office.locator('dl.kv').textContent()).toContain('Chờ xác nhận');
    const reminders = await office.locator('section', { hasText: 'Thư nhắc đã gửi' }).textContent();
    expect(reminders).toContain('nhắc quá hạn');
    await office.getByRole('button', { name: 'Xác nhận hoàn thành' }).click();
    await flash(office, 'Đã xác nhận hoàn thành');
    expect(await office.locator('dl.kv').textContent()).toContain('Đã hoàn thành');
    expect(await office.locator('section', { hasText: 'Lịch sử' }).first().textContent()).toMatch(/Báo cáo hoàn thành[\s\S]*Xác nhận hoàn thành/);
    await shot(office, '08-task-confirmed');
    await office.goto(`${base}/office`);
    await shot(office, '09-office-dashboard');
    await office.goto(`${base}/tasks?unit=${t.unitId('Ban Xây dựng Đảng')}`);
    await shot(office, '10-task-list');

    const inspection = await signIn('inspection');
    await inspection.locator('tr.overdue-row').first().waitFor();
    expect(await inspection.locator('main').textContent()).not.toContain('Rà soát hồ sơ');
    expect(await inspection.locator('tr.overdue-row', { hasText: 'X.9' }).count()).toBe(0);
    await shot(inspection, '09b-inspection-after');
  });

  it("a unit user cannot open another unit's task form", async () => {
    const page = await signIn('congan', 375);
    expect(new URL(page.url()).pathname).toBe('/unit');
    expect(await page.locator('main').textContent()).toContain('II.4');
    await shot(page, '11-unit-my-tasks-375px');
    const res = await page.goto(`${base}/tasks/${overdueTask}`);
    expect(res?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('Không có quyền truy cập');
    expect(await page.locator('form[action$="/done"], textarea').count()).toBe(0);
    await shot(page, '12-unit-forbidden');
    // Its own task has the forms.
    await page.goto(`${base}/tasks/${otherTask}`);
    expect(await page.getByRole('button', { name: 'Báo cáo đã hoàn thành' }).count()).toBe(1);
    // Posting to the other unit's task from its own session changes nothing.
    const before = (await t.http().get(`/api/tasks/${overdueTask}`).set(t.as('office'))).body;
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const post = await page.request.post(`${base}/tasks/${overdueTask}/progress`, {
      form: { _csrf: csrf, note: 'Không phải việc của đơn vị' },
      maxRedirects: 0,
    });
    expect(post.status()).toBe(403);
    expect((await t.http().get(`/api/tasks/${overdueTask}`).set(t.as('office'))).body.version).toBe(before.version);
  });

  it('pages fit a 375 px screen and every form control has a label', async () => {
    const pages: [TestUser, string][] = [
      ['office', '/office'],
      ['office', '/tasks'],
      ['office', `/tasks/${otherTask}`],
      ['office', '/programs'],
      ['office', '/imports/new'],
      ['office', '/units'],
      ['inspection', '/inspection'],
      ['xdd', '/unit'],
    ];
    const sessions = new Map<TestUser, Page>();
    for (const [user, path] of pages) {
      if (!sessions.has(user)) sessions.set(user, await signIn(user, 375));
      const page = sessions.get(user)!;
      const res = await page.goto(`${base}${path}`);
      expect(res?.status()).toBe(200);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
      const unlabelled = await page.evaluate(() =>
        Array.from(document.querySelectorAll('input, select, textarea'))
          .filter((el) => (el as HTMLInputElement).type !== 'hidden')
          .filter((el) => !((el as HTMLInputElement).labels?.length || el.getAttribute('aria-label')))
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      expect({ path, unlabelled }).toEqual({ path, unlabelled: [] });
      expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    }
    await sessions.get('xdd')!.goto(`${base}/unit`);
    await shot(sessions.get('xdd')!, '13-unit-xdd-375px');
  });
});
