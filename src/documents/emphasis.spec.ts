import { repairOcrMarkers, stripEmphasis } from './clean';
import { extractDocument } from './extract';

describe('emphasis around deadlines (Markdown, converted Word files)', () => {
  it.each([
    ['hoàn thành tổng hợp chung trước **ngày 20/8/2025**', 'hoàn thành tổng hợp chung trước ngày 20/8/2025'],
    ['hoàn thành *trước ngày 15/8/2025.*', 'hoàn thành trước ngày 15/8/2025.'],
    ['báo cáo __chậm nhất ngày 30/9/2025__.', 'báo cáo chậm nhất ngày 30/9/2025.'],
    ['***Lưu ý:*** thực hiện thường xuyên', 'Lưu ý: thực hiện thường xuyên'],
    // Not emphasis: a bullet, an address, a product of numbers, an unclosed marker.
    ['* Ban Xây dựng Đảng chủ trì', '* Ban Xây dựng Đảng chủ trì'],
    ['gửi về chibo_kp3@example.vn', 'gửi về chibo_kp3@example.vn'],
    ['diện tích 2 * 3 m', 'diện tích 2 * 3 m'],
    ['**chưa đóng', '**chưa đóng'],
  ])('%s', (input, output) => expect(stripEmphasis(input)).toBe(output));

  it('reads the deadline inside the emphasis', () => {
    const doc = [
      'KẾ HOẠCH',
      'I. NHIỆM VỤ',
      '1. Văn phòng Đảng ủy hoàn thành tổng hợp chung trước **ngày 20/8/2025**.',
      '2. Ban Xây dựng Đảng rà soát hồ sơ, hoàn thành *trước ngày 15/8/2025.*',
    ].join('\n');
    const units = [
      { id: 1, name: 'Văn phòng Đảng ủy', aliases: [] },
      { id: 2, name: 'Ban Xây dựng Đảng', aliases: [] },
    ];
    const r = extractDocument(doc, { units, context: { issued: '2025-08-01' } });
    expect(r.tasks.map((t) => [t.ref, t.deadline.kind, t.deadline.due])).toEqual([
      ['I.1', 'date', '2025-08-20'],
      ['I.2', 'date', '2025-08-15'],
    ]);
    expect(r.tasks[0].text).not.toContain('*');
  });
});

describe('numbering as OCR misreads it', () => {
  it.each([
    ['|. NỘI DUNG PHẦN 1', 'I. NỘI DUNG PHẦN 1'],
    ['ll. TỔ CHỨC THỰC HIỆN', 'II. TỔ CHỨC THỰC HIỆN'],
    ['5, Văn phòng Đảng ủy chủ trì', '5. Văn phòng Đảng ủy chủ trì'],
    ['1.2, Ban Xây dựng Đảng', '1.2. Ban Xây dựng Đảng'],
    // Left alone: a sentence, a number in running text.
    ['l. một dòng thường', 'l. một dòng thường'],
    ['5, 6 và 7 tháng', '5, 6 và 7 tháng'],
  ])('%s', (ocr, fixed) => expect(repairOcrMarkers(ocr)).toBe(fixed));
});
