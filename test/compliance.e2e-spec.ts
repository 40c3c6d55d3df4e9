import { readFileSync } from 'fs';
import { join } from 'path';
import { TestApp, createProgram, createTask, startApp } from './support/app';

/**
 * A program seeded with every category, summarised as of 30/9/2025 (quarter III), with the
 * expected figures computed by hand in the comments.
 */
describe('compliance summary (tổng hợp kết quả thực hiện)', () => {
  let t: TestApp;
  let programId: number;
  const id: Record<number, number> = {};

  const done = async (n: number, user: 'xdd' | 'congan', completedOn: string) => {
    t.clock.set('2025-10-05');
    await t.http().post(`/api/tasks/${id[n]}/done`).set(t.as(user)).send({ completedOn, resultNote: 'Đã hoàn thành' }).expect(200);
    await t.http().post(`/api/tasks/${id[n]}/confirm`).set(t.as('office')).expect(200);
  };
  const report = async (n: number, user: 'xdd' | 'congan', on: string, period: string) => {
    t.clock.set(on);
    await t
      .http()
      .post(`/api/tasks/${id[n]}/reports`)
      .set(t.as(user))
      .send({ period, text: `Báo cáo kỳ ${period}` })
      .expect(201);
  };

  beforeAll(async () => {
    t = await startApp('2025-07-01');
    programId = await createProgram(t, { issuedDate: '2025-07-01', number: '09-CTr/ĐU' });
    const X = t.unitId('Ban Xây dựng Đảng');
    const C = t.unitId('Chi bộ Công an phường');
    const tasks: [number, number, string][] = [
      [1, X, 'chậm nhất ngày 15/8/2025'],
      [2, X, 'chậm nhất ngày 20/8/2025'],
      [3, X, 'chậm nhất ngày 10/9/2025'],
      [4, X, 'chậm nhất ngày 20/6/2025'],
      [5, X, 'trong tháng 10/2025'],
      [6, X, 'chậm nhất ngày 15/10/2025'],
      [7, X, 'sớm'],
      [8, X, 'chậm nhất ngày 20/9/2025'],
      [9, X, 'chậm nhất ngày 31/12/2025'],
      [10, X, 'chậm nhất ngày 25/9/2025'],
      [11, X, 'thực hiện thường xuyên'],
      [12, C, 'thực hiện thường xuyên'],
      [13, C, 'hằng tháng'],
      [14, C, 'chậm nhất ngày 1/9/2025'],
      [15, C, 'chậm nhất ngày 15/7/2025'],
    ];
    for (const [n, unit, deadline] of tasks) id[n] = (await createTask(t, programId, { ref: `T${n}`, leadUnitId: unit, deadline, text: `Nhiệm vụ ${n}` })).id;
    await done(1, 'xdd', '2025-08-10'); // on time
    await done(2, 'xdd', '2025-08-25'); // late
    // Each change happens on a day before the report date (30/9): the summary as of that day
    // reads the tasks as they stood then (a change after it would not count).
    t.clock.set('2025-09-15');
    await t.http().post(`/api/tasks/${id[3]}/progress`).set(t.as('xdd')).send({ note: 'Đang làm' }).expect(200);
    await t.http().post(`/api/tasks/${id[8]}/suspend`).set(t.as('office')).send({ reason: 'Chờ chỉ đạo' }).expect(200);
    await done(9, 'xdd', '2025-09-05'); // early
    await done(10, 'xdd', '2025-10-02'); // after the report date: overdue as of 30/9
    t.clock.set('2025-09-15');
    await t.http().post(`/api/tasks/${id[14]}/cancel`).set(t.as('office')).send({ reason: 'Không còn phù hợp' }).expect(200);
    await done(15, 'congan', '2025-07-15');
    await report(11, 'xdd', '2025-09-28', '2025-Q3');
    await report(13, 'congan', '2025-07-31', '2025-07');
    await report(13, 'congan', '2025-09-05', '2025-08');
    t.clock.set('2025-10-05');
  });
  afterAll(() => t.close());

  const get = (q: string) => t.http().get(`/api/compliance?${q}`).set(t.as('inspection')).expect(200);

  it('counts each unit by timeliness as of the report date, with reports and rates', async () => {
    const s = (await get(`program=${programId}&asOf=2025-09-30&period=quarter`)).body;
    expect(s.asOf).toBe('2025-09-30');
    expect(s.period).toEqual({ kind: 'quarter', start: '2025-07-01', end: '2025-09-30', label: 'Quý III/2025' });
    const x = s.units.find((u: any) => u.unit === 'Ban Xây dựng Đảng');
    // onTime: 1, 9 (early) · late: 2 · openInTime: 6 · overdue: 3, 4, 10 (done after 30/9) · notDue: 5 · noDeadline: 7 · suspended: 8
    expect(x.counts).toEqual({ onTime: 2, late: 1, openInTime: 1, overdue: 3, notDue: 1, noDeadline: 1, suspended: 1 });
    expect(x.reports).toEqual({ due: 1, onTime: 1, late: 0, missing: 0 });
    // due reached: 1 (on time, due 15/8), 2, 3, 4, 10 = 5 → completion 2/5, on time 1/5, late 1/5; open 5: in time 2, overdue 3
    expect(x.rates).toEqual({
      dueReached: 5,
      completionRate: 40,
      onTimeRate: 20,
      lateRate: 20,
      openInTimeShare: 40,
      overdueShare: 60,
      overdueOver30: 1,
      overdueOver90: 1,
      reportRate: 100,
      reportOnTimeRate: 100,
    });
    expect(x.oldestOverdue.map((o: any) => [o.ref, o.due, o.daysOverdue])).toEqual([
      ['T4', '2025-06-20', 102],
      ['T3', '2025-09-10', 20],
      ['T10', '2025-09-25', 5],
    ]);
    const c = s.units.find((u: any) => u.unit === 'Chi bộ Công an phường');
    expect(c.counts).toEqual({ onTime: 1, late: 0, openInTime: 0, overdue: 0, notDue: 0, noDeadline: 0, suspended: 1 });
    // reports owed in Q3: task 12 (quarterly) 1 + task 13 (monthly) 3 = 4; made: July on time, August late; missing 2
    expect(c.reports).toEqual({ due: 4, onTime: 1, late: 1, missing: 2 });
    expect(c.rates).toMatchObject({ dueReached: 1, completionRate: 100, openInTimeShare: null, reportRate: 50, reportOnTimeRate: 25 });
    expect(s.totals.counts).toEqual({ onTime: 3, late: 1, openInTime: 1, overdue: 3, notDue: 1, noDeadline: 1, suspended: 2 });
    expect(s.totals.reports).toEqual({ due: 5, onTime: 2, late: 1, missing: 2 });
    expect(s.totals.rates).toEqual({
      dueReached: 6,
      completionRate: 50,
      onTimeRate: 33.3,
      lateRate: 16.7,
      openInTimeShare: 40,
      overdueShare: 60,
      overdueOver30: 1,
      overdueOver90: 1,
      reportRate: 60,
      reportOnTimeRate: 40,
    });
    // Quarter II (as of 30/6): only T4 had reached its deadline, not completed → 0%.
    expect(s.previous).toMatchObject({ asOf: '2025-06-30', label: 'Quý II/2025', rates: { dueReached: 1, completionRate: 0, reportRate: null } });
    expect(s.change).toEqual({ completionRate: 50, onTimeRate: 33.3, reportRate: null });
    expect(Object.keys(s.formulas)).toEqual(expect.arrayContaining(['completionRate', 'onTimeRate', 'reportRate']));
  });

  it('counts completions only once they happened: as of 5/10, T10 is completed late', async () => {
    const s = (await get(`program=${programId}&asOf=2025-10-05&period=month`)).body;
    const x = s.units.find((u: any) => u.unit === 'Ban Xây dựng Đảng');
    expect(x.counts).toMatchObject({ late: 2, overdue: 2 });
    expect(s.period).toMatchObject({ start: '2025-10-01', label: 'Tháng 10/2025' });
  });

  it('exports the same figures as CSV with a BOM (golden file)', async () => {
    const res = await t.http().get(`/api/compliance/export.csv?program=${programId}&asOf=2025-09-30`).set(t.as('office')).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/csv; charset=utf-8/);
    const expected = readFileSync(join(__dirname, 'fixtures/compliance-2025-09-30.csv'), 'utf8');
    expect(res.text).toBe(expected);
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
  });

  it('exports XLSX with a summary sheet, the overdue detail and the formulas', async () => {
    const res = await t
      .http()
      .get(`/api/compliance/export.xlsx?program=${programId}&asOf=2025-09-30`)
      .set(t.as('office'))
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
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Quá hạn theo đơn vị', 'Chỉ tiêu', 'Cách tính']);
    const sum = wb.getWorksheet('Tổng hợp')!;
    expect(sum.getRow(3).font?.bold).toBe(true);
    expect(sum.getRow(4).values).toEqual([undefined, 'Ban Xây dựng Đảng', 2, 1, 1, 3, 1, 1, 1, 5, 40, 20, 20, 1, 1, 1, 1, 0, 0]);
    expect((sum.getRow(6).values as unknown[]).slice(1, 11)).toEqual(['Tổng cộng', 3, 1, 1, 3, 1, 1, 2, 6, 50]);
    const detail = wb.getWorksheet('Quá hạn theo đơn vị')!;
    expect(detail.getRow(2).values).toEqual([undefined, 'Ban Xây dựng Đảng', 'T4', 'Nhiệm vụ 4', 'chậm nhất ngày 20/6/2025', '20/06/2025', 102]);
  });

  it('renders a printable báo cáo and charts (SVG for pages, PNG for email)', async () => {
    const html = (await t.http().get(`/api/compliance/report.html?program=${programId}&asOf=2025-09-30`).set(t.as('inspection')).expect(200)).text;
    expect(html).toContain('BÁO CÁO');
    expect(html).toContain('Quý III/2025 (từ ngày 01/07/2025 đến ngày 30/09/2025)');
    expect(html).toContain('tỷ lệ hoàn thành <strong>50%</strong>');
    expect(html).toContain('@media print');
    expect(html).toMatch(
      /<td>Ban Xây dựng Đảng<\/td><td>T4<\/td><td>Nhiệm vụ 4<\/td><td>chậm nhất ngày 20\/6\/2025 \(20\/06\/2025\)<\/td><td class="n">102<\/td>/,
    );
    expect(html).toContain('<svg');
    const svg = (
      await t
        .http()
        .get(`/api/compliance/chart.svg?program=${programId}&asOf=2025-09-30`)
        .set(t.as('office'))
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
        })
        .expect(200)
    ).body as string;
    expect(svg).toContain('Ban Xây dựng Đảng');
    const png = await t
      .http()
      .get(`/api/compliance/chart.png?program=${programId}&asOf=2025-09-30`)
      .set(t.as('office'))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
    const trend = (await t.http().get(`/api/compliance/trend?program=${programId}&asOf=2025-09-30`).set(t.as('office')).expect(200)).body;
    expect(trend.map((p: any) => [p.label, p.rate])).toEqual([
      ['Quý II/2024', null],
      ['Quý III/2024', null],
      ['Quý IV/2024', null],
      ['Quý I/2025', null],
      ['Quý II/2025', 0],
      ['Quý III/2025', 50],
    ]);
  });

  it('lets the office and inspection read it, and refuses units and bad input', async () => {
    await t.http().get('/api/compliance').set(t.as('xdd')).expect(403);
    await t.http().get('/api/compliance').expect(401);
    expect((await t.http().get('/api/compliance?asOf=2025-02-30').set(t.as('office')).expect(400)).body.message).toMatch(/asOf/);
    expect((await t.http().get('/api/compliance?period=week').set(t.as('office')).expect(400)).body.message).toMatch(/period/);
    await t.http().get('/api/compliance?program=9999').set(t.as('office')).expect(404);
  });
});

