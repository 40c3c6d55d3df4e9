import { readIndicators, type Indicator } from './indicators';
import { formatNumberVi, goalText, projection, trend, yearStatus } from './results';

const term = { start: 2025, end: 2030 };
const one = (text: string, i = 0): Indicator => readIndicators(text)[i];

describe('a year’s status', () => {
  const over90 = one('Hằng năm có trên 90% tổ chức đảng hoàn thành tốt nhiệm vụ');
  const floor98 = one('Tỷ lệ tham gia bảo hiểm y tế đạt 98% trở lên');
  const all = one('Tỷ lệ thu gom rác thải đạt 100%');
  const ceiling = one('Số vụ tai nạn giao thông không quá 5 vụ/năm');
  const below = one('Tỷ lệ hộ nghèo dưới 1%');

  it.each([
    [over90, 91, 'met'],
    [over90, 90, 'not_met'],
    [over90, 89.5, 'not_met'],
    [floor98, 98, 'met'],
    [floor98, 98.4, 'exceeded'],
    [floor98, 97.9, 'not_met'],
    [all, 100, 'met'],
    [all, 99.9, 'not_met'],
    [ceiling, 5, 'met'],
    [ceiling, 3, 'exceeded'],
    [ceiling, 6, 'not_met'],
    [below, 0.8, 'met'],
    [below, 1, 'not_met'],
  ] as const)('%# goal %j, value %d → %s', (ind, value, status) => {
    expect(yearStatus(ind, 2026, [{ year: 2026, value }], term)).toBe(status);
  });

  it('is "no data" for a year without a value, whatever other years hold', () => {
    expect(yearStatus(floor98, 2027, [{ year: 2026, value: 99 }], term)).toBe('no_data');
  });

  it('judges a qualitative indicator by the office’s đạt / không đạt', () => {
    const q = one('Phường không còn hộ nghèo');
    expect(yearStatus(q, 2026, [{ year: 2026, value: true }], term)).toBe('met');
    expect(yearStatus(q, 2026, [{ year: 2026, value: false }], term)).toBe('not_met');
  });

  it('judges a total over the term by the share due so far', () => {
    // 230 đảng viên over 2025–2030 (6 years): 115 due by the end of 2027.
    const total = one('Kết nạp 46 đảng viên/năm, trong nhiệm kỳ kết nạp được 230 đảng viên trở lên', 1);
    expect(total.per).toBe('term');
    const v = [
      { year: 2025, value: 40 },
      { year: 2026, value: 40 },
      { year: 2027, value: 35 },
    ];
    expect(yearStatus(total, 2027, v, term)).toBe('met'); // 115 = 115
    expect(yearStatus(total, 2026, v, term)).toBe('exceeded'); // 80 > 76.67
    expect(yearStatus(total, 2027, [...v.slice(0, 2), { year: 2027, value: 30 }], term)).toBe('not_met'); // 110 < 115
  });
});

describe('projection to the end of the term', () => {
  it('has none without values', () => expect(projection(one('Tỷ lệ thu gom rác thải đạt 100%'), [], term)).toBeNull());

  it('follows the trend of a level to reach by a year', () => {
    const ind = one('Tỷ lệ lao động qua đào tạo đến năm 2030 đạt trên 90%');
    // 80, 83, 86: +3 a year → 98 in 2030
    const rising = [
      { year: 2025, value: 80 },
      { year: 2026, value: 83 },
      { year: 2027, value: 86 },
    ];
    expect(projection(ind, rising, term)).toBe('likely');
    // 80, 81, 82: +1 a year → 85 in 2030
    expect(
      projection(
        ind,
        rising.map((p, i) => ({ ...p, value: 80 + i })),
        term,
      ),
    ).toBe('unlikely');
  });

  it('caps a share at 100%', () => {
    const ind = one('Tỷ lệ thu gom rác thải đạt 100%');
    const steep = [
      { year: 2025, value: 90 },
      { year: 2026, value: 96 },
    ];
    expect(projection(ind, steep, term)).toBe('likely');
  });

  it('projects a total at its yearly average', () => {
    const total = one('Trong nhiệm kỳ kết nạp được 230 đảng viên trở lên');
    expect(
      projection(
        total,
        [
          { year: 2025, value: 40 },
          { year: 2026, value: 38 },
        ],
        term,
      ),
    ).toBe('likely'); // 78 + 39·4 = 234
    expect(
      projection(
        total,
        [
          { year: 2025, value: 30 },
          { year: 2026, value: 34 },
        ],
        term,
      ),
    ).toBe('unlikely'); // 64 + 32·4 = 192
  });

  it('takes a qualitative indicator’s last year', () => {
    const q = one('Phường không còn hộ nghèo');
    expect(
      projection(
        q,
        [
          { year: 2026, value: false },
          { year: 2027, value: true },
        ],
        term,
      ),
    ).toBe('likely');
    expect(
      projection(
        q,
        [
          { year: 2027, value: false },
          { year: 2026, value: true },
        ],
        term,
      ),
    ).toBe('unlikely');
  });

  it('reads a line through the points', () => {
    expect(trend([{ year: 2025, value: 10 }], 2030)).toBe(10);
    expect(
      trend(
        [
          { year: 2025, value: 10 },
          { year: 2026, value: 12 },
        ],
        2030,
      ),
    ).toBeCloseTo(20);
  });
});

describe('goal text', () => {
  it.each([
    ['Mỗi năm tạo việc làm cho 1.200 lượt lao động trở lên', '≥ 1.200 lượt lao động/năm'],
    ['Tốc độ tăng bình quân hằng năm đạt 17,7%', '≥ 17,7%/năm'],
    ['Thu nhập đến năm 2030 tăng từ 30% trở lên so với năm 2025', '≥ 30% đến năm 2030 so với năm 2025'],
    ['Phường không còn hộ nghèo', 'Đạt / không đạt'],
  ])('%s → %s', (text, goal) => expect(goalText(one(text))).toBe(goal));
  it('writes numbers as the documents do', () => expect(formatNumberVi(1234567.5)).toBe('1.234.567,5'));
});
