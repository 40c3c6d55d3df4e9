import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { sharedFixture } from '../../test/support/shared-fixtures';
import { ExtractedTask, extractDocument } from './extract';

const UNITS = (parse(readFileSync(join(__dirname, '../../config/units.yaml'), 'utf8')).units as { name: string; aliases?: string[] }[]).map((u, i) => ({
  id: i + 1,
  name: u.name,
  aliases: u.aliases ?? [],
}));
const owner = (t: ExtractedTask) => t.owner?.name ?? null;

const { text: MONG_CAI, describeIf } = sharedFixture('chuong-trinh-hanh-dong-mong-cai-1.txt');

describeIf('importing the Móng Cái 1 action program (golden)', () => {
  const r = extractDocument(MONG_CAI!, { units: UNITS, context: { issued: '2025-08-25' } });
  const partB3 = r.tasks.filter((t) => t.ref.startsWith('B.III.'));

  it('finds exactly 54 tasks in Part B.III, owned as a reader of the document counts them', () => {
    expect(partB3).toHaveLength(54);
    const count = (name: string, prefix = 'B.III.') => r.tasks.filter((t) => t.ref.startsWith(prefix) && owner(t) === name).length;
    expect(count('Ban Xây dựng Đảng')).toBe(10);
    expect(count('Ủy ban Kiểm tra Đảng ủy')).toBe(3);
    expect(count('Văn phòng Đảng ủy')).toBe(2);
    expect(count('Các chi, đảng bộ trực thuộc')).toBe(2);
    expect(count('Chi bộ Cơ quan Đảng')).toBe(4);
    expect(count('Đảng bộ UBND phường')).toBe(18);
    expect([
      count('Đảng bộ UBND phường', 'B.III.1.2.2'),
      count('Đảng bộ UBND phường', 'B.III.2.2'),
      count('Đảng bộ UBND phường', 'B.III.3.2'),
      count('Đảng bộ UBND phường', 'B.III.4.2'),
      count('Đảng bộ UBND phường', 'B.III.5.2'),
    ]).toEqual([4, 5, 3, 4, 2]);
    expect(count('Chi bộ Công an phường')).toBe(5);
    expect([count('Chi bộ Công an phường', 'B.III.1.2.3'), count('Chi bộ Công an phường', 'B.III.4.4')]).toEqual([2, 3]);
    expect(count('Chi bộ cơ quan Ủy ban MTTQ phường')).toBe(3);
    expect(count('Chi bộ Quân sự phường')).toBe(3);
    const leadership = partB3.filter((t) => owner(t) === 'Ban Chấp hành Đảng bộ phường');
    expect(leadership.map((t) => t.ref)).toEqual(['B.III.2.1', 'B.III.3.1(1)', 'B.III.4.1(1)', 'B.III.5.1(1)']);
    expect(leadership.every((t) => t.coOwners.some((c) => c.name === 'Ban Thường vụ Đảng ủy'))).toBe(true);
  });

  it('also imports the tasks of Parts B.I, B.II and C, and nothing of Part A (purpose)', () => {
    expect(r.tasks.filter((t) => t.ref.startsWith('B.I.')).map((t) => t.ref)).toEqual(['B.I.1', 'B.I.2', 'B.I.3']);
    expect(r.tasks.filter((t) => t.ref.startsWith('B.II.')).map((t) => t.ref)).toEqual([
      'B.II.1(1)',
      'B.II.1(2)',
      'B.II.2.2(1)',
      'B.II.2.2(2)',
      'B.II.2.2(3)',
      'B.II.2.2(4)',
      'B.II.2.2(5)',
      'B.II.2.3(1)',
      'B.II.2.3(2)',
      'B.II.2.3(3)',
    ]);
    expect(r.tasks.filter((t) => t.ref.startsWith('C.')).map((t) => t.ref)).toEqual(['C.1', 'C.2', 'C.3', 'C.4', 'C.5', 'C.6', 'C.7', 'C.8', 'C.9', 'C.10']);
    expect(r.tasks.some((t) => t.ref.startsWith('A'))).toBe(false);
  });

  it('reads "Giao X chủ trì, phối hợp với Y và Z" into lead and coordinating units', () => {
    const c8 = r.tasks.find((t) => t.ref === 'C.8')!;
    expect(owner(c8)).toBe('Ủy ban Kiểm tra Đảng ủy');
    expect(c8.coOwners.map((c) => c.name)).toEqual(['Văn phòng Đảng ủy', 'Ban Xây dựng Đảng']);
  });

  it('imports the 16 targets of B.II.2.1 as targets, keeping number and text', () => {
    expect(r.targets.map((t) => t.number)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(r.targets.every((t) => t.ref === `B.II.2.1(${t.number})`)).toBe(true);
    expect(r.targets[3].text).toMatch(/^Tỷ lệ kết nạp đảng viên mới hằng năm được 46 đảng viên\/năm/);
    expect(r.targets.some((t) => /Về (kinh tế|xã hội|môi trường)/.test(t.text))).toBe(false);
    expect(r.tasks.some((t) => t.ref.startsWith('B.II.2.1'))).toBe(false);
  });

  it('leaves no page footer or page number inside any task text', () => {
    for (const t of [...r.tasks, ...r.targets]) {
      expect(t.text).not.toMatch(/Tài liệu này thuộc sở hữu/);
      expect(t.text).not.toMatch(/(?:^|\s)(?:13|19)\s+(?:\p{Ll})/u);
    }
    const b3221 = r.tasks.find((t) => t.ref === 'B.III.2.2(1)')!;
    expect(b3221.text).toContain('điều chỉnh quy hoạch sử dụng đất phường Móng Cái 1'); // joined across the page break
  });

  it('never invents a deadline: tasks without a clause are unknown and listed in the warnings', () => {
    const none = r.tasks.filter((t) => t.deadline.raw === null);
    expect(none.length).toBeGreaterThan(0);
    for (const t of none) {
      expect(t.deadline).toMatchObject({ kind: 'unknown', start: null, due: null });
      expect(r.warnings).toContainEqual(
        expect.objectContaining({ code: 'no_deadline', ref: t.ref, message: expect.stringContaining('cần xác định thời hạn') }),
      );
    }
  });

  it('proposes units it cannot map instead of dropping them', () => {
    expect(r.warnings.filter((w) => w.code === 'unknown_unit').map((w) => w.proposedUnit)).toEqual(['Hội đồng nhân dân phường', 'Trung tâm Cung ứng dịch vụ']);
    expect(r.tasks.find((t) => t.ref === 'C.2')!.owner).toEqual({ unitId: null, name: 'Hội đồng nhân dân phường' });
  });

  it('matches the reviewed golden output', () => {
    const expected = JSON.parse(readFileSync(join(__dirname, '../../test/fixtures/chuong-trinh-hanh-dong-mong-cai-1.expected.json'), 'utf8'));
    const got = {
      tasks: r.tasks.map((t) => ({
        ref: t.ref,
        owner: owner(t),
        coOwners: t.coOwners.map((c) => c.name),
        textStart: t.text.slice(0, 40),
        deadline: { raw: t.deadline.raw, kind: t.deadline.kind, start: t.deadline.start, due: t.deadline.due, every: t.deadline.every },
      })),
      targets: r.targets.map((t) => ({ ref: t.ref, number: t.number, textStart: t.text.slice(0, 40) })),
      warnings: r.warnings.filter((w) => w.code === 'unknown_unit' || w.code === 'no_owner').map((w) => w.message),
    };
    expect(got).toEqual({ tasks: expected.tasks, targets: expected.targets, warnings: expected.warnings });
  });
});

describe('importing a Kế hoạch with a timetable by owner (own fixture)', () => {
  const text = readFileSync(join(__dirname, '../../test/fixtures/ke-hoach-dai-hoi-chi-bo.txt'), 'utf8');
  const r = extractDocument(text, { units: UNITS, context: { issued: '2025-06-05', events: [{ name: 'Đại hội Đảng bộ phường', date: '2025-08-12' }] } });
  const byRef = Object.fromEntries(r.tasks.map((t) => [t.ref, t]));

  it('turns the "+" entries under "- Đảng ủy phường:" into tasks of that owner', () => {
    expect(r.tasks.filter((t) => t.ref.startsWith('II.1-1+')).map((t) => [t.ref, owner(t)])).toEqual([
      ['II.1-1+1', 'Ban Thường vụ Đảng ủy'],
      ['II.1-1+2', 'Ban Thường vụ Đảng ủy'],
      ['II.1-1+3', 'Ban Thường vụ Đảng ủy'],
    ]);
    expect(byRef['II.1-1+3'].deadline).toMatchObject({
      kind: 'relative',
      raw: 'chậm nhất 10 ngày sau đại hội, hoàn thành trước ngày 31/8/2025',
      due: '2025-08-22',
      event: { name: 'Đại hội Đảng bộ phường', offsetDays: 10 },
    });
    expect(byRef['II.1-2+1'].deadline).toMatchObject({ kind: 'relative', due: '2025-08-05' });
    expect(owner(byRef['II.1-2+2'])).toBe('Văn phòng Đảng ủy');
  });

  it('splits inline items "2. Ban Xây dựng Đảng: (1) … (2) …"', () => {
    expect(owner(byRef['II.2(1)'])).toBe('Ban Xây dựng Đảng');
    expect(byRef['II.2(1)'].deadline).toMatchObject({ kind: 'window', start: '2025-04-01', due: '2025-06-30' });
    expect(byRef['II.2(2)'].deadline).toMatchObject({ kind: 'date', due: '2025-07-15' });
    expect(byRef['II.2']).toBeUndefined();
  });

  it('reads owners, coordinating units and recurrence of the implementation section', () => {
    expect(owner(byRef['III.1'])).toBe('Văn phòng Đảng ủy');
    expect(byRef['III.1'].coOwners.map((c) => c.name)).toEqual(['Ban Xây dựng Đảng', 'Ủy ban Kiểm tra Đảng ủy']);
    expect(byRef['III.1'].deadline).toMatchObject({ kind: 'recurring', every: 'month' });
    expect(byRef['III.2'].deadline).toMatchObject({ kind: 'window', due: '2025-07-31' });
  });

  it('drops purpose, footers, page numbers and the recipients list', () => {
    expect(r.tasks.some((t) => t.ref.startsWith('I.'))).toBe(false);
    expect(r.tasks.map((t) => t.text).join(' ')).not.toMatch(/lưu hành nội bộ|Nơi nhận|Lưu VPĐU/);
    expect(r.tasks).toHaveLength(11);
  });

  it('warns about an owner outside the directory and a missing deadline', () => {
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'unknown_unit', proposedUnit: 'Hội Cựu chiến binh phường' }));
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'no_deadline', ref: 'II.4' }));
  });
});

