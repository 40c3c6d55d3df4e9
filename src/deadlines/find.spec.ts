import { sharedFixture } from '../../test/support/shared-fixtures';
import { combineClauses, findDeadlines } from './find';

const CTX = { issued: '2025-08-25', events: [{ name: 'Đại hội Đảng bộ phường', date: '2025-08-20' }] };

describe('findDeadlines', () => {
  it('finds a closing parenthesis and keeps it out of citations', () => {
    const text =
      'Triển khai Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ (hoàn thành trước ngày 30/9/2025).';
    const found = findDeadlines(text, CTX);
    expect(found.map((c) => [c.raw, c.schedule.kind, c.schedule.due])).toEqual([['hoàn thành trước ngày 30/9/2025', 'date', '2025-09-30']]);
    expect(text.slice(found[0].start, found[0].end)).toBe('hoàn thành trước ngày 30/9/2025');
  });

  it('ignores the dates of cited documents and the horizons of plans', () => {
    for (const text of [
      'Triển khai thực hiện nghiêm Quy định số 144-QĐ/TW ngày 09/5/2024 của Bộ Chính trị.',
      'Cụ thể hóa QH chung xây dựng KKT cửa khẩu Móng Cái đến năm 2040 theo Quyết định 368/QĐ-TTg ngày 16/3/2021.',
      'Thu nhập bình quân đầu người trên địa bàn đến năm 2030 tăng từ 30% trở lên so với năm 2025.',
      'Tăng cường kiểm tra, giám sát; thường xuyên theo dõi, đôn đốc, kiểm tra.',
      'Đầu tư hạ tầng khu đô thị Hải Xuân (giai đoạn 3).',
      'Kế hoạch đầu tư công trung hạn giai đoạn 2026-2030 để tập trung đầu tư.',
    ]) {
      expect({ text, found: findDeadlines(text, CTX).map((c) => c.raw) }).toEqual({ text, found: [] });
    }
  });

  it('finds an inline deadline governed by a completion verb', () => {
    const text =
      'Các chi, đảng bộ trực thuộc tổ chức quán triệt Nghị quyết; hoàn thành xây dựng kế hoạch, chương trình hành động thực hiện Nghị quyết Đại hội đảng bộ phường lần thứ I gắn với nghị quyết đại hội của cấp mình trong tháng 8/2025.';
    expect(findDeadlines(text, CTX).map((c) => [c.raw, c.schedule.kind, c.schedule.start, c.schedule.due])).toEqual([
      ['trong tháng 8/2025', 'window', '2025-08-01', '2025-08-31'],
    ]);
  });

  it('finds deadline words inline, with event offsets and a cap, across line breaks', () => {
    const text = '+ Tổng hợp kết quả đại hội các chi bộ, báo cáo Ban Thường vụ chậm nhất 10 ngày sau\nđại hội, hoàn thành trước ngày 31/8/2025.';
    const [c] = findDeadlines(text, CTX);
    expect(c.raw).toBe('chậm nhất 10 ngày sau đại hội, hoàn thành trước ngày 31/8/2025');
    expect(c.schedule).toMatchObject({ kind: 'relative', due: '2025-08-30', event: { name: 'Đại hội Đảng bộ phường', offsetDays: 10 } });
  });

  it('reads labelled timetables', () => {
    expect(findDeadlines('- Thời gian thực hiện: Quý III/2025.', CTX).map((c) => [c.raw, c.schedule.kind])).toEqual([['Quý III/2025', 'window']]);
    expect(findDeadlines('Thời gian: thường xuyên.', CTX).map((c) => c.schedule.kind)).toEqual(['continuous']);
  });

  it('keeps every clause of a task and takes the latest dated one as its due', () => {
    const text = 'Xây dựng dự thảo báo cáo (hoàn thành trước ngày 15/9/2025); tổ chức hội nghị lấy ý kiến (hoàn thành trong tháng 10/2025).';
    const clauses = findDeadlines(text, CTX);
    expect(clauses.map((c) => c.raw)).toEqual(['hoàn thành trước ngày 15/9/2025', 'hoàn thành trong tháng 10/2025']);
    expect(combineClauses(clauses)).toMatchObject({ kind: 'window', due: '2025-10-31' });
    expect(combineClauses([])).toBeNull();
  });

  it('reports a vague parenthesised deadline as unknown instead of dropping it', () => {
    const [c] = findDeadlines('Tham mưu công tác tuyển quân (thực hiện trong tháng 13/2025).', CTX);
    expect(c.schedule.kind).toBe('unknown');
  });
});

const { text: MONG_CAI, describeIf } = sharedFixture('chuong-trinh-hanh-dong-mong-cai-1.txt');

describeIf('the Móng Cái 1 action program (real, PDF-extracted)', () => {
  /*
   * A careful reading of the document finds 44 deadline clauses:
   *  - 37 × "(thực hiện thường xuyên)"                               → continuous
   *  - B.I.1 "(hoàn thành trong tháng 8/2025)", B.III.1.1.1(1)
   *    "(thực hiện trong tháng 8/2025)" and "(hoàn thành trong tháng
   *    8/2025)", and the inline "... của cấp mình trong tháng 8/2025"
   *    of B.I.2                                                        → 4 windows (August 2025)
   *  - 2 × "(thực hiện từ năm 2025)" (B.III.1.2.2, B.III.1.3)           → from 2025-01-01
   *  - 1 × "(thực hiện định kỳ hằng năm)" (B.III.4.1)                   → recurring, yearly
   * Not deadlines: cited documents' dates (Quy định 144-QĐ/TW ngày ..., Quyết định 368/QĐ-TTg
   * ngày ...), plan horizons ("đến năm 2030/2040", "giai đoạn 2026-2030"), targets' "hằng năm".
   */
  const clauses = findDeadlines(MONG_CAI!, { issued: '2025-08-25' });

  it('finds every deadline clause, each read to a known schedule', () => {
    expect(clauses.filter((c) => c.schedule.kind === 'unknown')).toEqual([]);
    expect(clauses).toHaveLength(44);
  });

  it('matches the human count of each kind', () => {
    const count: Record<string, number> = {};
    for (const c of clauses) count[c.schedule.kind] = (count[c.schedule.kind] ?? 0) + 1;
    expect(count).toEqual({ continuous: 37, window: 4, from: 2, recurring: 1 });
    expect(clauses.filter((c) => c.schedule.kind === 'window').every((c) => c.schedule.start === '2025-08-01' && c.schedule.due === '2025-08-31')).toBe(true);
    expect(clauses.find((c) => c.schedule.kind === 'recurring')!.schedule.every).toBe('year');
  });

  it('takes no citation or plan horizon for a deadline', () => {
    expect(clauses.filter((c) => /\d{4}/.test(c.raw) && !/(tháng 8\/2025|năm 2025)/.test(c.raw))).toEqual([]);
  });
});
