import { readFileSync } from 'fs';
import { join } from 'path';
import { DataSource } from 'typeorm';
import { makeDocx, makeImageOnlyPdf, makePdf } from './support/documents';
import { TestApp, startApp, auditOf } from './support/app';
import { PASSWORD, formClient } from './support/app';
import { sharedFixture } from './support/shared-fixtures';

const PLAN = readFileSync(join(__dirname, 'fixtures/ke-hoach-dai-hoi-chi-bo.txt'));
const PLAN_META = {
  kind: 'ke_hoach',
  number: '07-KH/ĐU',
  title: 'Kế hoạch tổ chức đại hội',
  issuedDate: '2025-06-05',
  events: JSON.stringify([{ name: 'Đại hội Đảng bộ phường', date: '2025-08-12' }]),
};

describe('document import: upload → preview → fixes → commit', () => {
  let t: TestApp;
  beforeAll(async () => {
    process.env.IMPORT_MAX_MB = '2';
    // What is read and refused, not when an upload becomes a job (reader-formats tests that):
    // OCR of a blank scan on a loaded 2-core machine must not flip a 400 into a 202.
    t = await startApp('2025-07-01', { env: { IMPORT_WAIT_SECONDS: '60' } });
  });
  afterAll(async () => {
    delete process.env.IMPORT_MAX_MB;
    await t.close();
  });

  const upload = (file: Buffer, name: string, fields: Record<string, string | number> = PLAN_META, user: Parameters<TestApp['as']>[0] = 'office') => {
    const req = t.http().post('/api/imports').set(t.as(user));
    for (const [k, v] of Object.entries(fields)) req.field(k, String(v));
    return req.attach('file', file, name);
  };
  const count = async (table: string) => Number((await t.app.get(DataSource).query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  it('previews a plan, lets the office fix rows, and commits program, tasks and targets in one go', async () => {
    const preview = (await upload(PLAN, 'ke-hoach.txt').expect(201)).body;
    expect(preview).toMatchObject({ status: 'preview', fileType: 'txt', summary: { tasks: 11, targets: 0 } });
    const byRef = (ref: string) => preview.tasks.find((r: any) => r.ref === ref);
    expect(byRef('II.1-1+3')).toMatchObject({ ownerName: 'Ban Thường vụ Đảng ủy', deadline: { kind: 'relative', due: '2025-08-22' } });
    expect(preview.warnings).toContainEqual(expect.objectContaining({ code: 'unknown_unit', proposedUnit: 'Hội Cựu chiến binh phường' }));
    expect(await count('tasks')).toBe(0);

    // Fix: give III.1 a deadline, move II.3 to Văn phòng, drop II.2(2).
    const vp = t.unitId('Văn phòng Đảng ủy');
    const iii1 = byRef('III.1').row;
    let res = await t.http().patch(`/api/imports/${preview.id}/rows/${iii1}`).set(t.as('office')).send({ deadline: 'chậm nhất ngày 30/9/2025' }).expect(200);
    expect(res.body.tasks.find((r: any) => r.row === iii1).deadline).toMatchObject({ raw: 'chậm nhất ngày 30/9/2025', kind: 'date', due: '2025-09-30' });
    await t
      .http()
      .patch(`/api/imports/${preview.id}/rows/${byRef('II.3').row}`)
      .set(t.as('office'))
      .send({ ownerUnitId: vp })
      .expect(200);
    res = await t
      .http()
      .patch(`/api/imports/${preview.id}/rows/${byRef('II.2(2)').row}`)
      .set(t.as('office'))
      .send({ drop: true })
      .expect(200);
    expect(res.body.summary).toMatchObject({ tasks: 10, dropped: 1 });

    const committed = (await t.http().post(`/api/imports/${preview.id}/commit`).set(t.as('office')).send({ createProposedUnits: true }).expect(200)).body;
    expect(committed.status).toBe('committed');
    expect(committed.result).toMatchObject({ dropped: 1, unchanged: 0, updated: [], unitsCreated: ['Hội Cựu chiến binh phường'] });
    expect(committed.result.created).toHaveLength(10);
    const programId = committed.result.programId;

    const tasks = (await t.http().get(`/api/tasks?program=${programId}&pageSize=100`).set(t.as('office')).expect(200)).body.items;
    expect(tasks).toHaveLength(10);
    const task = (ref: string) => tasks.find((x: any) => x.ref === ref);
    expect(task('II.3').leadUnit.name).toBe('Văn phòng Đảng ủy');
    expect(task('III.1').deadline).toMatchObject({ kind: 'date', due: '2025-09-30' });
    expect(task('II.1-1+3').deadline).toMatchObject({
      kind: 'relative',
      due: '2025-08-22',
      raw: 'chậm nhất 10 ngày sau đại hội, hoàn thành trước ngày 31/8/2025',
    });
    expect(task('II.4').leadUnit.name).toBe('Hội Cựu chiến binh phường');
    expect(task('III.1').coUnits.map((u: any) => u.name)).toEqual(['Ban Xây dựng Đảng', 'Ủy ban Kiểm tra Đảng ủy']);
    const program = (await t.http().get(`/api/programs/${programId}`).set(t.as('office')).expect(200)).body;
    expect(program).toMatchObject({ kind: 'ke_hoach', number: '07-KH/ĐU', issuedDate: '2025-06-05' });
    expect(program.events).toEqual([expect.objectContaining({ name: 'Đại hội Đảng bộ phường', date: '2025-08-12' })]);

    // Committing twice is refused.
    await t.http().post(`/api/imports/${preview.id}/commit`).set(t.as('office')).send({}).expect(409);

    // Re-import the same document into the same program: nothing duplicated.
    const again = (await upload(PLAN, 'ke-hoach.txt', { programId }).expect(201)).body;
    await t
      .http()
      .patch(`/api/imports/${again.id}/rows/${again.tasks.find((r: any) => r.ref === 'II.2(2)').row}`)
      .set(t.as('office'))
      .send({ drop: true })
      .expect(200);
    await t
      .http()
      .patch(`/api/imports/${again.id}/rows/${again.tasks.find((r: any) => r.ref === 'III.1').row}`)
      .set(t.as('office'))
      .send({ deadline: 'chậm nhất ngày 30/9/2025' })
      .expect(200);
    await t
      .http()
      .patch(`/api/imports/${again.id}/rows/${again.tasks.find((r: any) => r.ref === 'II.3').row}`)
      .set(t.as('office'))
      .send({ ownerUnitId: vp })
      .expect(200);
    const second = (await t.http().post(`/api/imports/${again.id}/commit`).set(t.as('office')).send({ createProposedUnits: true }).expect(200)).body.result;
    expect(second).toMatchObject({ programId, created: [], updated: [], unchanged: 10, notInDocument: [] });
    expect(await count('tasks')).toBe(10);

    // A revised document: one deadline changed, one task added.
    const revised = Buffer.from(
      PLAN.toString('utf8')
        .replace('hoàn thành trước ngày 25/6/2025', 'hoàn thành trước ngày 30/6/2025')
        .replace('4. Hội Cựu chiến binh phường', '4. Ban Xây dựng Đảng tổng hợp danh sách đại biểu (trước ngày 20/7/2025).\n5. Hội Cựu chiến binh phường'),
    );
    const third = (await upload(revised, 'ke-hoach-sua.txt', { programId }).expect(201)).body;
    const report = (await t.http().post(`/api/imports/${third.id}/commit`).set(t.as('office')).send({ createProposedUnits: true }).expect(200)).body.result;
    // II.2(2) was dropped from the earlier commits, so it is new now too.
    expect(report.created).toEqual(['II.2(2)', 'II.4']);
    expect(report.updated).toEqual(
      expect.arrayContaining([
        { ref: 'II.1-1+1', fields: expect.arrayContaining(['text', 'deadlineRaw', 'dueDate']) },
        { ref: 'II.5', fields: ['ref'] },
      ]),
    );
    const history = await auditOf(t, task('II.1-1+1').id);
    expect(history.at(-1)).toMatchObject({ action: 'update', after: { dueDate: '2025-06-30' }, note: expect.stringContaining('ke-hoach-sua.txt') });
  });

  it('reads a real .docx', async () => {
    const docx = await makeDocx(PLAN.toString('utf8').split('\n'));
    const preview = (await upload(docx, 'ke-hoach.docx').expect(201)).body;
    expect(preview).toMatchObject({ fileType: 'docx', summary: { tasks: 11 } });
    expect(preview.tasks.find((r: any) => r.ref === 'II.2(1)')).toMatchObject({
      ownerName: 'Ban Xây dựng Đảng',
      deadline: { kind: 'window', due: '2025-06-30' },
    });
  });

  it('reads a real PDF with a text layer, dropping footers and page numbers', async () => {
    const lines = PLAN.toString('utf8')
      .split('\n')
      .filter((l) => !/lưu hành nội bộ|^\d+$/.test(l));
    const pdf = await makePdf([lines.slice(0, 22), lines.slice(22)], 'Tài liệu mật - không sao chép, phát tán dưới mọi hình thức');
    const preview = (await upload(pdf, 'ke-hoach.pdf').expect(201)).body;
    expect(preview.fileType).toBe('pdf');
    expect(preview.summary.tasks).toBe(11);
    for (const r of preview.tasks) expect(r.text).not.toMatch(/Tài liệu mật|(?:^|\s)[12](?:\s|$)/);
    expect(preview.tasks.find((r: any) => r.ref === 'II.1-1+3').deadline).toMatchObject({ kind: 'relative', due: '2025-08-22' });
  });

  describe('bad files get a 400 naming the field and write nothing', () => {
    const cases: [string, () => Promise<any>, RegExp][] = [
      ['no file', () => t.http().post('/api/imports').set(t.as('office')).field('kind', 'ke_hoach').field('title', 'Kế hoạch'), /file/],
      ['another type', () => upload(Buffer.from('MZ\x90\x00binary'), 'virus.exe'), /file: chỉ nhận tệp/],
      ['a zip that is not docx', () => upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'a.zip'), /file/],
      ['a broken docx', () => upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'a.docx'), /file: không đọc được/],
      ['over the size limit', () => upload(Buffer.alloc(2 * 1024 * 1024 + 10, 0x41), 'big.txt'), /file: tệp lớn hơn 2 MB/],
      ['no text', () => upload(Buffer.from('   \n\n  '), 'empty.txt'), /file: .*không có nội dung/],
      ['a scan with nothing OCR can read', async () => upload(await makeImageOnlyPdf(), 'scan.pdf'), /file: không nhận dạng được chữ/],
      ['not UTF-8', () => upload(Buffer.from([0x31, 0x2e, 0x20, 0xff, 0xfe, 0x41]), 'latin.txt'), /UTF-8/],
      [
        'text with no numbered tasks',
        () => upload(Buffer.from('Một đoạn văn không có đánh số mục nào.'), 'note.txt'),
        /file: không tìm thấy cấu trúc nhiệm vụ .*đoạn văn/,
      ],
      ['impossible issue date', () => upload(PLAN, 'ke-hoach.txt', { ...PLAN_META, issuedDate: '2025-02-30' }), /issuedDate/],
      ['events that are not JSON', () => upload(PLAN, 'ke-hoach.txt', { ...PLAN_META, events: 'Đại hội=2025-08-12' }), /events/],
      ['unknown program', () => upload(PLAN, 'ke-hoach.txt', { programId: 9999 }), /programId/],
    ];
    it.each(cases)('%s', async (_name, send, message) => {
      const before = [await count('import_previews'), await count('tasks'), await count('programs')];
      const res = await send();
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
      expect([await count('import_previews'), await count('tasks'), await count('programs')]).toEqual(before);
    });

    it('refuses bad row fixes with a 400 naming the field', async () => {
      const preview = (await upload(PLAN, 'ke-hoach.txt').expect(201)).body;
      const bad = await t.http().patch(`/api/imports/${preview.id}/rows/1`).set(t.as('office')).send({ ownerUnitId: 9999 }).expect(400);
      expect(bad.body.message).toMatch(/ownerUnitId/);
      await t.http().patch(`/api/imports/${preview.id}/rows/999`).set(t.as('office')).send({ drop: true }).expect(404);
      await t.http().patch(`/api/imports/${preview.id}/rows/1`).set(t.as('office')).send({ owner: 'x' }).expect(400);
    });
  });

  it('creates every unit the preview proposed, coordinating units included, and links each where it was named', async () => {
    const doc = [
      'ĐẢNG BỘ PHƯỜNG MÓNG CÁI 1',
      'KẾ HOẠCH',
      'triển khai chuyển đổi số trong công tác Đảng',
      'I. NHIỆM VỤ',
      '1. Hội đồng nhân dân phường, Trung tâm Phục vụ hành chính công phường: tổ chức tiếp nhận hồ sơ trực tuyến; hoàn thành trong tháng 12/2025.',
      '2. Văn phòng Đảng ủy, Trung tâm Phục vụ hành chính công phường, Đoàn Thanh niên phường: số hóa văn bản đến; thực hiện thường xuyên.',
      '3. Hội Nông dân phường tuyên truyền về chuyển đổi số trong hội viên; thực hiện thường xuyên.',
    ].join('\n');
    const preview = (
      await upload(Buffer.from(doc), 'chuyen-doi-so.txt', {
        kind: 'ke_hoach',
        number: '21-KH/ĐU',
        title: 'Kế hoạch chuyển đổi số',
        issuedDate: '2025-09-01',
      }).expect(201)
    ).body;
    const proposed = preview.warnings
      .filter((w: any) => w.code === 'unknown_unit')
      .map((w: any) => w.proposedUnit)
      .sort();
    expect(proposed).toEqual(['Hội Nông dân phường', 'Hội đồng nhân dân phường', 'Trung tâm Phục vụ hành chính công phường', 'Đoàn Thanh niên phường']);
    const committed = (await t.http().post(`/api/imports/${preview.id}/commit`).set(t.as('office')).send({ createProposedUnits: true }).expect(200)).body;
    expect([...committed.result.unitsCreated].sort()).toEqual(proposed);
    const units = (await t.http().get('/api/units').set(t.as('office')).expect(200)).body as { id: number; name: string }[];
    const id = (name: string) => units.find((u) => u.name === name)!.id;
    const tasks = (await t.http().get(`/api/tasks?program=${committed.result.programId}`).set(t.as('office')).expect(200)).body.items as any[];
    const byRef = (ref: string) => tasks.find((x) => x.ref === ref);
    const co = (ref: string) => (byRef(ref).coUnits as { id: number }[]).map((u) => u.id).sort();
    expect(byRef('I.1').leadUnit.id).toBe(id('Hội đồng nhân dân phường'));
    expect(co('I.1')).toEqual([id('Trung tâm Phục vụ hành chính công phường')]);
    expect(byRef('I.2').leadUnit.id).toBe(id('Văn phòng Đảng ủy'));
    expect(co('I.2')).toEqual([id('Trung tâm Phục vụ hành chính công phường'), id('Đoàn Thanh niên phường')].sort());
    expect(byRef('I.3').leadUnit.id).toBe(id('Hội Nông dân phường'));
  });

  it('keeps the warnings current as the office fixes, breaks and drops rows', async () => {
    const doc = [
      'ĐẢNG BỘ PHƯỜNG MÓNG CÁI 1',
      'KẾ HOẠCH',
      'tuyên truyền kỷ niệm ngày thành lập Đảng',
      'I. NHIỆM VỤ',
      '1. Hội Người cao tuổi phường tuyên truyền về lịch sử Đảng trong hội viên.',
      '2. Văn phòng Đảng ủy tổng hợp kết quả, định kỳ hằng tháng báo cáo Thường trực Đảng ủy.',
    ].join('\n');
    const preview = (
      await upload(Buffer.from(doc), 'tuyen-truyen.txt', {
        kind: 'ke_hoach',
        number: '30-KH/ĐU',
        title: 'Kế hoạch tuyên truyền',
        issuedDate: '2025-09-01',
      }).expect(201)
    ).body;
    const rowWarnings = (v: any, ref: string) =>
      v.warnings.filter((w: any) => w.ref === ref && ['no_owner', 'no_deadline', 'unknown_deadline'].includes(w.code)).map((w: any) => w.code);
    const ref = (v: any, r: string) => v.tasks.find((x: any) => x.ref === r);
    // I.1 names no deadline and a unit the directory lacks; I.2 reports monthly (no warning).
    expect(rowWarnings(preview, 'I.1')).toEqual(['no_deadline']);
    expect(rowWarnings(preview, 'I.2')).toEqual([]);
    expect(preview.warnings.some((w: any) => w.proposedUnit === 'Hội Người cao tuổi phường')).toBe(true);
    // Each message leaves the ref to its own field.
    for (const w of preview.warnings) if (w.ref) expect(w.message.startsWith(`${w.ref}:`)).toBe(false);
    const before = preview.summary.warnings;
    // Fixed: its warning goes.
    let v = (
      await t
        .http()
        .patch(`/api/imports/${preview.id}/rows/${ref(preview, 'I.1').row}`)
        .set(t.as('office'))
        .send({ deadline: 'trước ngày 3/2/2026' })
        .expect(200)
    ).body;
    expect(rowWarnings(v, 'I.1')).toEqual([]);
    expect(v.summary.warnings).toBe(before - 1);
    // Broken: a deadline nobody can read is a new warning.
    v = (
      await t
        .http()
        .patch(`/api/imports/${preview.id}/rows/${ref(preview, 'I.2').row}`)
        .set(t.as('office'))
        .send({ deadline: 'khi có điều kiện' })
        .expect(200)
    ).body;
    expect(rowWarnings(v, 'I.2')).toEqual(['unknown_deadline']);
    expect(v.summary.warnings).toBe(before);
    // Dropped: the unit only that row proposed is no longer proposed.
    v = (
      await t
        .http()
        .patch(`/api/imports/${preview.id}/rows/${ref(preview, 'I.1').row}`)
        .set(t.as('office'))
        .send({ drop: true })
        .expect(200)
    ).body;
    expect(v.warnings.some((w: any) => w.proposedUnit === 'Hội Người cao tuổi phường')).toBe(false);
    expect(v.summary.warnings).toBe(before - 1);
    // The page shows the same count and each ref once.
    const c = await formClient(t);
    await c.post('/login', { username: 'office', password: PASSWORD }).expect(303);
    const page = (await c.agent.get(`/imports/${preview.id}`).expect(200)).text;
    expect(page).toContain(`${v.summary.warnings} cảnh báo`);
    expect(page).toContain('<strong>I.2</strong>: không đọc được thời hạn');
    expect(page).not.toMatch(/<strong>([^<]+)<\/strong>: \1:/);
  });

  it('lets only the office import', async () => {
    for (const user of ['xdd', 'inspection', 'admin'] as const) await upload(PLAN, 'ke-hoach.txt', PLAN_META, user).expect(403);
    await t.http().post('/api/imports').attach('file', PLAN, 'ke-hoach.txt').expect(401);
  });
});

