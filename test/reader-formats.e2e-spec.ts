/**
 * The documents an office really receives, read by the real tools: a phân công table in a
 * .docx (docx library, merged cells as Word writes them), the same plan as an old .doc
 * (converted by LibreOffice here, read back through LibreOffice by the service), a signed
 * and stamped scan (a page printed to PDF, photographed by pdftoppm, put back in a PDF
 * without a text layer) read by tesseract, and a photo of a page. Expectations come from
 * the documents as written below.
 */
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import PDFDocument from 'pdfkit';
import { DataSource } from 'typeorm';
import { PASSWORD, TestApp, formClient, startApp } from './support/app';
import { makeScan } from './support/scan';
import { RowSpec, makeTableDocx } from './support/table-docx';

const ROOT = join(__dirname, '..');

const HEADER = [
  'ĐẢNG BỘ PHƯỜNG HÀ TU',
  'ĐẢNG ỦY PHƯỜNG',
  'Số 12-KH/ĐU',
  'Hà Tu, ngày 14 tháng 8 năm 2025',
  'KẾ HOẠCH',
  'triển khai công tác chuyển đổi số trong các cơ quan Đảng',
  'Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;',
  'Ban Thường vụ Đảng ủy phân công thực hiện như sau:',
];

/** Column names as one office writes them; group rows merged across; a lead unit merged down two rows; a bullet row under task 2. */
const TABLE: RowSpec[] = [
  ['TT', 'Nội dung công việc', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời gian hoàn thành', 'Ghi chú'],
  ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)'],
  [{ text: 'I. CÔNG TÁC CHUẨN BỊ', colSpan: 6 }],
  ['1', 'Rà soát hạ tầng mạng, máy tính tại các cơ quan Đảng', { text: 'Văn phòng Đảng ủy', vMerge: 'restart' }, 'Công an phường', 'Tháng 9/2025', ''],
  ['2', 'Xây dựng quy chế quản lý văn bản điện tử', { text: '', vMerge: 'continue' }, 'Ban Xây dựng Đảng; Ủy ban Kiểm tra', 'Quý IV/2025', ''],
  ['', '- Dự thảo quy chế và lấy ý kiến các chi bộ', '', '', '', ''],
  [{ text: 'II. TỔ CHỨC THỰC HIỆN', colSpan: 6 }],
  ['1', 'Báo cáo tiến độ chuyển đổi số', 'Các chi, đảng bộ trực thuộc', 'Văn phòng Đảng ủy', 'Hằng quý', ''],
  // The header again, as Word repeats it where the table goes on over a page.
  ['TT', 'Nội dung công việc', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời gian hoàn thành', 'Ghi chú'],
  ['2', 'Tập huấn kỹ năng số cho cán bộ, đảng viên', 'Trung tâm Chính trị phường', '', 'Trước ngày 30/11/2025', ''],
  ['3', 'Sơ kết 1 năm thực hiện', 'Ban Thường vụ Đảng ủy', 'Các cơ quan liên quan', '', ''],
];
const SIGNATURE = ['Nơi nhận:', '- Các chi, đảng bộ trực thuộc,', '- Lưu VPĐU.', 'T/M BAN THƯỜNG VỤ', 'BÍ THƯ'];

/** What a reader of the table above writes down, row by row. */
const EXPECTED_ROWS = [
  { ref: 'I.1', ownerName: 'Văn phòng Đảng ủy', coNames: ['Chi bộ Công an phường'], deadline: { raw: 'Tháng 9/2025', kind: 'window', due: '2025-09-30' } },
  {
    ref: 'I.2',
    ownerName: 'Văn phòng Đảng ủy',
    coNames: ['Ban Xây dựng Đảng', 'Ủy ban Kiểm tra Đảng ủy'],
    deadline: { raw: 'Quý IV/2025', kind: 'window', due: '2025-12-31' },
    text: 'Xây dựng quy chế quản lý văn bản điện tử - Dự thảo quy chế và lấy ý kiến các chi bộ',
  },
  { ref: 'II.1', ownerName: 'Các chi, đảng bộ trực thuộc', coNames: ['Văn phòng Đảng ủy'], deadline: { raw: 'Hằng quý', kind: 'recurring', every: 'quarter' } },
  { ref: 'II.2', ownerName: 'Trung tâm Chính trị phường', coNames: [], deadline: { kind: 'date', due: '2025-11-30' } },
  { ref: 'II.3', ownerName: 'Ban Thường vụ Đảng ủy', coNames: [], deadline: { raw: null } },
];

describe('reading tables, old Word files, scans and photos', () => {
  let t: TestApp;
  let dir: string;
  let tableDocx: Buffer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dondoc-formats-'));
    tableDocx = await makeTableDocx(HEADER, TABLE, SIGNATURE);
    // The same plan saved as Word 97–2003 by LibreOffice: a real .doc.
    writeFileSync(join(dir, 'plan.docx'), tableDocx);
    execFileSync('soffice', [`-env:UserInstallation=file://${join(dir, 'lo')}`, '--headless', '--convert-to', 'doc', '--outdir', dir, join(dir, 'plan.docx')], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    // And exported to PDF, as offices send plans: a text layer with ruled table cells.
    execFileSync('soffice', [`-env:UserInstallation=file://${join(dir, 'lo')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'plan.docx')], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    // These cases are about what is read, not about when an upload turns into a job
    // (the scan case below is): a cold LibreOffice on a slow machine must not flip them to 202.
    t = await startApp('2025-08-20', { env: { IMPORT_WAIT_SECONDS: '60' } });
  }, 180_000);
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = (file: Buffer, name: string, fields: Record<string, string> = {}) => {
    const req = t.http().post('/api/imports').set(t.as('office'));
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.attach('file', file, name);
  };
  // Upload and return the preview: at once (201) or, when reading outlasts the wait
  // (a cold LibreOffice on a slow machine), by following the job (202) to its end.
  const read = async (file: Buffer, name: string): Promise<any> => {
    const res = await upload(file, name);
    expect([201, 202]).toContain(res.status);
    let view = res.body;
    for (let i = 0; i < 600 && res.status === 202 && view.status === 'reading'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      view = (await t.http().get(`/api/imports/${res.body.id}`).set(t.as('office')).expect(200)).body;
    }
    if (res.status === 202) expect(view.status).toBe('preview');
    return view;
  };
  const count = async (table: string) => Number((await t.app.get(DataSource).query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const importCli = (args: string[]) =>
    spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/import.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DB_PATH: join(dir, 'none.sqlite') },
    });

  it('reads a .docx whose tasks are all in a phân công table, and prefills the program from its header', async () => {
    const preview = (await upload(tableDocx, 'ke-hoach-chuyen-doi-so.docx').expect(201)).body;
    expect(preview).toMatchObject({ status: 'preview', fileType: 'docx', summary: { tasks: 5 } });
    expect(preview.program).toMatchObject({
      kind: 'ke_hoach',
      number: '12-KH/ĐU',
      title: 'Kế hoạch triển khai công tác chuyển đổi số trong các cơ quan Đảng',
      issuedDate: '2025-08-14',
    });
    expect(preview.tasks).toHaveLength(EXPECTED_ROWS.length);
    EXPECTED_ROWS.forEach((e, i) => expect(preview.tasks[i]).toMatchObject({ ...e, source: 'table', proposed: false }));
    expect(preview.warnings).toContainEqual(expect.objectContaining({ code: 'unknown_unit', proposedUnit: 'Trung tâm Chính trị phường' }));
    expect(preview.warnings).toContainEqual(expect.objectContaining({ code: 'no_deadline', ref: 'II.3' }));

    const done = (await t.http().post(`/api/imports/${preview.id}/commit`).set(t.as('office')).send({ createProposedUnits: true }).expect(200)).body;
    expect(done.result.created).toEqual(['I.1', 'I.2', 'II.1', 'II.2', 'II.3']);
    const program = (await t.http().get(`/api/programs/${done.result.programId}`).set(t.as('office')).expect(200)).body;
    expect(program).toMatchObject({ title: 'Kế hoạch triển khai công tác chuyển đổi số trong các cơ quan Đảng', number: '12-KH/ĐU', issuedDate: '2025-08-14' });
  });

  it('reads numbered text and the Phụ lục table after the signature, each with its own refs', async () => {
    const text = [
      ...HEADER,
      'I. NHIỆM VỤ TRỌNG TÂM',
      '1. Ban Xây dựng Đảng tham mưu kiện toàn Ban Chỉ đạo chuyển đổi số, hoàn thành trong tháng 9/2025.',
      '2. Văn phòng Đảng ủy bảo đảm hạ tầng, báo cáo định kỳ hằng quý.',
      'II. TỔ CHỨC THỰC HIỆN',
      'Các chi, đảng bộ trực thuộc căn cứ kế hoạch triển khai thực hiện (có phụ lục phân công kèm theo).',
    ];
    // The Phụ lục comes after the signature, as offices attach it.
    const withAppendix = await makeTableDocx([...text, ...SIGNATURE, 'PHỤ LỤC', 'PHÂN CÔNG NHIỆM VỤ'], TABLE, []);
    const preview = (await upload(withAppendix, 'ke-hoach-phu-luc.docx').expect(201)).body;
    const refs = preview.tasks.map((r: any) => r.ref);
    expect(refs).toEqual(['I.1', 'I.2', 'PL.I.1', 'PL.I.2', 'PL.II.1', 'PL.II.2', 'PL.II.3']);
    expect(preview.tasks[0]).toMatchObject({ source: 'text', ownerName: 'Ban Xây dựng Đảng', deadline: { due: '2025-09-30' } });
    expect(preview.tasks[2]).toMatchObject({ source: 'table', ownerName: 'Văn phòng Đảng ủy', deadline: { due: '2025-09-30' } });
  });

  it('reads an old Word file (.doc) through LibreOffice as it reads the .docx', async () => {
    const doc = readFileSync(join(dir, 'plan.doc'));
    expect(doc.readUInt32BE(0)).toBe(0xd0cf11e0);
    const preview = await read(doc, 'ke-hoach-cu.doc');
    expect(preview.fileType).toBe('doc');
    expect(preview.program.number).toBe('12-KH/ĐU');
    EXPECTED_ROWS.forEach((e, i) => expect(preview.tasks[i]).toMatchObject(e));
  }, 180_000);

  it('reads the same table from a PDF with a text layer, its columns recovered from the ruled cells', async () => {
    const preview = (await upload(readFileSync(join(dir, 'plan.pdf')), 'ke-hoach.pdf').expect(201)).body;
    expect(preview.fileType).toBe('pdf');
    expect(preview.program.number).toBe('12-KH/ĐU');
    // A PDF keeps no trace of the lead cell merged over rows 1 and 2: row 2 has no owner, and says so.
    const pdfRows = EXPECTED_ROWS.map((e) => (e.ref === 'I.2' ? { ...e, ownerName: null } : e));
    expect(preview.tasks.map((r: any) => r.ref)).toEqual(pdfRows.map((e) => e.ref));
    pdfRows.forEach((e, i) => expect(preview.tasks[i]).toMatchObject({ ...e, source: 'table' }));
    expect(preview.warnings).toContainEqual(expect.objectContaining({ code: 'no_owner', ref: 'I.2' }));
  }, 60_000);

  it('reads a table that runs over several PDF pages as one table', async () => {
    const rows: RowSpec[] = [['STT', 'Nhiệm vụ', 'Đơn vị thực hiện', 'Thời hạn']];
    for (let i = 1; i <= 60; i++)
      rows.push([String(i), `Rà soát hồ sơ đảng viên của chi bộ số ${i} và cập nhật phần mềm quản lý`, 'Ban Xây dựng Đảng', `Tháng ${(i % 12) + 1}/2026`]);
    writeFileSync(join(dir, 'dai.docx'), await makeTableDocx(['PHỤ LỤC', 'PHÂN CÔNG RÀ SOÁT HỒ SƠ'], rows));
    execFileSync('soffice', [`-env:UserInstallation=file://${join(dir, 'lo')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'dai.docx')], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    const pdf = readFileSync(join(dir, 'dai.pdf'));
    expect(Number(/\/Count (\d+)/.exec(pdf.toString('latin1'))![1])).toBeGreaterThan(1);
    const r = importCli([join(dir, 'dai.pdf'), '--issued', '2025-12-01', '--dry-run', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.tasks).toHaveLength(60);
    expect(out.tasks.map((x: any) => x.ref)).toEqual(Array.from({ length: 60 }, (_, i) => `PL.${i + 1}`));
    expect(out.tasks.every((x: any) => x.owner === 'Ban Xây dựng Đảng' && x.source === 'table')).toBe(true);
    expect(out.tasks[59].deadline).toMatchObject({ kind: 'window', due: '2026-01-31' });
  }, 120_000);

  const SCAN_PAGE = [
    'ĐẢNG BỘ PHƯỜNG CAO XANH',
    'ĐẢNG ỦY PHƯỜNG',
    'Số 21-KH/ĐU',
    'Cao Xanh, ngày 02 tháng 9 năm 2025',
    'KẾ HOẠCH',
    'kiểm tra, giám sát năm 2025 - 2026',
    '',
    'I. NỘI DUNG',
    '1. Ủy ban Kiểm tra Đảng ủy kiểm tra việc chấp hành quy chế làm việc của Chi bộ Công an phường, hoàn thành trong tháng 10/2025.',
    '2. Ban Xây dựng Đảng tổng hợp kết quả đánh giá, xếp loại chất lượng tổ chức đảng, hoàn thành trước ngày 15/12/2025.',
    '3. Văn phòng Đảng ủy báo cáo tiến độ định kỳ hằng quý.',
  ];
  const SCAN_PAGE_2 = [
    'II. TỔ CHỨC THỰC HIỆN',
    '1. Các chi bộ trực thuộc xây dựng kế hoạch tự kiểm tra, hoàn thành trước ngày 30/9/2025.',
    '2. Văn phòng Đảng ủy theo dõi, tổng hợp kết quả thực hiện, hoàn thành trong quý IV/2025.',
    'Nơi nhận:',
    '- Các chi bộ trực thuộc,',
    '- Lưu VPĐU.',
    'T/M ĐẢNG ỦY',
    'BÍ THƯ',
  ];
  const SCAN_ROWS = [
    { ref: 'I.1', ownerName: 'Ủy ban Kiểm tra Đảng ủy', deadline: { kind: 'window', due: '2025-10-31' } },
    { ref: 'I.2', ownerName: 'Ban Xây dựng Đảng', deadline: { kind: 'date', due: '2025-12-15' } },
    { ref: 'I.3', ownerName: 'Văn phòng Đảng ủy', deadline: { kind: 'recurring', every: 'quarter' } },
  ];

  it('reads a stamped scan by OCR as a job: 202 at once, progress page by page, then the preview', async () => {
    const { pdf } = await makeScan([SCAN_PAGE, SCAN_PAGE_2], { rotate: 1 });
    // An instance that answers every upload with a job at once.
    const j = await startApp('2025-08-20', { env: { IMPORT_WAIT_SECONDS: '0' } });
    try {
      await scanJob(j, pdf);
    } finally {
      await j.close();
    }
  }, 240_000);

  async function scanJob(j: TestApp, pdf: Buffer): Promise<void> {
    const res = await j.http().post('/api/imports').set(j.as('office')).attach('file', pdf, 'ke-hoach-kiem-tra-scan.pdf').expect(202);
    // The preview page follows the job: a progress line, and it reloads itself.
    const c = await formClient(j);
    await c.post('/login', { username: 'office', password: PASSWORD }).expect(303);
    const page = (await c.agent.get(`/imports/${res.body.id}`).expect(200)).text;
    expect(page).toMatch(/data-autorefresh="2"/);
    expect(page).toMatch(/Đang (?:đọc tệp|nhận dạng chữ \(OCR\)|phân tích)/);
    expect(res.body).toMatchObject({ status: 'reading', progress: { stage: expect.any(String) } });
    const seen: string[] = [];
    let view = res.body;
    for (let i = 0; i < 240 && view.status === 'reading'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      view = (await j.http().get(`/api/imports/${res.body.id}`).set(j.as('office')).expect(200)).body;
      if (view.progress?.stage === 'ocr') seen.push(`${view.progress.page}/${view.progress.pages}`);
    }
    expect(view.status).toBe('preview');
    expect(view.fileType).toBe('pdf');
    expect(seen.some((s) => /\/2$/.test(s))).toBe(true);
    // Page 1 has the header and three tasks; page 2 two more and the signature.
    expect(view.tasks.map((r: any) => r.ref)).toEqual(['I.1', 'I.2', 'I.3', 'II.1', 'II.2']);
    expect(view.tasks[3]).toMatchObject({ ownerName: 'Các chi, đảng bộ trực thuộc', deadline: { kind: 'date', due: '2025-09-30' } });
    expect(view.tasks[4]).toMatchObject({ ownerName: 'Văn phòng Đảng ủy', deadline: { kind: 'window', due: '2025-12-31' } });
    expect(view.program).toMatchObject({ kind: 'ke_hoach', number: '21-KH/ĐU', issuedDate: '2025-09-02' });
    SCAN_ROWS.forEach((e, i) => expect(view.tasks[i]).toMatchObject({ ...e, source: 'ocr' }));
    for (const r of view.tasks) expect(r.confidence).toBeGreaterThan(0.5);
    for (const r of view.tasks) expect(r.confidence).toBeLessThanOrEqual(1);
  }

  it('reads a photo of a page (.png) from the CLI, with OCR progress on stderr and confidence per row', async () => {
    const { pngs } = await makeScan([SCAN_PAGE], { dpi: 150 });
    writeFileSync(join(dir, 'photo.png'), pngs[0]);
    const r = importCli([join(dir, 'photo.png'), '--dry-run', '--json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/OCR\): trang 1\/1/);
    const out = JSON.parse(r.stdout);
    expect(out.program).toMatchObject({ kind: 'ke_hoach', number: '21-KH/ĐU', issuedDate: '2025-09-02', place: 'Cao Xanh' });
    SCAN_ROWS.forEach((e, i) =>
      expect(out.tasks[i]).toMatchObject({
        ref: e.ref,
        owner: e.ownerName,
        deadline: e.deadline,
        source: 'ocr',
        proposed: false,
        confidence: expect.any(Number),
      }),
    );
  }, 120_000);

  it('proposes the tasks of a conference conclusion written as prose; only the rows the office keeps are written', async () => {
    const text = readFileSync(join(__dirname, 'fixtures/thong-bao-ket-luan-hoi-nghi.txt'));
    const preview = (await upload(text, 'thong-bao-ket-luan.txt').expect(201)).body;
    expect(preview.program).toMatchObject({ kind: 'ket_luan', number: '18-TB/ĐU', issuedDate: '2025-10-06' });
    expect(preview.tasks.map((r: any) => [r.ref, r.ownerName, r.deadline.due])).toEqual([
      ['ĐX.1', null, '2025-10-20'],
      ['ĐX.2', 'Ban Xây dựng Đảng', '2025-11-30'],
      ['ĐX.3', 'Chi bộ Công an phường', null],
      ['ĐX.4', 'Văn phòng Đảng ủy', '2025-12-31'],
      ['ĐX.5', 'Ủy ban Kiểm tra Đảng ủy', '2025-12-31'],
    ]);
    // Nothing is in until the office keeps it.
    expect(preview.tasks.every((r: any) => r.proposed && r.source === 'prose' && r.dropped)).toBe(true);
    expect(preview.summary).toMatchObject({ tasks: 0, review: 5, byCode: expect.objectContaining({ proposed: 5 }) });

    // Keep two from the page's buttons (with the review filter on), one through the API.
    const c = await formClient(t);
    await c.post('/login', { username: 'office', password: PASSWORD }).expect(303);
    const page = (await c.agent.get(`/imports/${preview.id}?review=1`).expect(200)).text;
    expect(page).toContain('chỉ các dòng cần xem lại (5)');
    expect(page).toContain('Đề xuất từ câu văn — chưa giữ');
    // The session's token, as the page's forms carry it.
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
    const decide = (r: number, body: Record<string, string>) =>
      c.agent
        .post(`/imports/${preview.id}/rows/${r}/decision`)
        .type('form')
        .send({ _csrf: csrf, ...body });
    const row = (ref: string) => preview.tasks.find((r: any) => r.ref === ref).row;
    await decide(row('ĐX.2'), { keep: '1', review: '1' })
      .expect(303)
      .expect('Location', `/imports/${preview.id}?review=1#row-${row('ĐX.2')}`);
    await decide(row('ĐX.4'), { keep: '1' }).expect(303);
    await decide(row('ĐX.1'), { keep: '0' }).expect(303);
    const kept = (
      await t
        .http()
        .patch(`/api/imports/${preview.id}/rows/${row('ĐX.5')}`)
        .set(t.as('office'))
        .send({ drop: false })
        .expect(200)
    ).body;
    expect(kept.summary).toMatchObject({ tasks: 3, review: 1 });
    const done = (await t.http().post(`/api/imports/${preview.id}/commit`).set(t.as('office')).send({}).expect(200)).body;
    expect(done.result).toMatchObject({ created: ['ĐX.2', 'ĐX.4', 'ĐX.5'], dropped: 2 });
  });

  it('says plainly when a document has no task structure and nothing to propose, and suggests prose mode', () => {
    writeFileSync(join(dir, 'thu.txt'), 'Kính gửi các đồng chí.\nVăn phòng xin gửi lịch công tác tuần tới để các đồng chí nắm được.\n');
    const r = importCli([join(dir, 'thu.txt'), '--dry-run', '--json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).tasks).toEqual([]);
    expect(r.stderr).toMatch(/không tìm thấy cấu trúc nhiệm vụ.*--prose/);
  });

  describe('bad files: 400 naming file, nothing written', () => {
    const encryptedPdf = () =>
      new Promise<Buffer>((resolve) => {
        const d = new PDFDocument({ userPassword: 'mat-khau', ownerPassword: 'mat-khau' });
        const chunks: Buffer[] = [];
        d.on('data', (c: Buffer) => chunks.push(c));
        d.on('end', () => resolve(Buffer.concat(chunks)));
        d.text('1. Nội dung mật');
        d.end();
      });
    const cases: [string, () => Promise<[Buffer, string]>, RegExp][] = [
      ['an image too small to read', async () => [(await makeScan([['1. Một dòng']], { dpi: 20 })).pngs[0], 'nho.png'], /file: ảnh "nho.png" quá nhỏ/],
      [
        'a broken .doc',
        async () => [Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(4096, 7)]), 'hong.doc'],
        /file: không chuyển đổi được tệp .doc/,
      ],
      ['a password-protected PDF', async () => [await encryptedPdf(), 'mat.pdf'], /file: "mat.pdf" là PDF có mật khẩu/],
      [
        'an Excel 97 file named .xls',
        async () => [Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]), 'bang.xls'],
        /file: .*không phải văn bản Word/,
      ],
      [
        'a table with no recognisable header',
        async () => [
          await makeTableDocx(
            [],
            [
              ['A', 'B', 'C'],
              ['x', 'y', 'z'],
              ['1', '2', '3'],
            ],
          ),
          'bang.docx',
        ],
        /file: không tìm thấy cấu trúc nhiệm vụ .*bảng nhưng không nhận ra dòng tiêu đề/,
      ],
    ];
    it.each(cases)(
      '%s',
      async (_name, make, message) => {
        const [bytes, name] = await make();
        const before = [await count('import_previews'), await count('tasks'), await count('programs')];
        const res = await upload(bytes, name).expect(400);
        expect(res.body.message).toMatch(message);
        expect([await count('import_previews'), await count('tasks'), await count('programs')]).toEqual(before);
      },
      120_000,
    );

    it('a converter that runs past its limit is killed and reported the same way', async () => {
      // One second: LibreOffice cannot even set up its profile in that time.
      const j = await startApp('2025-08-20', { env: { IMPORT_TOOL_TIMEOUT_SECONDS: '1' } });
      try {
        const doc = readFileSync(join(dir, 'plan.doc'));
        const res = await j.http().post('/api/imports').set(j.as('office')).attach('file', doc, 'cham.doc').expect(400);
        expect(res.body.message).toMatch(/file: chuyển đổi tệp .doc "cham.doc" quá thời gian/);
        expect(await j.app.get(DataSource).query('SELECT id FROM import_previews')).toEqual([]);
      } finally {
        await j.close();
      }
      // No soffice is left behind.
      expect(spawnSync('pgrep', ['-f', 'dondoc-doc-']).stdout.toString().trim()).toBe('');
    });
  });
});