describe('documents the importer has not seen before', () => {
  it('reads title-case parts, lettered points and owners named in the sentence', () => {
    const text = [
      'A. Mục đích, yêu cầu',
      '1. Nâng cao chất lượng sinh hoạt chi bộ.',
      'B. Nhiệm vụ cụ thể',
      '1. Công tác tư tưởng',
      'a) Ban Xây dựng Đảng hướng dẫn các chi bộ sinh hoạt chuyên đề (hằng quý).',
      'b) Chi bộ Quân sự phường tổ chức học tập Nghị quyết, hoàn thành',
      'trước ngày 15/10/2025.',
      '2. Văn phòng Đảng ủy: (1) Tổng hợp báo cáo 6 tháng đầu năm 2026 (hoàn thành trước ngày 10/7/2026); (2) Lưu trữ hồ sơ (thực hiện thường xuyên).',
      'C. Tổ chức thực hiện',
      'Giao UBKT Đảng ủy chủ trì, phối hợp với VPĐU kiểm tra việc thực hiện, báo cáo kết quả trong tháng 12/2025.',
    ].join('\n');
    const r = extractDocument(text, { units: UNITS, context: { issued: '2025-09-01' } });
    expect(r.tasks.map((t) => [t.ref, owner(t), t.deadline.kind, t.deadline.due])).toEqual([
      ['B.1.a', 'Ban Xây dựng Đảng', 'recurring', null],
      ['B.1.b', 'Chi bộ Quân sự phường', 'date', '2025-10-15'],
      // "báo cáo 6 tháng đầu năm" names the report, not its deadline.
      ['B.2(1)', 'Văn phòng Đảng ủy', 'date', '2026-07-10'],
      ['B.2(2)', 'Văn phòng Đảng ủy', 'continuous', null],
    ]);
    // Part C has no numbered item: its sentence is context, so nothing is invented from it.
    expect(r.tasks.some((t) => t.ref.startsWith('C'))).toBe(false);
  });
});
