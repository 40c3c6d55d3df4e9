import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { extractDocument } from './extract';

const UNITS = (parse(readFileSync(join(__dirname, '../../config/units.yaml'), 'utf8')).units as { name: string; aliases?: string[] }[]).map((u, i) => ({
  id: i + 1,
  name: u.name,
  aliases: u.aliases ?? [],
}));
const read = (text: string, prose = false) => extractDocument(text, { units: UNITS, context: { issued: '2025-10-06' }, prose });
const rows = (text: string, prose = false) =>
  read(text, prose).tasks.map((t) => ({
    owner: t.owner?.name ?? null,
    due: t.deadline.due,
    kind: t.deadline.kind,
    text: t.text,
    proposed: t.proposed,
    source: t.source,
  }));

describe('prose: tasks proposed from the sentences of a conference conclusion', () => {
  it('reads the conclusion written for this test as a reader would list its tasks', () => {
    const text = readFileSync(join(__dirname, '../../test/fixtures/thong-bao-ket-luan-hoi-nghi.txt'), 'utf8');
    const r = read(text);
    expect(r.header).toMatchObject({ kind: 'ket_luan', number: '18-TB/ĐU', issuedDate: '2025-10-06', place: 'Bình Minh' });
    expect(r.tasks.map((t) => [t.ref, t.owner?.name ?? null, t.deadline.kind, t.deadline.due])).toEqual([
      // "đề nghị các cấp ủy, tổ chức đảng tập trung …, phấn đấu hoàn thành trước ngày 20/10/2025": every party organisation, no one unit.
      ['ĐX.1', null, 'date', '2025-10-20'],
      ['ĐX.2', 'Ban Xây dựng Đảng', 'window', '2025-11-30'],
      // "Công an phường đảm bảo về an ninh trật tự …, nhất là dịp cuối năm": no deadline a reader could date.
      ['ĐX.3', 'Chi bộ Công an phường', 'unknown', null],
      // "Trong quý IV/2025, Văn phòng … tiếp tục …; Ủy ban Kiểm tra … đẩy mạnh …": the period of the sentence.
      ['ĐX.4', 'Văn phòng Đảng ủy', 'window', '2025-12-31'],
      ['ĐX.5', 'Ủy ban Kiểm tra Đảng ủy', 'window', '2025-12-31'],
    ]);
    expect(r.tasks.every((t) => t.proposed && t.source === 'prose')).toBe(true);
    // The past ("Hội nghị đã đánh giá cao …", "đã kết nạp được …", "ghi nhận …") and the closing formula are not tasks.
    expect(r.tasks.map((t) => t.text).join(' ')).not.toMatch(/kết nạp|ghi nhận|đánh giá cao|thông báo để/);
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'prose', ref: null }));
  });

  it.each([
    [
      'a group period over several clauses, the owner of the sentence carried to its next clause',
      'Trong 3 tháng cuối năm 2025, Đảng bộ UBND phường tập trung chỉ đạo thu ngân sách; đẩy mạnh giải ngân vốn đầu tư công.',
      [
        { owner: 'Đảng bộ UBND phường', due: '2025-12-31', kind: 'window' },
        { owner: 'Đảng bộ UBND phường', due: '2025-12-31', kind: 'window' },
      ],
    ],
    [
      'an order with "giao" and "yêu cầu", written without diacritics the way some texts arrive',
      'Giao Van phong Dang uy theo doi, don doc viec thuc hien, bao cao Ban Thuong vu truoc ngay 25/12/2025.',
      [{ owner: 'Văn phòng Đảng ủy', due: '2025-12-25', kind: 'date' }],
    ],
    [
      'a group as the subject, then the verb',
      'Các chi bộ trực thuộc tiếp tục rà soát, phân loại đảng viên, hoàn thành trong tháng 12/2025.',
      [{ owner: 'Các chi, đảng bộ trực thuộc', due: '2025-12-31', kind: 'window' }],
    ],
    ['what was done is no task', 'Ban Xây dựng Đảng đã hoàn thành việc rà soát hồ sơ đảng viên. Hội nghị ghi nhận kết quả đạt được.', []],
    ['a dated account is no task', 'Ngày 03/10/2025, Ban Thường vụ Đảng ủy tổ chức hội nghị triển khai nhiệm vụ quý IV.', []],
  ])('%s', (_name, text, expected) => {
    expect(rows(text).map(({ owner, due, kind }) => ({ owner, due, kind }))).toEqual(expected);
  });

  it('with prose asked for, reads sentences even where the document has numbered headings', () => {
    const text = [
      'I. NHIỆM VỤ THỜI GIAN TỚI',
      '1. Ban Xây dựng Đảng tham mưu kiện toàn tổ chức bộ máy, hoàn thành trong quý I/2026; Văn phòng Đảng ủy bảo đảm điều kiện hoạt động.',
    ].join('\n');
    expect(read(text).tasks.map((t) => t.source)).toEqual(['text']);
    expect(rows(text, true).map(({ owner, due, proposed, source }) => ({ owner, due, proposed, source }))).toEqual([
      { owner: 'Ban Xây dựng Đảng', due: '2026-03-31', proposed: true, source: 'prose' },
      { owner: 'Văn phòng Đảng ủy', due: null, proposed: true, source: 'prose' },
    ]);
  });
});
