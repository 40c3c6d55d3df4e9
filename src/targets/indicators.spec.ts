import { extractDocument } from '../documents/extract';
import { sharedFixture } from '../../test/support/shared-fixtures';
import { readIndicators, vietnameseNumber, type Indicator } from './indicators';

type Expect = Partial<Indicator>;
const q = (comparator: Indicator['comparator'], value: number, unit: string, more: Expect = {}): Expect => ({
  kind: 'quantitative',
  comparator,
  value,
  unit,
  per: null,
  by: null,
  baselineYear: null,
  reason: null,
  ...more,
});
const ql = (more: Expect = {}): Expect => ({ kind: 'qualitative', comparator: null, value: null, unit: null, ...more });
const unknown = (reason: RegExp): Expect & { reasonLike: RegExp } => ({ kind: 'unknown', value: null, comparator: null, reasonLike: reason });
const year = { per: 'year' as const };

function check(text: string, expected: (Expect & { reasonLike?: RegExp })[]): void {
  const got = readIndicators(text);
  expect(got).toHaveLength(expected.length);
  expected.forEach((e, i) => {
    const { reasonLike, ...fields } = e;
    expect(got[i]).toMatchObject(fields);
    if (reasonLike) expect(got[i].reason).toMatch(reasonLike);
  });
}

// The 16 chỉ tiêu of the Móng Cái 1 program (II.2.1), expectations written by reading them.
const MONG_CAI_TARGETS: [number, Expect[]][] = [
  [1, [q('>', 90, '%', year)]],
  [2, [q('>', 90, '%', year)]],
  [3, [ql(year)]],
  [4, [q('>=', 46, 'đảng viên', year), q('>=', 230, 'đảng viên', { per: 'term' })]],
  [5, [q('>=', 10, '%', year), ql(year)]],
  [6, [q('>=', 17.7, '%', year)]],
  [7, [q('>=', 30, '%', { by: 2030, baselineYear: 2025 })]],
  [8, [q('>', 90, '%', { by: 2030 }), q('>', 70, '%', { by: 2030 })]],
  [9, [q('>=', 1200, 'lượt lao động', year)]],
  [10, [q('>=', 98, '%')]],
  [11, [q('>=', 95, '%', year), q('>=', 90, '%', year), ql(year)]],
  [12, [q('=', 100, '%')]],
  [13, [ql({ by: 2030 })]],
  [14, [ql()]],
  [15, [q('=', 100, '%')]],
  [16, [q('=', 100, '%')]],
];

const { text: MONG_CAI, describeIf } = sharedFixture('chuong-trinh-hanh-dong-mong-cai-1.txt');

describeIf('the 16 targets of the Móng Cái 1 program', () => {
  const targets = extractDocument(MONG_CAI as string, { units: [] }).targets;
  it('are 16', () => expect(targets.map((t) => t.number)).toEqual(MONG_CAI_TARGETS.map(([n]) => n)));
  it.each(MONG_CAI_TARGETS)('(%i) reads as a careful reader would', (n, expected) => {
    check(targets.find((t) => t.number === n)!.text, expected);
  });
});

