import { DataSource } from 'typeorm';
import { TestApp, startApp } from './support/app';
import { docxBomb } from './support/zip';

/**
 * Hostile and huge uploads (issue: "an upload can kill the service", "one large document
 * blocks every other request"): every file is read in a child process with a heap and a time
 * limit, zip archives are checked while they inflate, and the reader is linear in its input.
 */
describe('uploads that would exhaust or block the service', () => {
  let t: TestApp;
  const META = { kind: 'ke_hoach', number: '09-KH/ĐU', title: 'Kế hoạch thử tải', issuedDate: '2025-06-05' };
  beforeAll(async () => {
    // What is read and that the service stays responsive, not when an upload becomes a job
    // (reader-formats tests that): a loaded 2-core machine must not flip these to 202.
    t = await startApp('2025-07-01', { env: { IMPORT_READER_TIMEOUT_SECONDS: '60', IMPORT_WAIT_SECONDS: '60' } });
  });
  afterAll(() => t.close());

  const upload = (file: Buffer, name: string) => {
    const req = t.http().post('/api/imports').set(t.as('office'));
    for (const [k, v] of Object.entries(META)) req.field(k, v);
    return req.attach('file', file, name);
  };
  const previews = async () => Number((await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM import_previews'))[0].n);

  it('refuses a .docx whose document.xml inflates to 300 MB, with a Vietnamese reason, and keeps serving', async () => {
    const bomb = docxBomb(300);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const res = await upload(bomb, 'bom.docx').expect(400);
    expect(res.body.message).toMatch(/^file: "word\/document.xml" trong tệp .docx giải nén ra 300 MB, quá giới hạn 50 MB/);
    expect(JSON.stringify(res.body)).not.toMatch(/0x1fffffe8|Error:|at /);
    await t.http().get('/api/units').set(t.as('office')).expect(200);
    expect(await previews()).toBe(0);
  });

  it('catches a zip whose header lies about the size while inflating', async () => {
    const res = await upload(docxBomb(120, true), 'noi-doi.docx').expect(400);
    expect(res.body.message).toMatch(/word\/document.xml" trong tệp .docx (không khớp kích thước khai báo|nén bất thường)/);
    await t.http().get('/api/units').set(t.as('office')).expect(200);
  });

  it('reads a 15 MB single-line .txt without a stack overflow (nothing numbered, not 500): a bounded number of sentences proposed', async () => {
    const line = Buffer.from('Đảng ủy phường lãnh đạo, chỉ đạo thực hiện nhiệm vụ (hoàn thành trong tháng 8/2025); '.repeat(140_000));
    expect(line.length).toBeGreaterThan(15_000_000);
    expect(line.length).toBeLessThan(20 * 1024 * 1024);
    const res = await upload(line, 'mot-dong.txt');
    expect(res.status).toBe(201);
    // No numbered structure: its clauses are proposals, at most 300 of them, none kept yet.
    expect(res.body.tasks).toHaveLength(300);
    expect(res.body.summary.tasks).toBe(0);
    expect(res.body.warnings).toContainEqual(expect.objectContaining({ code: 'prose', message: expect.stringMatching(/Chỉ đề xuất 300 câu đầu/) }));
  });

  it('reads a large numbered plan off the request thread: other requests answer while it is read', async () => {
    const lines = ['KẾ HOẠCH', 'I. NHIỆM VỤ'];
    for (let i = 1; i <= 20_000; i++)
      lines.push(
        `${i % 500 === 0 ? 'II. TIẾP THEO\n' : ''}${(i % 500) + 1}. Ban Xây dựng Đảng rà soát hồ sơ đảng viên đợt ${i}, hoàn thành trước ngày 15/8/2025.`,
      );
    const big = Buffer.from(lines.join('\n'));
    expect(big.length).toBeGreaterThan(2_000_000);
    let importDone = 0;
    const order: string[] = [];
    const importing = upload(big, 'lon.txt').then((r) => {
      importDone = Date.now();
      order.push('import');
      return r;
    });
    // While the document is read, the service keeps answering (it would not, were the
    // reader on the event loop): these requests finish before the import does.
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 3; i++) {
      await t.http().get('/api/units').set(t.as('office')).expect(200);
      order.push('units');
    }
    const res = await importing;
    expect(res.status).toBe(201);
    expect(importDone).toBeGreaterThan(0);
    expect(order.slice(0, 3)).toEqual(['units', 'units', 'units']);
    expect(res.body.summary.tasks).toBe(20_000);
    // Items numbered 100 and up are items of their own, not merged into item 99.
    expect(res.body.tasks.find((r: any) => r.ref === 'I.250').text).toMatch(/đợt 249,/);
  });

  it('stops reading after the time limit and answers 400 with the reason', async () => {
    const slow = await startApp('2025-07-01', { env: { IMPORT_READER_TIMEOUT_SECONDS: '1' } });
    try {
      const lines = ['KẾ HOẠCH', 'I. NHIỆM VỤ'];
      for (let i = 1; i <= 60_000; i++) lines.push(`${(i % 900) + 1}. Ban Xây dựng Đảng rà soát hồ sơ đảng viên đợt ${i}, hoàn thành trước ngày 15/8/2025.`);
      const req = slow.http().post('/api/imports').set(slow.as('office'));
      for (const [k, v] of Object.entries(META)) req.field(k, v);
      const res = await req.attach('file', Buffer.from(lines.join('\n')), 'rat-lon.txt').expect(400);
      expect(res.body.message).toMatch(/đọc tệp "rat-lon.txt" quá 1 giây/);
      await slow.http().get('/api/units').set(slow.as('office')).expect(200);
    } finally {
      await slow.close();
    }
  });

  it('reads a UTF-16 .txt (Notepad "Unicode") and explains a UTF-16 file without its BOM', async () => {
    const text = 'KẾ HOẠCH\nI. NHIỆM VỤ\n1. Ban Xây dựng Đảng rà soát hồ sơ, hoàn thành trước ngày 15/8/2025.\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const res = await upload(le, 'unicode.txt').expect(201);
    expect(res.body.tasks[0]).toMatchObject({ ref: 'I.1', deadline: { due: '2025-08-15' } });
    const bare = await upload(Buffer.from(text, 'utf16le'), 'khong-bom.txt').expect(400);
    expect(bare.body.message).toMatch(/UTF-16 không có BOM: hãy lưu lại dạng UTF-8/);
  });
});