const { text: MONG_CAI, describeIf } = sharedFixture('chuong-trinh-hanh-dong-mong-cai-1.txt');

describeIf('importing the Móng Cái 1 action program through the API', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp('2025-09-01')));
  afterAll(() => t.close());

  it('previews 77 tasks and 16 targets and commits them', async () => {
    const res = await t
      .http()
      .post('/api/imports')
      .set(t.as('office'))
      .field('kind', 'chuong_trinh_hanh_dong')
      .field('title', 'Chương trình hành động thực hiện Nghị quyết Đại hội Đảng bộ phường lần thứ I')
      .field('issuedDate', '2025-08-25')
      .attach('file', Buffer.from(MONG_CAI!), 'chuong-trinh-hanh-dong.txt')
      .expect(201);
    expect(res.body.summary).toMatchObject({ tasks: 77, targets: 16 });
    expect(res.body.tasks.filter((r: any) => r.ref.startsWith('B.III.'))).toHaveLength(54);
    const committed = (await t.http().post(`/api/imports/${res.body.id}/commit`).set(t.as('office')).send({}).expect(200)).body.result;
    expect(committed.created).toHaveLength(77);
    expect(committed.targets.created).toBe(16);
    const ubnd = (
      await t
        .http()
        .get(`/api/tasks?program=${committed.programId}&unit=${t.unitId('Đảng bộ UBND phường')}&pageSize=100`)
        .set(t.as('office'))
    ).body;
    expect(ubnd.items.filter((x: any) => x.ref.startsWith('B.III.'))).toHaveLength(18);
  });
});