// Forms the genre uses, with variants of spacing, case, diacritics and number formatting.
const FORMS: [string, (Expect & { reasonLike?: RegExp })[]][] = [
  // comparators
  ['Tỷ lệ hộ gia đình văn hóa đạt trên 90%', [q('>', 90, '%')]],
  ['Tỷ lệ hộ gia đình văn hóa đạt TRÊN 90 %', [q('>', 90, '%')]],
  ['ty le ho gia dinh van hoa dat tren 90%', [q('>', 90, '%')]],
  ['Tỷ lệ hộ gia đình văn hóa đạt trên  90   phần trăm', [q('>', 90, '%')]],
  ['Tốc độ tăng thu ngân sách từ 10% trở lên', [q('>=', 10, '%')]],
  ['Tốc độ tăng thu ngân sách từ 10 % trở lên', [q('>=', 10, '%')]],
  ['Tỷ lệ tham gia bảo hiểm y tế đạt 98% trở lên', [q('>=', 98, '%')]],
  ['Có ít nhất 3 khu phố đạt chuẩn văn minh đô thị', [q('>=', 3, 'khu phố')]],
  ['Tối thiểu 80% chi bộ sinh hoạt chuyên đề hằng quý', [q('>=', 80, '%')]],
  ['Không dưới 95% đảng viên học tập nghị quyết', [q('>=', 95, '%')]],
  ['Tỷ lệ thu gom rác thải đạt 100%', [q('=', 100, '%')]],
  ['Tỷ lệ thu gom rác thải đạt 100 %', [q('=', 100, '%')]],
  ['Tỷ lệ trẻ em trong độ tuổi đi học đạt 99%', [q('>=', 99, '%')]],
  ['Tỷ lệ hộ nghèo dưới 1%', [q('<', 1, '%')]],
  ['Tỷ lệ sinh con thứ ba trở lên dưới 5%', [q('<', 5, '%')]],
  ['Số vụ tai nạn giao thông không quá 5 vụ/năm', [q('<=', 5, 'vụ', year)]],
  ['Tỷ lệ nợ xấu tối đa 3%', [q('<=', 3, '%')]],
  ['Giảm tỷ lệ hộ nghèo xuống dưới 1%', [q('<', 1, '%')]],
  ['Tỷ lệ hộ nghèo giảm còn 1,5%', [q('<=', 1.5, '%')]],
  ['Giảm tỷ lệ suy dinh dưỡng trẻ em xuống 5%', [q('<=', 5, '%')]],
  ['Tỷ lệ thất nghiệp ở mức 3% trở xuống', [q('<=', 3, '%')]],
  ['Tỷ lệ đảng viên vi phạm kỷ luật không vượt quá 0,5%', [q('<=', 0.5, '%')]],
  // numbers the Vietnamese way
  ['Tốc độ tăng trưởng bình quân đạt 17,7%/năm', [q('>=', 17.7, '%', year)]],
  ['Tốc độ tăng trưởng bình quân đạt 17,75 %/năm', [q('>=', 17.75, '%', year)]],
  ['Mỗi năm tạo việc làm cho 1.200 lượt lao động trở lên', [q('>=', 1200, 'lượt lao động', year)]],
  ['Mỗi năm tạo việc làm cho 1.200 lượt lao động', [q('>=', 1200, 'lượt lao động', year)]],
  ['Tổng vốn đầu tư toàn xã hội đạt 1.234,5 tỷ đồng', [q('>=', 1234.5, 'tỷ đồng')]],
  ['Thu ngân sách đạt 2.500.000 triệu đồng', [q('>=', 2500000, 'triệu đồng')]],
  ['Thu nhập bình quân đầu người đạt 75 triệu đồng/người/năm', [q('>=', 75, 'triệu đồng/người', year)]],
  ['Tỷ lệ che phủ rừng đạt 0,125%', [q('>=', 0.125, '%')]],
  ['Kết nạp 46 đảng viên/năm', [q('>=', 46, 'đảng viên', year)]],
  ['Kết nạp 46 đảng viên / năm', [q('>=', 46, 'đảng viên', year)]],
  ['Hằng năm kết nạp được 46 đảng viên mới', [q('>=', 46, 'đảng viên mới', year)]],
  // frequency and horizon
  ['Hằng năm có trên 90% tổ chức đảng hoàn thành tốt nhiệm vụ', [q('>', 90, '%', year)]],
  ['Hàng năm có trên 90% tổ chức đảng hoàn thành tốt nhiệm vụ', [q('>', 90, '%', year)]],
  ['Mỗi năm có trên 90% tổ chức đảng hoàn thành tốt nhiệm vụ', [q('>', 90, '%', year)]],
  ['Tốc độ tăng thu bình quân hằng năm giai đoạn 2026-2030 đạt 12%', [q('>=', 12, '%', year)]],
  ['Tốc độ tăng thu bình quân hằng năm giai đoạn 2026 - 2030 đạt 12%', [q('>=', 12, '%', year)]],
  ['Trong nhiệm kỳ kết nạp được 230 đảng viên trở lên', [q('>=', 230, 'đảng viên', { per: 'term' })]],
  ['Cả nhiệm kỳ kết nạp ít nhất 230 đảng viên', [q('>=', 230, 'đảng viên', { per: 'term' })]],
  ['Giai đoạn 2025-2030 xây dựng 12 nhà văn hóa khu phố', [q('>=', 12, 'nhà văn hóa khu phố', { per: 'term' })]],
  ['Đến năm 2030 tỷ lệ lao động qua đào tạo đạt trên 90%', [q('>', 90, '%', { by: 2030 })]],
  ['Tỷ lệ lao động qua đào tạo đến năm 2030 đạt trên 90%', [q('>', 90, '%', { by: 2030 })]],
  ['Tỷ lệ lao động qua đào tạo đến hết năm 2030 đạt trên 90%', [q('>', 90, '%', { by: 2030 })]],
  ['Tỷ lệ đô thị hóa đến 2030 đạt 60%', [q('>=', 60, '%', { by: 2030 })]],
  // relative goals
  ['Thu nhập bình quân đầu người đến năm 2030 tăng từ 30% trở lên so với năm 2025', [q('>=', 30, '%', { by: 2030, baselineYear: 2025 })]],
  ['Thu nhập bình quân đầu người tăng 30% so với năm 2025', [q('>=', 30, '%', { baselineYear: 2025 })]],
  ['Thu nhập bình quân đầu người tăng gấp 1,5 lần so với năm 2025', [q('>=', 1.5, 'lần', { baselineYear: 2025 })]],
  ['Tổng thu ngân sách tăng 20% so với cuối năm 2025', [q('>=', 20, '%', { baselineYear: 2025 })]],
  // several indicators in one target
  ['Tỷ lệ lao động đã qua đào tạo đạt trên 90%, trong đó có bằng cấp, chứng chỉ đạt trên 70%', [q('>', 90, '%'), q('>', 70, '%')]],
  [
    'Đến năm 2030 tỷ lệ lao động đã qua đào tạo đạt trên 90%, trong đó có bằng cấp đạt trên 70%',
    [q('>', 90, '%', { by: 2030 }), q('>', 70, '%', { by: 2030 })],
  ],
  [
    'Hằng năm có từ 95% hộ dân trở lên đạt danh hiệu “Gia đình văn hóa”; có 90% khu phố trở lên đạt danh hiệu “Khu phố văn hóa”',
    [q('>=', 95, '%', year), q('>=', 90, '%', year)],
  ],
  ['Có 95% hộ dân đạt gia đình văn hóa, 90% khu phố đạt khu phố văn hóa', [q('>=', 95, '%'), q('>=', 90, '%')]],
  ['Kết nạp 46 đảng viên/năm, trong nhiệm kỳ kết nạp được 230 đảng viên trở lên', [q('>=', 46, 'đảng viên', year), q('>=', 230, 'đảng viên', { per: 'term' })]],
  ['Tăng thu bình quân hằng năm từ 10% trở lên và vượt chỉ tiêu tỉnh giao', [q('>=', 10, '%', year), ql(year)]],
  ['Tỷ lệ hộ nghèo dưới 1%; không còn hộ đói', [q('<', 1, '%'), ql()]],
  ['Tỷ lệ tham gia BHYT đạt 95%. Tỷ lệ tham gia BHXH đạt 40%', [q('>=', 95, '%'), q('>=', 40, '%')]],
  // qualitative targets
  ['Đảng bộ phường hằng năm đạt hoàn thành tốt nhiệm vụ trở lên', [ql(year)]],
  ['Đảng bộ phường hằng năm đạt “Hoàn thành tốt nhiệm vụ” trở lên', [ql(year)]],
  ['Phường không còn hộ nghèo', [ql()]],
  ['PHƯỜNG KHÔNG CÒN HỘ NGHÈO', [ql()]],
  ['phuong khong con ho ngheo', [ql()]],
  ['Duy trì Trạm Y tế phường đạt bộ tiêu chí quốc gia về y tế đến năm 2030', [ql({ by: 2030 })]],
  ['Giữ vững danh hiệu phường đạt chuẩn đô thị văn minh', [ql()]],
  ['Không để xảy ra điểm nóng về an ninh trật tự', [ql()]],
  ['Phường được công nhận đạt chuẩn đô thị văn minh trước năm 2028', [ql({ by: 2028 })]],
  ['Bảo đảm quốc phòng, an ninh trên địa bàn', [ql()]],
  // figures that are not goals
  ['Thực hiện Nghị quyết số 15 đạt kết quả tốt', [ql()]],
  ['Trong 5 năm, phường đạt chuẩn đô thị văn minh', [ql()]],
  // honest unknowns
  ['Tăng trưởng kinh tế đạt hai con số', [unknown(/bằng chữ/)]],
  ['Thu nhập tăng gấp đôi so với năm 2025', [unknown(/bằng chữ/)]],
  ['Tỷ lệ tăng từ 10 đến 15%', [unknown(/khoảng/)]],
  ['Tốc độ tăng trưởng 8-10%/năm', [unknown(/khoảng/)]],
  ['Tỷ lệ che phủ rừng đạt khoảng 55%', [unknown(/ước lượng/)]],
  ['Tạo việc làm cho 1,200 lao động', [unknown(/hai cách/)]],
  ['Kinh tế tư nhân', [unknown(/mức cần đạt/)]],
  ['', [unknown(/không có nội dung/)]],
  ['   ', [unknown(/không có nội dung/)]],
];