describe('emailed summary and inspection digest, through a real SMTP server', () => {
  it('sends the office its monthly summary (chart inline, XLSX attached) and the inspection committee its weekly overdue digest, once', async () => {
    const { TestSmtp } = await import('./support/smtp');
    const { SweepService } = await import('../src/reminders/sweep.service');
    const { OutboxSender } = await import('../src/mail/outbox-sender.service');
    const { DigestsService } = await import('../src/compliance/digests.service');
    const smtp = new TestSmtp();
    const t = await startApp('2025-08-25', { env: { SMTP_URL: await smtp.start(), SENDER_BACKOFF_SECONDS: '0' } });
    try {
      const pid = await createProgram(t, { issuedDate: '2025-07-01' });
      const X = t.unitId('Ban Xây dựng Đảng');
      const a = await createTask(t, pid, { ref: 'A.1', leadUnitId: X, deadline: 'chậm nhất ngày 20/8/2025', text: 'Rà soát <b>hồ sơ</b>' });
      await createTask(t, pid, { ref: 'A.2', leadUnitId: t.unitId('Chi bộ Công an phường'), deadline: 'hằng tháng', text: 'Báo cáo tình hình an ninh' });
      // Reminders went out for A.1 before the digests: the committee must see them.
      for (const d of ['2025-08-13', '2025-08-17', '2025-08-19', '2025-08-20']) {
        t.clock.set(d);
        await t.app.get(SweepService).run({ date: d });
      }
      await t.app.get(OutboxSender).drain();
      const digests = t.app.get(DigestsService);
      // 1/9/2025 is a Monday and the first of the month: both digests are due.
      t.clock.set('2025-09-01');
      expect(await digests.runFor(t.committeeId, '2025-08-31', '2025-09-01')).toBe(2);
      expect(await digests.runFor(t.committeeId, '2025-08-31', '2025-09-01')).toBe(0);
      await t.app.get(OutboxSender).drain();

      const summary = smtp.received.find((r) => r.key.startsWith('summary:'))!;
      expect(summary.rcpt).toEqual(['vanphong@example.vn']);
      expect(summary.subject).toBe('[dondoc] Tổng hợp kết quả thực hiện nhiệm vụ Tháng 8/2025: hoàn thành 0%, 1 quá hạn');
      // mailparser inlines cid: images as data URIs.
      expect(summary.html).toMatch(/<img src="(cid:chart|data:image\/png;base64,[^"]+)" alt="Biểu đồ tiến độ theo đơn vị"/);
      const files = summary.parsed.attachments.map((f) => [f.filename, f.contentType, f.cid ?? null]);
      expect(files).toEqual([
        ['bieu-do.png', 'image/png', 'chart'],
        ['tong-hop-2025-08-31.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', null],
      ]);
      expect(summary.parsed.attachments[0].content.subarray(1, 4).toString()).toBe('PNG');

      const inspection = smtp.received.find((r) => r.key.startsWith('inspection:'))!;
      expect(inspection.rcpt).toEqual(['ubkt@example.vn']);
      // One line per task: A.2 owes two monthly reports, listed on one line.
      expect(inspection.subject).toBe('[dondoc] Ủy ban Kiểm tra Đảng ủy: 1 nhiệm vụ quá hạn, 1 nhiệm vụ thiếu báo cáo (tuần 36/2025)');
      // Totals lead, one line per unit, before the detail.
      expect(inspection.text.indexOf('- Ban Xây dựng Đảng: 1 quá hạn, 0 thiếu báo cáo')).toBeGreaterThan(0);
      expect(inspection.text.indexOf('- Chi bộ Công an phường: 0 quá hạn, 1 thiếu báo cáo')).toBeLessThan(inspection.text.indexOf('== Ban Xây dựng Đảng'));
      expect(inspection.text).toContain('Quá hạn 12 ngày (hạn 20/08/2025). Đã nhắc: 4 lần, gần nhất 20/08/2025 (nhắc đến hạn)');
      expect(inspection.text).toContain('Chưa nộp báo cáo: Tháng 7/2025, Tháng 8/2025.');
      expect(inspection.text).toContain(`localhost:3000/tasks/${a.id}\n`); // the task page, not the API
      expect(inspection.html).toContain('Rà soát &lt;b&gt;hồ sơ&lt;/b&gt;');
      expect(smtp.received.filter((r) => !r.key.startsWith('reminder:'))).toHaveLength(2);
    } finally {
      await t.close();
      await smtp.stop();
    }
  });
});
