import { cleanText } from './clean';
import { parseStructure } from './structure';

const tree = (text: string) => parseStructure(cleanText(text).lines).root;

describe('cleanText', () => {
  it('removes page numbers and footers repeated at page breaks, keeps repeated body lines', () => {
    // A page of body text: the repeated line sits mid-page, the footer at the page break.
    const body = (n: number) => [`${n}. Nội dung thứ ${n}`, 'dòng a', 'dòng b', 'hiện thường xuyên).', 'dòng c', 'dòng d'];
    const page = (n: number) => [...body(n), '', 'Bản quyền thuộc Văn phòng Đảng ủy phường - không sao chép', '', String(n), ''].join('\n');
    const r = cleanText([page(1), page(2), page(3)].join('\n'));
    expect(r.lines).toEqual([...body(1), ...body(2), ...body(3)]);
    expect(r.removed).toMatchObject({ pageNumbers: 3, footerLines: 3 });
  });

  it('fixes stray spaces before punctuation and odd spaces', () => {
    expect(cleanText('Tổ chức hội nghị ( thực hiện thường xuyên ) .\u00a0Xong ;').lines).toEqual(['Tổ chức hội nghị (thực hiện thường xuyên). Xong;']);
  });
});

describe('parseStructure', () => {
  it('nests parts, Roman sections, arabic headings by depth, items and bullets', () => {
    const root = tree(
      'A- MỤC ĐÍCH\n1. Một\nB- NỘI DUNG\nI- PHẦN MỘT\n1. Nhóm\n1.1.Ban Xây dựng Đảng\n(1) Việc một\n(i1) ý một\n- Gạch đầu dòng\n(2) Việc hai\nII. PHẦN HAI\n2. Khác',
    );
    const shape = (n: any): any => [n.kind, n.label, n.children.map(shape)];
    expect(root.children.map(shape)).toEqual([
      ['part', 'A', [['arabic', '1', []]]],
      [
        'part',
        'B',
        [
          [
            'roman',
            'I',
            [
              [
                'arabic',
                '1',
                [
                  [
                    'arabic',
                    '1.1',
                    [
                      ['item', '1', [['subitem', 'i1', [['dash', '1', []]]]]],
                      ['item', '2', []],
                    ],
                  ],
                ],
              ],
            ],
          ],
          ['roman', 'II', [['arabic', '2', []]]],
        ],
      ],
    ]);
  });

  it('joins lines broken anywhere and keeps a dash that continues a sentence', () => {
    const root = tree('1. Quán triệt Nghị quyết nhiệm kỳ 2025\n- 2030 và Chương trình hành động; tài chính\n- ngân sách.\n- Về kinh tế: tăng thu');
    const one = root.children[0];
    expect(one.text).toBe('Quán triệt Nghị quyết nhiệm kỳ 2025 - 2030 và Chương trình hành động; tài chính - ngân sách.');
    expect(one.children.map((c) => [c.kind, c.text])).toEqual([['dash', 'Về kinh tế: tăng thu']]);
  });

  it('does not take numbers in running text for headings', () => {
    const root = tree('1. Giải quyết việc làm cho\n1.200 lượt lao động\n2025 - 2030 là nhiệm kỳ');
    expect(root.children).toHaveLength(1);
    expect(root.children[0].text).toBe('Giải quyết việc làm cho 1.200 lượt lao động 2025 - 2030 là nhiệm kỳ');
  });

  it('stops at the recipients list and the closing formula', () => {
    const root = tree('1. Việc một.\nTrong quá trình thực hiện, nếu có vướng mắc, báo cáo về Văn phòng.\nNơi nhận:\n- Như trên');
    expect(root.children.map((c) => c.text)).toEqual(['Việc một.']);
  });
});
