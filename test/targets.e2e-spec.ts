import { spawnSync } from 'child_process';
import { join } from 'path';
import { OutboxSender } from '../src/mail/outbox-sender.service';
import { SweepService } from '../src/reminders/sweep.service';
import { TestApp, createProgram, startApp } from './support/app';
import { sharedFixture } from './support/shared-fixtures';
import { TestSmtp } from './support/smtp';

const ROOT = join(__dirname, '..');

async function addTarget(t: TestApp, programId: number, text: string, extra: Record<string, unknown> = {}): Promise<number> {
  return (
    await t
      .http()
      .post(`/api/programs/${programId}/targets`)
      .set(t.as('office'))
      .send({ text, ...extra })
      .expect(201)
  ).body.id;
}

describe('chỉ tiêu: indicators, yearly results, status and projection', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let programId: number;
  let ids: Record<'members' | 'admissions' | 'poverty' | 'vague', number>;
  const list = async () => (await t.http().get(`/api/programs/${programId}/targets`).set(t.as('office')).expect(200)).body as any[];
  const byId = async (id: number) => (await list()).find((x) => x.id === id);
  const put = (id: number, body: Record<string, unknown>, user: 'office' | 'xdd' | 'congan' | 'inspection' = 'office') =>
    t.http().put(`/api/targets/${id}/results`).set(t.as(user)).send(body);

  beforeAll(async () => {
    smtp = new TestSmtp();
    t = await startApp('2027-01-10', { env: { SMTP_URL: await smtp.start(), SENDER_BACKOFF_SECONDS: '0' } });
    programId = await createProgram(t, { termStart: 2025, termEnd: 2030 });
    ids = {
      members: await addTarget(t, programId, 'Phấn đấu hằng năm có trên 90% đảng viên được đánh giá, xếp loại từ hoàn thành tốt nhiệm vụ trở lên', {
        ref: '(2)',
        unitId: t.unitId('Ban Xây dựng Đảng'),
      }),
      admissions: await addTarget(t, programId, 'Kết nạp 46 đảng viên/năm, trong nhiệm kỳ phấn đấu kết nạp được 230 đảng viên trở lên', { ref: '(4)' }),
      poverty: await addTarget(t, programId, 'Phường không còn hộ nghèo, hộ cận nghèo theo chuẩn nghèo đa chiều của Tỉnh', { ref: '(14)' }),
      vague: await addTarget(t, programId, 'Tăng trưởng kinh tế đạt hai con số', { ref: '(20)' }),
    };
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('lists each target with its indicators and one result per year of the term so far', async () => {
    const members = await byId(ids.members);
    expect(Object.keys(members)).toEqual(expect.arrayContaining(['id', 'ref', 'text', 'unitId', 'indicators', 'results']));
    expect(members.unitId).toBe(t.unitId('Ban Xây dựng Đảng'));
    expect(members.indicators).toEqual([
      { comparator: '>', value: 90, unit: '%', per: 'year', by: null, baselineYear: null, kind: 'quantitative', reason: null },
    ]);
    // 2025, 2026 and 2027 (the clock says January 2027), none recorded yet.
    expect(members.results).toEqual([2025, 2026, 2027].map((year) => ({ year, indicator: 0, value: null, status: 'no_data' })));
    const admissions = await byId(ids.admissions);
    expect(admissions.indicators.map((i: any) => [i.comparator, i.value, i.unit, i.per])).toEqual([
      ['>=', 46, 'đảng viên', 'year'],
      ['>=', 230, 'đảng viên', 'term'],
    ]);
    expect((await byId(ids.poverty)).indicators[0]).toMatchObject({ kind: 'qualitative', comparator: null, value: null });
    const vague = await byId(ids.vague);
    expect(vague.indicators[0]).toMatchObject({ kind: 'unknown', value: null, reason: expect.stringMatching(/bằng chữ/) });
    expect(vague.results).toEqual([]);
  });

  it('records yearly values and judges each year: đạt, vượt, chưa đạt', async () => {
    const res = await put(ids.members, { year: 2025, indicator: 0, value: 92.5, note: 'Theo kết quả đánh giá', source: 'Báo cáo 45-BC/ĐU' }).expect(200);
    expect(res.body.results.find((r: any) => r.year === 2025)).toEqual({ year: 2025, indicator: 0, value: 92.5, status: 'met' });
    await put(ids.members, { year: 2026, indicator: 0, value: 88 }).expect(200);
    // Recording again replaces the value.
    await put(ids.members, { year: 2026, indicator: 0, value: 89 }).expect(200);
    const members = await byId(ids.members);
    expect(members.results.map((r: any) => [r.year, r.value, r.status])).toEqual([
      [2025, 92.5, 'met'],
      [2026, 89, 'not_met'],
      [2027, null, 'no_data'],
    ]);
    expect(members.records.find((r: any) => r.year === 2025)).toMatchObject({
      note: 'Theo kết quả đánh giá',
      source: 'Báo cáo 45-BC/ĐU',
      recordedBy: expect.any(String),
    });

    await put(ids.admissions, { year: 2025, indicator: 0, value: 50 }).expect(200);
    await put(ids.admissions, { year: 2025, indicator: 1, value: 50 }).expect(200);
    await put(ids.admissions, { year: 2026, indicator: 1, value: 30 }).expect(200);
    const adm = await byId(ids.admissions);
    // 46 a year: 50 is vượt. Over the term (230 over 6 years): 50 ≥ 38.3 by 2025 (vượt); 80 < 76.7? no: 80 ≥ 76.7 (vượt).
    expect(adm.results.filter((r: any) => r.indicator === 0 && r.year === 2025)[0].status).toBe('exceeded');
    expect(adm.results.filter((r: any) => r.indicator === 1).map((r: any) => r.status)).toEqual(['exceeded', 'exceeded', 'no_data']);
    // 80 over two years at 40 a year for the four left: 240 ≥ 230.
    expect(adm.projections).toContainEqual({ indicator: 1, projection: 'likely' });

    await put(ids.poverty, { year: 2026, indicator: 0, value: false }).expect(200);
    const poverty = await byId(ids.poverty);
    expect(poverty.results.find((r: any) => r.year === 2026)).toEqual({ year: 2026, indicator: 0, value: false, status: 'not_met' });
    expect(poverty.projections).toEqual([{ indicator: 0, projection: 'unlikely' }]);
  });

  it('lets the lead unit record its target, and no other unit', async () => {
    await put(ids.members, { year: 2027, indicator: 0, value: 93 }, 'xdd').expect(200);
    expect((await put(ids.members, { year: 2027, indicator: 0, value: 10 }, 'congan').expect(403)).body.message).toMatch(/đơn vị chủ trì/);
    await put(ids.admissions, { year: 2027, indicator: 0, value: 10 }, 'xdd').expect(403);
    await put(ids.members, { year: 2027, indicator: 0, value: 10 }, 'inspection').expect(403);
    expect((await byId(ids.members)).results.find((r: any) => r.year === 2027).value).toBe(93);
  });

  it.each([
    [{ year: 2026, indicator: 0, value: 'chín mươi' }, 'value'],
    [{ year: 2026, indicator: 0, value: '90' }, 'value'],
    [{ year: 2026, indicator: 0 }, 'value'],
    [{ year: 2026, indicator: 0, value: 120 }, 'value'],
    [{ year: 2031, indicator: 0, value: 90 }, 'year'],
    [{ year: 2024, indicator: 0, value: 90 }, 'year'],
    [{ year: 2028, indicator: 0, value: 90 }, 'year'],
    [{ year: '2026', indicator: 0, value: 90 }, 'year'],
    [{ year: 2026, indicator: 1, value: 90 }, 'indicator'],
    [{ year: 2026, indicator: -1, value: 90 }, 'indicator'],
  ])('answers 400 naming the field, and writes nothing: %j', async (body, field) => {
    const before = await byId(ids.members);
    const res = await put(ids.members, body).expect(400);
    expect(res.body.message).toMatch(new RegExp(field));
    expect(res.body.errors?.[0]?.field ?? field).toBe(field);
    expect(await byId(ids.members)).toEqual(before);
  });

  it('refuses a value for a qualitative indicator that is not đạt / không đạt, and any value for an unread one', async () => {
    expect((await put(ids.poverty, { year: 2026, indicator: 0, value: 3 }).expect(400)).body.message).toMatch(/value/);
    expect((await put(ids.vague, { year: 2026, indicator: 0, value: 12 }).expect(400)).body.message).toMatch(/indicator.*chưa đọc được/);
    await put(ids.members, { year: 2026, indicator: 0, value: 90 }).set('Content-Type', 'application/json').send('{"year": 2026,').expect(400);
  });

  it('assigns a lead unit (office only), checking the unit exists', async () => {
    await t.http().patch(`/api/targets/${ids.admissions}`).set(t.as('office')).send({ unitId: 999999 }).expect(400);
    const res = await t
      .http()
      .patch(`/api/targets/${ids.admissions}`)
      .set(t.as('office'))
      .send({ unitId: t.unitId('Ban Xây dựng Đảng') })
      .expect(200);
    expect(res.body.unitId).toBe(t.unitId('Ban Xây dựng Đảng'));
    await put(ids.admissions, { year: 2026, indicator: 0, value: 30 }, 'xdd').expect(200);
    await t.http().patch(`/api/targets/${ids.admissions}`).set(t.as('office')).send({ unitId: null }).expect(200);
  });

  it('prints the same list from the CLI', async () => {
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/targets.ts', '--program', String(programId), '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...t.dbEnv, DONDOC_NOW: '2027-01-10T03:00:00Z' },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const api = await list();
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(api)));
    const bad = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/targets.ts', '--program', '999999', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...t.dbEnv },
    });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/Không tìm thấy văn bản 999999/);
  });

  it('reminds the responsible unit of a missing yearly value through the outbox, once per reminder day', async () => {
    const waste = await addTarget(t, programId, 'Tỷ lệ thu gom chất thải rắn sinh hoạt đạt 100%', { ref: '(15)', unitId: t.unitId('Chi bộ Công an phường') });
    await put(waste, { year: 2025, indicator: 0, value: 100 }).expect(200);
    const sweep = async (d: string) => {
      t.clock.set(d);
      await t.app.get(SweepService).run({ upTo: d });
      await t.app.get(OutboxSender).drain();
    };
    const keys = () => smtp.received.filter((m) => m.key.startsWith('target-results:')).map((m) => m.key);
    const congan = t.unitId('Chi bộ Công an phường');
    const office = t.unitId('Văn phòng Đảng ủy');
    // 2026 values are due on 15 January 2027 (targetResultDays: 15), then every 30 days.
    await sweep('2027-01-14');
    expect(keys()).toEqual([]);
    await sweep('2027-01-15');
    await sweep('2027-01-15');
    await sweep('2027-01-16');
    expect(keys()).toEqual([`target-results:${t.committeeId}:${congan}:2027-01-15`]);
    const m = smtp.received.find((r) => r.key.startsWith('target-results:'))!;
    expect(m.subject).toBe('[dondoc] Chi bộ Công an phường: 1 số liệu chỉ tiêu chưa cập nhật');
    expect(m.text).toContain('(15): Tỷ lệ thu gom chất thải rắn sinh hoạt đạt 100%');
    expect(m.text).toContain('Mục tiêu: = 100% — số liệu năm 2026, hạn 15/01/2027 (đến hạn hôm nay)');
    expect(m.html).toContain(`/programs/${programId}/targets`);
    // A month on, still missing: the unit again, and the office for (14), whose 2025 value
    // (due 15/01/2026, repeated every 30 days: 10/01/2027, 09/02/2027) never came.
    await sweep('2027-02-14');
    expect(keys().slice(1).sort()).toEqual(
      [`target-results:${t.committeeId}:${congan}:2027-02-14`, `target-results:${t.committeeId}:${office}:2027-02-14`].sort(),
    );
    const toOffice = smtp.received.find((r) => r.key === `target-results:${t.committeeId}:${office}:2027-02-14`)!;
    expect(toOffice.text).toContain('(14): Phường không còn hộ nghèo');
    expect(toOffice.text).toContain('số liệu năm 2025, hạn 15/01/2026 (quá hạn 395 ngày)');
    expect(toOffice.text).not.toContain('(4)');
    // Recorded: no more reminders for it.
    await put(waste, { year: 2026, indicator: 0, value: 100 }).expect(200);
    await sweep('2027-03-16');
    expect(keys().filter((k) => k.includes(`:${congan}:`))).toHaveLength(2);
  });
});