describe('indicator reader: the forms of the genre', () => {
  it('has at least 64 forms beside the 16 of the reference program', () => expect(FORMS.length).toBeGreaterThanOrEqual(64));
  it.each(FORMS)('%s', (text, expected) => check(text, expected));

  it('reads decomposed diacritics as composed ones', () => {
    const nfd = 'Tỷ lệ hộ nghèo giảm còn 1,5%'.normalize('NFD');
    check(nfd, [q('<=', 1.5, '%')]);
  });

  it('keeps the unit as written, with its diacritics', () => {
    expect(readIndicators('Mỗi năm tạo việc làm cho 1.200 lượt lao động trở lên')[0].unit).toBe('lượt lao động');
  });

  it('labels each indicator with its own words', () => {
    const [a, b] = readIndicators('Tăng thu bình quân hằng năm từ 10% trở lên và vượt chỉ tiêu tỉnh giao');
    expect(a.label).toBe('Tăng thu bình quân hằng năm từ 10% trở lên');
    expect(b.label).toBe('vượt chỉ tiêu tỉnh giao');
  });
});

describe('Vietnamese numbers', () => {
  it.each([
    ['46', 46],
    ['17,7', 17.7],
    ['1.200', 1200],
    ['1.234.567', 1234567],
    ['1.234,5', 1234.5],
    ['0,125', 0.125],
    ['2.5', 2.5],
    ['1,234,567', 1234567],
  ])('%s → %d', (raw, value) => expect(vietnameseNumber(raw)).toEqual({ value, ambiguous: null }));
  it.each(['1,200', '12,345', '1.2.3'])('%s reads two ways: no value', (raw) => {
    const r = vietnameseNumber(raw);
    expect(r.value).toBeNull();
    expect(r.ambiguous).toBeTruthy();
  });
});
