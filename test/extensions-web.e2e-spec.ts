import { join } from 'path';
import { mkdirSync } from 'fs';
import { TestApp, createProgram, createTask, startApp } from './support/app';
import { Browsing, browserSuite } from './support/browser';
import { freePort } from './support/net';

const ARTIFACTS = join(__dirname, '..', 'test-artifacts', 'web');
jest.setTimeout(120_000);

browserSuite()('an extension request in a real browser: the unit asks, the office approves', () => {
  let t: TestApp;
  let browsing: Browsing;
  let base: string;
  let taskId: number;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await startApp('2025-09-20', { env: { PUBLIC_URL: base } });
    await t.app.listen(port, '127.0.0.1');
    const programId = await createProgram(t);
    taskId = (
      await createTask(t, programId, {
        ref: 'II.4',
        leadUnitId: t.unitId('Ban Xây dựng Đảng'),
        text: 'Tổng kết công tác xây dựng Đảng',
        deadline: 'hoàn thành trong tháng 9/2025',
      })
    ).id;
    browsing = new Browsing(base);
    await browsing.start();
  });
  afterAll(async () => {
    await browsing?.close();
    await t?.close();
  });

  it('walks the request from the unit to the office and back to the task page', async () => {
    const unit = await browsing.signIn('xdd', 390);
    await unit.goto(`${base}/tasks/${taskId}`);
    // A date before the current due date: the reason, and the form keeps what was typed.
    await unit.getByLabel('Hạn đề nghị').fill('15/09/2025');
    await unit.getByLabel('Lý do').fill('Chờ số liệu của các chi bộ');
    await unit.getByRole('button', { name: 'Gửi đề nghị' }).click();
    await unit
      .getByRole('alert')
      .filter({ hasText: /Hạn đề nghị/ })
      .first()
      .waitFor();
    expect(await unit.getByLabel('Lý do').inputValue()).toBe('Chờ số liệu của các chi bộ');
    await unit.getByLabel('Hạn đề nghị').fill('31/10/2025');
    await Promise.all([unit.waitForURL(`${base}/tasks/${taskId}`), unit.getByRole('button', { name: 'Gửi đề nghị' }).click()]);
    await unit.locator('.flash-ok', { hasText: 'Đã gửi đề nghị điều chỉnh thời hạn' }).waitFor();
    expect(await unit.locator('#extensions').innerText()).toMatch(/Chờ duyệt: đề nghị hạn 31\/10\/2025 \(hạn lúc đề nghị 30\/09\/2025\)/);
    expect(await unit.getByRole('button', { name: 'Gửi đề nghị' }).count()).toBe(0);

    const office = await browsing.signIn('office');
    await office.goto(`${base}/office`);
    await office.getByRole('heading', { name: /Đề nghị điều chỉnh thời hạn chờ duyệt \(1\)/ }).waitFor();
    await Promise.all([office.waitForURL(/\/tasks\/\d+#extensions$/), office.locator(`a[href="/tasks/${taskId}#extensions"]`).click()]);
    // Rejecting needs a reason.
    await office.getByRole('button', { name: 'Không duyệt' }).click();
    await office
      .getByRole('alert')
      .filter({ hasText: /note|Nội dung/ })
      .first()
      .waitFor();
    await office.getByPlaceholder('Ý kiến (không bắt buộc)').fill('Đồng ý gia hạn');
    await Promise.all([office.waitForURL(`${base}/tasks/${taskId}`), office.getByRole('button', { name: 'Duyệt gia hạn' }).click()]);
    await office.locator('.flash-ok', { hasText: 'Đã duyệt điều chỉnh thời hạn' }).waitFor();
    expect(await office.locator('dl').first().innerText()).toMatch(/Hạn: 31\/10\/2025 \(đã điều chỉnh; hạn ban đầu 30\/09\/2025\)/);
    await office.screenshot({ path: join(ARTIFACTS, 'extension-approved.png'), fullPage: true });

    await unit.reload();
    expect(await unit.locator('#extensions').innerText()).toMatch(/Đã duyệt: đề nghị hạn 31\/10\/2025/);
    const api = (await t.http().get(`/api/tasks/${taskId}`).set(t.as('office'))).body;
    expect(api.deadline).toMatchObject({ due: '2025-10-31', originalDue: '2025-09-30' });

    // The unit attaches its evidence (a file of another type first: refused, named) and reports done.
    await unit.locator('#evidence-file').setInputFiles({ name: 'ghi-chu.txt', mimeType: 'text/plain', buffer: Buffer.from('chỉ là văn bản') });
    await unit.getByRole('button', { name: 'Tải lên minh chứng' }).click();
    await unit
      .locator('#evidence-error')
      .filter({ hasText: /chỉ nhận PDF/ })
      .waitFor();
    await unit
      .locator('#evidence-file')
      .setInputFiles({ name: 'Biên bản tổng kết.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await Promise.all([unit.waitForURL(`${base}/tasks/${taskId}`), unit.getByRole('button', { name: 'Tải lên minh chứng' }).click()]);
    await unit.locator('.flash-ok', { hasText: 'Đã tải lên minh chứng' }).waitFor();
    await unit.getByLabel('Kết quả thực hiện, văn bản minh chứng').fill('Đã tổng kết, biên bản kèm theo');
    await Promise.all([unit.waitForURL(`${base}/tasks/${taskId}`), unit.getByRole('button', { name: 'Báo cáo đã hoàn thành' }).click()]);

    // The office sees the file before confirming, opens it, and confirms.
    await office.goto(`${base}/tasks/${taskId}`);
    const file = office.locator('[data-evidence] a', { hasText: 'Biên bản tổng kết.pdf' });
    expect(await file.count()).toBe(1);
    const res = await office.request.get(`${base}${await file.getAttribute('href')}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    await Promise.all([office.waitForURL(`${base}/tasks/${taskId}`), office.getByRole('button', { name: /Xác nhận hoàn thành/ }).click()]);
    await office.locator('.flash-ok', { hasText: 'Đã xác nhận hoàn thành' }).waitFor();
    expect((await t.http().get(`/api/tasks/${taskId}`).set(t.as('office'))).body.status).toBe('done');
    await office.screenshot({ path: join(ARTIFACTS, 'evidence-confirmed.png'), fullPage: true });
  });
});