const { text: MONG_CAI, describeIf } = sharedFixture('chuong-trinh-hanh-dong-mong-cai-1.txt');

describeIf('the 16 targets of the Móng Cái 1 program, imported', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp('2026-03-01')));
  afterAll(() => t.close());

  it('are read into indicators through the API', async () => {
    const preview = await t
      .http()
      .post('/api/imports')
      .set(t.as('office'))
      .field('kind', 'chuong_trinh_hanh_dong')
      .field('title', 'Chương trình hành động thực hiện Nghị quyết Đại hội Đảng bộ phường lần thứ I')
      .field('issuedDate', '2025-08-25')
      .attach('file', Buffer.from(MONG_CAI!), 'chuong-trinh-hanh-dong.txt')
      .expect(201);
    const committed = (await t.http().post(`/api/imports/${preview.body.id}/commit`).set(t.as('office')).send({}).expect(200)).body.result;
    const targets = (await t.http().get(`/api/programs/${committed.programId}/targets`).set(t.as('inspection')).expect(200)).body;
    expect(targets).toHaveLength(16);
    const counts = targets.map((x: any) => x.indicators.length);
    expect(counts).toEqual([1, 1, 1, 2, 2, 1, 1, 2, 1, 1, 3, 1, 1, 1, 1, 1]);
    expect(targets[8].indicators[0]).toMatchObject({ comparator: '>=', value: 1200, unit: 'lượt lao động', per: 'year' });
    expect(targets[6].indicators[0]).toMatchObject({ comparator: '>=', value: 30, unit: '%', by: 2030, baselineYear: 2025 });
    expect(targets.flatMap((x: any) => x.indicators).filter((i: any) => i.kind === 'unknown')).toEqual([]);
    // The term comes from the document ("nhiệm kỳ 2025 - 2030"): 2025 and 2026 so far.
    expect([...new Set(targets[0].results.map((r: any) => r.year))]).toEqual([2025, 2026]);
  });
});

