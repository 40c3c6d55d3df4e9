import { join } from 'path';
import { mkdirSync } from 'fs';
import { TestApp, createProgram, startApp } from './support/app';
import { Browsing, browserSuite } from './support/browser';
import { freePort } from './support/net';

const ARTIFACTS = join(__dirname, '..', 'test-artifacts', 'web');
jest.setTimeout(120_000);

browserSuite()('the targets page in a real browser', () => {
  let t: TestApp;
  let browsing: Browsing;
  let base: string;
  let programId: number;
  let own: number;
  let other: number;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await startApp('2026-03-01', { env: { PUBLIC_URL: base } });
    await t.app.listen(port, '127.0.0.1');
    programId = await createProgram(t, { termStart: 2025, termEnd: 2030 });
    const add = async (body: Record<string, unknown>) =>
      (await t.http().post(`/api/programs/${programId}/targets`).set(t.as('office')).send(body).expect(201)).body.id as number;
    own = await add({ ref: '(2)', text: 'Hằng năm có trên 90% đảng viên hoàn thành tốt nhiệm vụ trở lên', unitId: t.unitId('Ban Xây dựng Đảng') });
    other = await add({ ref: '(14)', text: 'Phường không còn hộ nghèo' });
    browsing = new Browsing(base);
    await browsing.start();
  });
  afterAll(async () => {
    await browsing?.close();
    await t?.close();
  });

  it('lets the office record a value typed the Vietnamese way and shows its status and the chart', async () => {
    const page = await browsing.signIn('office');
    await page.goto(`${base}/programs/${programId}`);
    await page.getByRole('link', { name: /Kết quả thực hiện 2 chỉ tiêu/ }).click();
    await page.getByRole('heading', { name: 'Chỉ tiêu và kết quả' }).waitFor();
    await page.locator('summary', { hasText: 'Hằng năm có trên 90%' }).click();
    const form = page.locator(`form[action="/programs/${programId}/targets/${own}/results"]`);
    await form.getByLabel('Năm').selectOption('2025');
    await form.getByLabel('Kết quả').fill('92,5');
    await Promise.all([page.waitForURL(`${base}/programs/${programId}/targets`), form.getByRole('button', { name: 'Lưu kết quả' }).click()]);
    await page.locator('.flash-ok', { hasText: 'Đã lưu kết quả chỉ tiêu' }).waitFor();
    const row = page.locator(`tr[data-target="${own}"][data-indicator="0"]`);
    expect(await row.locator('td.status-met').innerText()).toMatch(/92,5%\s*Đạt/);
    expect(await page.locator('.chart svg').getAttribute('aria-label')).toMatch(/Mức đạt so với mục tiêu/);
    expect(await page.locator('.chart svg rect[fill="#2e7d32"]').count()).toBe(1);

    // A value that is not a number: the reason, naming the field, and nothing saved.
    await page.locator('summary', { hasText: 'Hằng năm có trên 90%' }).click();
    await form.getByLabel('Năm').selectOption('2026');
    await form.getByLabel('Kết quả').fill('khoảng 90');
    await form.getByRole('button', { name: 'Lưu kết quả' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /Giá trị/ })
      .waitFor();
    expect((await t.http().get(`/api/programs/${programId}/targets`).set(t.as('office'))).body[0].results[1]).toEqual({
      year: 2026,
      indicator: 0,
      value: null,
      status: 'no_data',
    });
    await page.screenshot({ path: join(ARTIFACTS, 'targets-office.png'), fullPage: true });
  });

  it('lets the lead unit record its own target, and only its own', async () => {
    const page = await browsing.signIn('xdd');
    await page.goto(`${base}/programs/${programId}/targets`);
    expect(await page.locator(`form[action="/programs/${programId}/targets/${own}/results"]`).count()).toBe(1);
    expect(await page.locator(`form[action="/programs/${programId}/targets/${other}/results"]`).count()).toBe(0);
    expect(await page.getByRole('link', { name: /Tải bảng tổng hợp/ }).count()).toBe(0);
    await page.locator('summary', { hasText: 'Hằng năm có trên 90%' }).click();
    const form = page.locator(`form[action="/programs/${programId}/targets/${own}/results"]`);
    await form.getByLabel('Năm').selectOption('2026');
    await form.getByLabel('Kết quả').fill('88');
    await Promise.all([page.waitForURL(`${base}/programs/${programId}/targets`), form.getByRole('button', { name: 'Lưu kết quả' }).click()]);
    expect(await page.locator(`tr[data-target="${own}"] td.status-not_met`).innerText()).toMatch(/88%\s*Chưa đạt/);
  });
});
