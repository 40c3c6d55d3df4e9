import { existsSync, readdirSync, readFileSync } from 'fs';
import { createHash } from 'crypto';
import { join } from 'path';
import { DigestsService } from '../src/compliance/digests.service';
import { OutboxSender } from '../src/mail/outbox-sender.service';
import { TestApp, TestUser, createProgram, createTask, startApp } from './support/app';
import { makeDocx } from './support/documents';
import { TestSmtp } from './support/smtp';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('minh chứng: evidence files on a task', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let programId: number;
  let own: number; // Ban Xây dựng Đảng
  let other: number; // Chi bộ Công an phường
  const upload = (id: number, file: Buffer, name: string, user: TestUser = 'xdd') =>
    t.http().post(`/api/tasks/${id}/evidence`).set(t.as(user)).attach('file', file, name);
  const list = async (id: number, user: TestUser = 'office') => (await t.http().get(`/api/tasks/${id}/evidence`).set(t.as(user)).expect(200)).body as any[];
  const stored = () => {
    const dir = join(t.dir, 'evidence');
    return existsSync(dir) ? readdirSync(dir).flatMap((d) => readdirSync(join(dir, d))) : [];
  };

  beforeAll(async () => {
    smtp = new TestSmtp();
    t = await startApp('2025-09-01', { env: { SMTP_URL: await smtp.start(), EVIDENCE_MAX_MB: '1', SENDER_BACKOFF_SECONDS: '0' } });
    programId = await createProgram(t);
    own = (await createTask(t, programId, { ref: 'II.1', leadUnitId: t.unitId('Ban Xây dựng Đảng'), deadline: 'hoàn thành trong tháng 9/2025' })).id;
    other = (await createTask(t, programId, { ref: 'II.2', leadUnitId: t.unitId('Chi bộ Công an phường'), deadline: 'hoàn thành trong tháng 9/2025' })).id;
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('stores a PDF, a .docx and an image, each by the type its bytes say, outside the database', async () => {
    const res = await upload(own, PDF, 'Biên bản họp.pdf').expect(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      fileName: 'Biên bản họp.pdf',
      size: PDF.length,
      sha256: sha(PDF),
      taskId: own,
      contentType: 'application/pdf',
      uploadedBy: expect.any(String),
      uploadedAt: expect.any(String),
    });
    const docx = await makeDocx(['Báo cáo kết quả thực hiện']);
    expect((await upload(own, docx, 'bao-cao.docx').expect(201)).body.sha256).toBe(sha(docx));
    // The name says .jpg, the bytes say PNG: the bytes win.
    expect((await upload(own, PNG, 'anh.jpg').expect(201)).body).toMatchObject({ fileName: 'anh.png' });
    expect(stored().sort()).toEqual([sha(PDF), sha(docx), sha(PNG)].sort());
    const file = join(t.dir, 'evidence', sha(PDF).slice(0, 2), sha(PDF));
    expect(readFileSync(file).equals(PDF)).toBe(true);
  });

  it('stores the same file twice once, listed twice', async () => {
    await upload(own, PDF, 'Biên bản họp (bản sao).pdf').expect(201);
    expect(stored().filter((f) => f === sha(PDF))).toHaveLength(1);
    expect((await list(own)).map((e) => e.fileName)).toEqual(['Biên bản họp.pdf', 'bao-cao.docx', 'anh.png', 'Biên bản họp (bản sao).pdf']);
  });

  it('serves the file with its content type to the office, the inspection committee and the lead unit only', async () => {
    const [first] = await list(own);
    for (const user of ['office', 'inspection', 'xdd'] as TestUser[]) {
      const res = await t
        .http()
        .get(`/api/evidence/${first.id}`)
        .set(t.as(user))
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect((res.body as Buffer).equals(PDF)).toBe(true);
    }
    await t.http().get(`/api/evidence/${first.id}`).set(t.as('congan')).expect(403);
    await t.http().get(`/api/tasks/${own}/evidence`).set(t.as('congan')).expect(403);
    expect(await list(own, 'inspection')).toHaveLength(4);
  });

  it.each([
    ['a file of a forbidden type', () => upload(own, Buffer.from('MZ\x90\x00 not a document'), 'virus.pdf'), 400, /file: chỉ nhận/],
    ['a zip that is no Office file', () => upload(own, Buffer.from('PK\x03\x04 broken'), 'x.docx'), 400, /file: chỉ nhận/],
    ['a file over the limit', () => upload(own, Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 10)]), 'lon.pdf'), 400, /file: tệp lớn hơn 1 MB/],
    ['no file', () => t.http().post(`/api/tasks/${own}/evidence`).set(t.as('xdd')).field('note', 'x'), 400, /file/],
    ['evidence on another unit’s task', () => upload(other, PDF, 'a.pdf'), 403, /không do đơn vị của bạn chủ trì/],
    ['the inspection committee uploading', () => upload(own, PDF, 'a.pdf', 'inspection'), 403, /quyền/],
  ])('refuses %s and writes nothing', async (_, send, status, message) => {
    const before = { own: await list(own), other: await list(other), files: stored() };
    const res = await send().expect(status);
    expect(res.body.message).toMatch(message);
    expect({ own: await list(own), other: await list(other), files: stored() }).toEqual(before);
  });

  it('takes at most 10 files per task', async () => {
    for (let i = (await list(own)).length; i < 10; i++) await upload(own, PNG, `anh-${i}.png`).expect(201);
    const res = await upload(own, PDF, 'thua.pdf').expect(400);
    expect(res.body.message).toMatch(/tối đa 10 tệp/);
    expect(await list(own)).toHaveLength(10);
  });

  it('requires evidence before "done" where the program says so (bắt buộc minh chứng)', async () => {
    t.clock.set('2025-09-05');
    await t.http().patch(`/api/programs/${programId}`).set(t.as('office')).send({ requireEvidence: true }).expect(200);
    const res = await t.http().post(`/api/tasks/${other}/done`).set(t.as('congan')).send({ completedOn: '2025-09-01', resultNote: 'Xong' }).expect(400);
    expect(res.body.message).toMatch(/bắt buộc minh chứng/);
    expect((await t.http().get(`/api/tasks/${other}`).set(t.as('office'))).body.status).toBe('not_started');
    await upload(other, PDF, 'bien-ban.pdf', 'congan').expect(201);
    await t.http().post(`/api/tasks/${other}/done`).set(t.as('congan')).send({ completedOn: '2025-09-01', resultNote: 'Xong' }).expect(200);
  });

  it('lists the week’s evidence in the inspection digest', async () => {
    t.clock.set('2025-09-08'); // a Monday
    await t.app.get(DigestsService).inspectionDigest(t.committeeId, '2025-09-08');
    await t.app.get(OutboxSender).drain();
    const mail = smtp.received.find((m) => m.key.startsWith('inspection:'))!;
    expect(mail.text).toContain('Minh chứng các đơn vị nộp trong tuần');
    expect(mail.text).toMatch(/II\.2 \(Chi bộ Công an phường, Chờ xác nhận\): bien-ban\.pdf \(1 KB, /);
    expect(mail.text).toContain(`/tasks/${other}#evidence`);
    // Files of the week before (1/9) are not this week's.
    expect(mail.text).not.toContain('II.1 (');
  });
});