describe('chỉ tiêu in the reports: the XLSX sheet "Chỉ tiêu" and the báo cáo', () => {
  let t: TestApp;
  let programId: number;
  beforeAll(async () => {
    t = await startApp('2026-06-30');
    programId = await createProgram(t, { termStart: 2025, termEnd: 2030, number: '01-CTr/ĐU', title: 'Chương trình hành động thực hiện Nghị quyết' });
    const a = await addTarget(t, programId, 'Mỗi năm tạo việc làm cho 1.200 lượt lao động trở lên', { ref: '(9)' });
    const b = await addTarget(t, programId, 'Tỷ lệ dân số tham gia bảo hiểm y tế đạt 98% trở lên', { ref: '(10)' });
    await t.http().put(`/api/targets/${a}/results`).set(t.as('office')).send({ year: 2025, indicator: 0, value: 1350 }).expect(200);
    await t.http().put(`/api/targets/${b}/results`).set(t.as('office')).send({ year: 2025, indicator: 0, value: 97.5 }).expect(200);
  });
  afterAll(() => t.close());

  it('has a sheet "Chỉ tiêu" with each indicator, its goal, yearly values as numbers and their status', async () => {
    const res = await t
      .http()
      .get(`/api/compliance/export.xlsx?asOf=2026-06-30&program=${programId}`)
      .set(t.as('inspection'))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    const ws = wb.getWorksheet('Chỉ tiêu')!;
    expect(ws).toBeDefined();
    const rows = ws.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0].slice(1)).toEqual([
      'Văn bản',
      'Số hiệu',
      'Chỉ tiêu',
      'Chỉ số',
      'Mục tiêu',
      'Năm 2025',
      'Đánh giá 2025',
      'Năm 2026',
      'Đánh giá 2026',
      'Dự báo cuối nhiệm kỳ',
    ]);
    expect(rows[1].slice(1)).toEqual([
      '01-CTr/ĐU Chương trình hành động thực hiện Nghị quyết',
      '(9)',
      'Mỗi năm tạo việc làm cho 1.200 lượt lao động trở lên',
      'Mỗi năm tạo việc làm cho 1.200 lượt lao động trở lên',
      '≥ 1.200 lượt lao động/năm',
      1350,
      'Vượt',
      undefined,
      'Chưa có số liệu',
      'Có khả năng đạt',
    ]);
    expect(rows[2].slice(6, 8)).toEqual([97.5, 'Chưa đạt']);
  });

  it('prints the targets table and chart in the báo cáo', async () => {
    const html = (await t.http().get(`/api/compliance/report.html?asOf=2026-06-30&program=${programId}`).set(t.as('office')).expect(200)).text;
    expect(html).toContain('IV. Kết quả thực hiện các chỉ tiêu');
    expect(html).toContain('≥ 98%');
    expect(html).toMatch(/97,5%<br><small>Chưa đạt<\/small>/);
    expect(html).toMatch(/1\.350<br><small>Vượt<\/small>/);
    expect(html).toContain('Mức đạt so với mục tiêu');
  });
});
