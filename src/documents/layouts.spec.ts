/**
 * Layouts of real plans beyond the numbered action program: labelled blocks, owners stated
 * inside the text or on the next line, words a PDF text layer ran together, goals that are
 * targets, group labels, definitions and grounds that are no tasks. The documents are written
 * here (and in test/fixtures) in the genre; expectations come from reading them.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { extractDocument } from './extract';
import { repairSyllables, vocabulary } from './syllables';

const UNITS = (parse(readFileSync(join(__dirname, '../../config/units.yaml'), 'utf8')).units as { name: string; aliases?: string[] }[]).map((u, i) => ({
  id: i + 1,
  name: u.name,
  aliases: u.aliases ?? [],
}));
const read = (text: string, issued = '2025-09-15') => extractDocument(text, { units: UNITS, context: { issued } });
const rows = (text: string, issued?: string) =>
  read(text, issued).tasks.map((t) => [t.ref, t.owner?.name ?? null, t.deadline.kind, t.deadline.start, t.deadline.due] as const);

describe("an inspection programme as a commune's PDF text layer gives it", () => {
  const text = readFileSync(join(__dirname, '../../test/fixtures/chuong-trinh-kiem-tra-giam-sat-xa.txt'), 'utf8');
  const r = read(text, '2025-01-01');

  it('reads the header, and every inspection and supervision as one task with its labelled lines', () => {
    expect(r.header).toMatchObject({ kind: 'chuong_trinh_hanh_dong', number: '05-CTr/ĐU', issuedDate: '2025-09-15', place: 'Quảng Tân' });
    // The header's date is the anchor: "trước ngày 25/12 hằng năm" and "15 ngày kể từ ngày ban hành".
    expect(extractDocument(text, { units: UNITS }).tasks.map((t) => [t.ref, t.owner?.name ?? null, t.deadline.kind, t.deadline.start, t.deadline.due])).toEqual(
      [
        // "- Thời gian: Quý II/2026", "- Cơ quan chủ trì, thực hiện: Ủy ban Kiểm tra Đảng ủy"
        ['III.1.1', 'Ủy ban Kiểm tra Đảng ủy', 'window', '2026-04-01', '2026-06-30'],
        // "(Giao Ban Xây dựng Đảng chủ trì, tham mưu trong quý III/2026)"
        ['III.1.2', 'Ban Xây dựng Đảng', 'window', '2026-07-01', '2026-09-30'],
        // The owner on the line after the title, "chủtrì" run together.
        ['III.1.3', 'Văn phòng Đảng ủy', 'date', null, '2026-12-15'],
        // "- Về giám sát" under it is a label, not a task; the programme names no owner or time.
        ['III.2.1', null, 'unknown', null, null],
        // "từđầu năm 2026 đến hết quý II/2026"; "Thành phần" lists who takes part, not who leads.
        ['III.2.2', null, 'window', '2026-01-01', '2026-06-30'],
        // "Ban Thường vụĐảng uỷtrước ngày 25/12 hằng năm": yearly, first on 25/12/2025.
        ['IV.1', 'Ủy ban Kiểm tra Đảng ủy', 'recurring', null, '2025-12-25'],
        ['IV.2', 'Các chi, đảng bộ trực thuộc', 'relative', null, '2025-09-30'],
      ],
    );
  });

  it('keeps labelled lines in the task text, and lists no label, group or goal as a task', () => {
    const t = r.tasks.find((x) => x.ref === 'III.1.1')!;
    expect(t.text).toContain('Đối tượng: Chi bộ Công an xã, Chi bộ Trường Tiểu học');
    const all = r.tasks.map((x) => x.text).join('\n');
    expect(all).not.toMatch(/^(?:Về giám sát|Về kiểm tra|Thành phần|Địa điểm|Căn cứ|100%)/m);
    expect(r.targets.map((x) => x.text)).toEqual([
      '100% tổ chức đảng trực thuộc được kiểm tra, giám sát ít nhất 01 lần trong nhiệm kỳ.',
      '100% cấp ủy viên được giám sát việc thực hiện nhiệm vụ được giao.',
    ]);
  });

  it('proposes no unit made of words run together', () => {
    expect(r.warnings.filter((w) => w.code === 'unknown_unit').map((w) => w.proposedUnit)).toEqual([]);
  });
});

describe('labelled blocks', () => {
  it('gives each task the owner, coordinating units and time of its labels', () => {
    const text = [
      'II. NỘI DUNG',
      '1. Tổ chức hội nghị sơ kết 6 tháng thực hiện Nghị quyết',
      '- Cơ quan chủ trì: Ban Xây dựng Đảng.',
      '- Cơ quan phối hợp: Văn phòng Đảng ủy, Ủy ban MTTQ phường.',
      '- Thời gian thực hiện: Tháng 7/2026.',
      '2. Báo cáo kết quả thực hiện các chỉ tiêu',
      '- Đơn vị thực hiện: Đảng bộ UBND phường',
      '- Thời gian: Hàng quý',
      '3. Rà soát, bổ sung quy hoạch cán bộ',
      '- Cơ quan chủ trì: Hội Cựu chiến binh phường',
      '- Tiến độ: Quý III, IV năm 2026',
    ].join('\n');
    const r = read(text, '2026-01-05');
    expect(
      r.tasks.map((t) => [t.ref, t.owner?.name, t.coOwners.map((c) => c.name), t.deadline.kind, t.deadline.start, t.deadline.due, t.deadline.every]),
    ).toEqual([
      ['II.1', 'Ban Xây dựng Đảng', ['Văn phòng Đảng ủy', 'Ủy ban MTTQ phường'], 'window', '2026-07-01', '2026-07-31', null],
      ['II.2', 'Đảng bộ UBND phường', [], 'recurring', null, null, 'quarter'],
      ['II.3', 'Hội Cựu chiến binh phường', [], 'window', '2026-07-01', '2026-12-31', null],
    ]);
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'unknown_unit', proposedUnit: 'Hội Cựu chiến binh phường' }));
  });
});

describe('what is not a task', () => {
  it('definitions, grounds and group labels', () => {
    const text = [
      'I. GIẢI THÍCH TỪ NGỮ',
      '- “Đa số ý kiến”: Sử dụng khi trên một nửa số thành viên tán thành.',
      '- “Thống nhất”: Sử dụng khi tất cả thành viên tán thành.',
      'II. NHIỆM VỤ',
      '1. Về công tác tuyên truyền',
      '- Ban Xây dựng Đảng tuyên truyền kết quả Đại hội, hoàn thành trong tháng 10/2025.',
      '- Về kiểm tra: 02 cuộc',
      '- “Đúng hạn”: hoàn thành trước thời hạn giao.',
    ].join('\n');
    expect(rows(text)).toEqual([['II.1-1', 'Ban Xây dựng Đảng', 'window', '2025-10-01', '2025-10-31']]);
  });

  it('members of a delegation, and the list labels over them', () => {
    const text = [
      'II. TỔ CHỨC THỰC HIỆN',
      '1. Ủy ban Kiểm tra Đảng ủy chủ trì kiểm tra Chi bộ Khu phố 2, hoàn thành trong tháng 11/2025.',
      '2. Thành phần đoàn kiểm tra:',
      '- Đồng chí Nguyễn Văn An, Phó Bí thư Thường trực Đảng ủy, Trưởng đoàn;',
      '- Đồng chí Trần Thị Bình, Chủ nhiệm Ủy ban Kiểm tra Đảng ủy, thành viên.',
      '3. Địa điểm làm việc:',
      '- Hội trường Khu phố 2.',
    ].join('\n');
    expect(rows(text)).toEqual([['II.1', 'Ủy ban Kiểm tra Đảng ủy', 'window', '2025-11-01', '2025-11-30']]);
  });

  it('an owner by its full official name, after "Cơ quan"', () => {
    const text = ['III. NHIỆM VỤ', '1. Cơ quan Ủy ban Mặt trận Tổ quốc Việt Nam phường: vận động Nhân dân tham gia (thực hiện thường xuyên).'].join('\n');
    expect(rows(text)).toEqual([['III.1', 'Ủy ban MTTQ phường', 'continuous', null, null]]);
  });

  it('a weekly report inside the sentence and the completion date are both read', () => {
    const r = read(
      'I. NHIỆM VỤ\n1. Văn phòng Đảng ủy theo dõi, định kỳ (1lần/1tuần), gửi báo cáo Thường trực Đảng ủy; hoàn thành tổng hợp trước ngày 15/10/2025.',
    );
    expect(r.tasks[0].clauses).toEqual(['định kỳ (1lần/1tuần)', 'trước ngày 15/10/2025']);
    expect(r.tasks[0].deadline).toMatchObject({ kind: 'date', due: '2025-10-15' });
  });

  it('a time written as the last sentence of an item', () => {
    const text = [
      'I. NHIỆM VỤ',
      '1. Ban Xây dựng Đảng tổ chức sơ kết công tác xây dựng Đảng. Quý I/2026.',
      '2. Văn phòng Đảng ủy tổng hợp tình hình; Hàng quý',
    ].join('\n');
    expect(rows(text)).toEqual([
      ['I.1', 'Ban Xây dựng Đảng', 'window', '2026-01-01', '2026-03-31'],
      ['I.2', 'Văn phòng Đảng ủy', 'recurring', null, null],
    ]);
  });

  it('says so when a Phụ lục after the signature cannot be read', () => {
    const text = [
      'I. NHIỆM VỤ',
      '1. Văn phòng Đảng ủy tổng hợp báo cáo, hoàn thành trong tháng 10/2025.',
      'Nơi nhận:',
      '- Lưu VPĐU.',
      'PHỤ LỤC',
      'Danh sách các chi bộ được kiểm tra năm 2025',
    ].join('\n');
    expect(read(text).warnings).toContainEqual(expect.objectContaining({ code: 'appendix' }));
  });

  it('refs stay unique within a document, so a re-import pairs rows with tasks', () => {
    const text = ['III. NHIỆM VỤ', '1. Văn phòng Đảng ủy tổng hợp báo cáo quý.', 'III. GIẢI PHÁP', '1. Ban Xây dựng Đảng rà soát quy chế.'].join('\n');
    expect(read(text).tasks.map((t) => t.ref)).toEqual(['III.1', 'III.1#2']);
  });
});

describe('words a text layer ran together', () => {
  it.each([
    ['Ban Thường vụĐảng uỷ', 'Ban Thường vụ Đảng uỷ'],
    ['Đảng uỷtrước ngày 25/9/2025', 'Đảng uỷ trước ngày 25/9/2025'],
    ['Văn phòng chủtrì', 'Văn phòng chủ trì'],
    ['từđầu năm 2026', 'từ đầu năm 2026'],
    ['kếtquả', 'kết quả'],
    ['thựchiện', 'thực hiện'],
    // Left alone: abbreviations, names, one syllable, words of the level tone.
    ['Quyết định 368/QĐ-TTg', 'Quyết định 368/QĐ-TTg'],
    ['iPhone, mTTQ', 'iPhone, mTTQ'],
    ['nghiêng người', 'nghiêng người'],
    ['thanhnien', 'thanhnien'],
  ])('%s', (merged, repaired) => expect(repairSyllables(merged)).toBe(repaired));

  it('lets the document decide between two possible seams', () => {
    expect(repairSyllables('phụtrách', vocabulary('chịu trách nhiệm'))).toBe('phụ trách');
    expect(repairSyllables('tốtrồi', vocabulary('đã làm rồi'))).toBe('tốt rồi');
  });
});

describe("OCR'd text", () => {
  it('gives each row the confidence of its lowest line, and flags rows under 0.75 for review', () => {
    const lines = [
      { text: 'I. NHIỆM VỤ', confidence: 0.96 },
      { text: '1. Văn phòng Đảng ủy tổng hợp báo cáo, hoàn thành', confidence: 0.95 },
      { text: 'trong tháng 10/2025.', confidence: 0.91 },
      { text: '2. Ban Xây dựng Đảng rà soát hồ sơ, hoàn thành trong', confidence: 0.62 },
      { text: 'tháng 11/2025.', confidence: 0.93 },
    ];
    const r = extractDocument(
      { blocks: [{ kind: 'text', text: lines.map((l) => l.text).join('\n') }], ocr: { lines } },
      { units: UNITS, context: { issued: '2025-09-01' } },
    );
    expect(r.tasks.map((t) => [t.ref, t.source, t.confidence])).toEqual([
      ['I.1', 'ocr', 0.91],
      ['I.2', 'ocr', 0.62],
    ]);
    expect(r.warnings.filter((w) => w.code === 'low_confidence').map((w) => w.ref)).toEqual(['I.2']);
  });
});
