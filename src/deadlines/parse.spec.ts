import { parseDeadline } from './parse';
import { ParseContext, Schedule } from './schedule';

const CTX: ParseContext = {
  issued: '2025-08-25',
  events: [
    { name: 'Đại hội Đảng bộ phường', date: '2025-08-20' },
    { name: 'Hội nghị tổng kết', date: null },
  ],
  holidays: ['2025-09-01', '2025-09-02'],
};

type Row = [phrase: string, expected: Partial<Schedule>];

const d = (due: string): Partial<Schedule> => ({ kind: 'date', start: null, due, every: null, event: null, reason: null });
const w = (start: string, due: string): Partial<Schedule> => ({ kind: 'window', start, due, every: null, event: null, reason: null });
const rec = (every: Schedule['every'], start: string | null = null, due: string | null = null): Partial<Schedule> => ({
  kind: 'recurring',
  every,
  start,
  due,
  event: null,
  reason: null,
});
const cont: Partial<Schedule> = { kind: 'continuous', start: null, due: null, every: null, event: null, reason: null };
const from = (start: string): Partial<Schedule> => ({ kind: 'from', start, due: null, every: null, event: null, reason: null });
const rel = (name: string, offsetDays: number, due: string | null, workingDays = false): Partial<Schedule> => ({
  kind: 'relative',
  start: null,
  due,
  every: null,
  event: workingDays ? { name, offsetDays, workingDays } : { name, offsetDays },
  reason: null,
});
const unknown: Partial<Schedule> = { kind: 'unknown', start: null, due: null, every: null, event: null };

const DATES: Row[] = [
  ['trước ngày 25/7/2025', d('2025-07-25')],
  ['Trước ngày 25/07/2025', d('2025-07-25')],
  ['TRƯỚC NGÀY 25/7/2025', d('2025-07-25')],
  ['trước  ngày   25 / 7 / 2025', d('2025-07-25')],
  ['trước ngày\n25/7/2025', d('2025-07-25')],
  ['(trước ngày 25/7/2025).', d('2025-07-25')],
  ['chậm nhất ngày 5/1/2026', d('2026-01-05')],
  ['chậm nhất ngày 05/01/2026', d('2026-01-05')],
  ['chậm nhất là ngày 05-01-2026', d('2026-01-05')],
  ['Chậm nhất ngày 5.1.2026', d('2026-01-05')],
  ['chậm nhất 5/1/2026', d('2026-01-05')],
  ['vào ngày 10/7/2025', d('2025-07-10')],
  ['ngày 10/7/2025', d('2025-07-10')],
  ['10/7/2025', d('2025-07-10')],
  ['đến ngày 30/9/2025', d('2025-09-30')],
  ['xong trước ngày 15-9-2025', d('2025-09-15')],
  ['hoàn thành trước ngày 31/8/2025', d('2025-08-31')],
  ['hoàn thành xong trước ngày 31/8/2025', d('2025-08-31')],
  ['hạn chót ngày 20/10/2025', d('2025-10-20')],
  ['không muộn hơn ngày 20/10/2025', d('2025-10-20')],
  ['ngày 5 tháng 1 năm 2026', d('2026-01-05')],
  ['trước ngày 5 tháng 1 năm 2026', d('2026-01-05')],
  ['chậm nhất ngày 15 tháng 10 năm 2025', d('2025-10-15')],
  ['đến năm 2030', d('2030-12-31')],
  ['Đến năm 2030', d('2030-12-31')],
  ['đến hết năm 2025', d('2025-12-31')],
  ['đến hết tháng 9/2025', d('2025-09-30')],
  ['đến hết quý III/2025', d('2025-09-30')],
  ['trước tháng 9/2025', d('2025-08-31')],
  ['trước năm 2026', d('2025-12-31')],
  ['trước quý IV/2025', d('2025-09-30')],
  ['cuối năm 2025', d('2025-12-31')],
  ['cuối tháng 10/2025', d('2025-10-31')],
  ['chậm nhất trong tháng 9/2025', d('2025-09-30')],
  ['chậm nhất quý IV/2025', d('2025-12-31')],
  ['hoàn thành trước ngày 29/02/2028', d('2028-02-29')],
  // Year-less dates take the year of the issue date (2025-08-25), rolling forward past ~6 months back.
  ['trước ngày 25/9', d('2025-09-25')],
  ['trước ngày 25/7', d('2025-07-25')],
  ['trước ngày 15/01', d('2026-01-15')],
  ['chậm nhất ngày 10 tháng 11', d('2025-11-10')],
  // Several dates in one phrase: the latest is the deadline.
  ['trước ngày 25/9/2025 và báo cáo kết quả trước ngày 30/9/2025', d('2025-09-30')],
  // "N ngày sau <date>" is a plain date.
  ['5 ngày sau ngày 10/7/2025', d('2025-07-15')],
  // 29/8/2025 is a Friday; 1 and 2/9 are holidays in the context.
  ['03 ngày làm việc sau ngày 29/8/2025', d('2025-09-05')],
];

const WINDOWS: Row[] = [
  ['trong tháng 8/2025', w('2025-08-01', '2025-08-31')],
  ['hoàn thành trong tháng 8/2025', w('2025-08-01', '2025-08-31')],
  ['(hoàn thành trong tháng 8/2025)', w('2025-08-01', '2025-08-31')],
  ['(hoàn \nthành trong tháng 8/2025)', w('2025-08-01', '2025-08-31')],
  ['Hoàn thành trong tháng 08/2025', w('2025-08-01', '2025-08-31')],
  ['thực hiện trong tháng 8 năm 2025', w('2025-08-01', '2025-08-31')],
  ['trong tháng 02/2024', w('2024-02-01', '2024-02-29')],
  ['tháng 12-2025', w('2025-12-01', '2025-12-31')],
  ['trong tháng 9', w('2025-09-01', '2025-09-30')],
  ['trong tháng 1', w('2026-01-01', '2026-01-31')],
  ['quý IV/2025', w('2025-10-01', '2025-12-31')],
  ['Quý IV/2025', w('2025-10-01', '2025-12-31')],
  ['quý iv/2025', w('2025-10-01', '2025-12-31')],
  ['quý IV năm 2025', w('2025-10-01', '2025-12-31')],
  ['quý III năm 2025', w('2025-07-01', '2025-09-30')],
  ['trong quý III/2025', w('2025-07-01', '2025-09-30')],
  ['quý 3/2025', w('2025-07-01', '2025-09-30')],
  ['quý 1/2026', w('2026-01-01', '2026-03-31')],
  ['quý I/2026', w('2026-01-01', '2026-03-31')],
  ['quý II - 2026', w('2026-04-01', '2026-06-30')],
  ['hoàn thành trong quý II năm 2026', w('2026-04-01', '2026-06-30')],
  ['quý IV', w('2025-10-01', '2025-12-31')],
  ['3 tháng cuối năm 2025', w('2025-10-01', '2025-12-31')],
  ['03 tháng cuối năm 2025', w('2025-10-01', '2025-12-31')],
  ['6 tháng đầu năm 2026', w('2026-01-01', '2026-06-30')],
  ['06 tháng đầu năm 2026', w('2026-01-01', '2026-06-30')],
  ['sáu tháng cuối năm 2025', w('2025-07-01', '2025-12-31')],
  ['9 tháng đầu năm 2026', w('2026-01-01', '2026-09-30')],
  ['chín tháng đầu năm 2025', w('2025-01-01', '2025-09-30')],
  ['nửa đầu năm 2026', w('2026-01-01', '2026-06-30')],
  ['trong năm 2025', w('2025-01-01', '2025-12-31')],
  ['Trong năm 2026', w('2026-01-01', '2026-12-31')],
  ['năm 2026', w('2026-01-01', '2026-12-31')],
  ['thực hiện trong năm 2026', w('2026-01-01', '2026-12-31')],
  ['từ ngày 10/7/2025 đến ngày 10/8/2025', w('2025-07-10', '2025-08-10')],
  ['Từ ngày 10/7/2025 đến ngày 10/8/2025', w('2025-07-10', '2025-08-10')],
  ['từ 10/7/2025 đến 10/8/2025', w('2025-07-10', '2025-08-10')],
  ['từ ngày 10/7 đến ngày 10/8/2025', w('2025-07-10', '2025-08-10')],
  ['từ tháng 9/2025 đến tháng 11/2025', w('2025-09-01', '2025-11-30')],
  ['từ quý III/2025 đến hết quý I/2026', w('2025-07-01', '2026-03-31')],
  ['từ năm 2025 đến năm 2027', w('2025-01-01', '2027-12-31')],
  ['giai đoạn 2026 - 2030', w('2026-01-01', '2030-12-31')],
  ['giai đoạn 2026-2030', w('2026-01-01', '2030-12-31')],
  ['Giai đoạn 2026 – 2030', w('2026-01-01', '2030-12-31')],
  ['nhiệm kỳ 2025-2030', w('2025-01-01', '2030-12-31')],
  ['nhiệm kỳ 2025 - 2030', w('2025-01-01', '2030-12-31')],
  ['trong nhiệm kỳ 2025 - 2030', w('2025-01-01', '2030-12-31')],
  ['2026 - 2030', w('2026-01-01', '2030-12-31')],
  ['trong tháng 9/2025, chậm nhất ngày 25/9/2025', w('2025-09-01', '2025-09-25')],
];

const RECURRING: Row[] = [
  ['hằng năm', rec('year')],
  ['hàng năm', rec('year')],
  ['Hằng năm', rec('year')],
  ['định kỳ hằng năm', rec('year')],
  ['(thực hiện định kỳ hằng năm)', rec('year')],
  ['thực hiện định kỳ hàng năm', rec('year')],
  ['mỗi năm', rec('year')],
  ['hằng quý', rec('quarter')],
  ['hàng quý', rec('quarter')],
  ['định kỳ hằng quý', rec('quarter')],
  ['báo cáo hằng quý', rec('quarter')],
  ['hàng tháng', rec('month')],
  ['hằng tháng', rec('month')],
  ['định kỳ hằng tháng', rec('month')],
  ['hằng tuần', rec('week')],
  ['định kỳ (1 lần/1 tuần)', rec('week')],
  ['định kỳ 1 lần/tuần', rec('week')],
  ['định kỳ 6 tháng', rec('half_year')],
  ['định kỳ 06 tháng', rec('half_year')],
  ['định kỳ 3 tháng', rec('quarter')],
  ['6 tháng/lần', rec('half_year')],
  ['3 tháng một lần', rec('quarter')],
  ['1 lần/6 tháng', rec('half_year')],
  ['2 lần/năm', rec('half_year')],
  ['1 lần/năm', rec('year')],
  ['1 lần/quý', rec('quarter')],
  ['định kỳ 1 lần/tháng', rec('month')],
  ['hằng năm, từ năm 2026', rec('year', '2026-01-01')],
  ['hằng quý giai đoạn 2026 - 2030', rec('quarter', '2026-01-01', '2030-12-31')],
  ['định kỳ hằng năm đến năm 2030', rec('year', null, '2030-12-31')],
  ['định kỳ', rec(null)],
];

const CONTINUOUS: Row[] = [
  ['thực hiện thường xuyên', cont],
  ['Thực hiện thường xuyên', cont],
  ['(thực hiện thường xuyên)', cont],
  ['(thực \nhiện thường xuyên)', cont],
  ['(thực hiện \n\n thường  xuyên).', cont],
  ['thường xuyên', cont],
  ['THƯỜNG XUYÊN', cont],
  ['thực hiện thường xuyên, liên tục', cont],
  ['liên tục', cont],
  ['thuc hien thuong xuyen', cont],
];

const FROM: Row[] = [
  ['thực hiện từ năm 2025', from('2025-01-01')],
  ['(thực hiện từ năm 2025)', from('2025-01-01')],
  ['từ năm 2026', from('2026-01-01')],
  ['từ ngày 01/10/2025', from('2025-10-01')],
  ['bắt đầu từ tháng 10/2025', from('2025-10-01')],
  ['từ quý IV/2025', from('2025-10-01')],
  ['kể từ ngày 15/9/2025', from('2025-09-15')],
];

const RELATIVE: Row[] = [
  ['chậm nhất 02 ngày sau Đại hội', rel('Đại hội Đảng bộ phường', 2, '2025-08-22')],
  ['chậm nhất 2 ngày sau đại hội', rel('Đại hội Đảng bộ phường', 2, '2025-08-22')],
  ['chậm nhất 10 ngày sau Đại hội Đảng bộ phường', rel('Đại hội Đảng bộ phường', 10, '2025-08-30')],
  ['chậm nhất 10 ngày sau đại hội đảng bộ phường', rel('Đại hội Đảng bộ phường', 10, '2025-08-30')],
  ['10 ngày sau khi kết thúc Đại hội Đảng bộ phường', rel('Đại hội Đảng bộ phường', 10, '2025-08-30')],
  ['trước khi diễn ra Đại hội Đảng bộ phường 07 ngày', rel('Đại hội Đảng bộ phường', -7, '2025-08-13')],
  ['trước Đại hội Đảng bộ phường 7 ngày', rel('Đại hội Đảng bộ phường', -7, '2025-08-13')],
  ['07 ngày trước Đại hội', rel('Đại hội Đảng bộ phường', -7, '2025-08-13')],
  ['chậm nhất 15 ngày trước khi tổ chức Đại hội Đảng bộ phường', rel('Đại hội Đảng bộ phường', -15, '2025-08-05')],
  ['chậm nhất 10 ngày sau đại hội, hoàn thành trước ngày 31/8/2025', rel('Đại hội Đảng bộ phường', 10, '2025-08-30')],
  ['chậm nhất 20 ngày sau đại hội, hoàn thành trước ngày 31/8/2025', rel('Đại hội Đảng bộ phường', 20, '2025-08-31')],
  ['chậm nhất 10 ngày sau\nđại hội, hoàn thành\ntrước ngày 31/8/2025', rel('Đại hội Đảng bộ phường', 10, '2025-08-30')],
  ['01 tuần sau Đại hội', rel('Đại hội Đảng bộ phường', 7, '2025-08-27')],
  // 2025-08-20 is a Wednesday; 09-01 and 09-02 are holidays in the context.
  ['05 ngày làm việc sau Đại hội', rel('Đại hội Đảng bộ phường', 5, '2025-08-27', true)],
  ['10 ngày làm việc sau Đại hội', rel('Đại hội Đảng bộ phường', 10, '2025-09-05', true)],
  // Event known by name but no date yet: due stays null, or the cap alone.
  ['05 ngày sau Hội nghị tổng kết', rel('Hội nghị tổng kết', 5, null)],
  ['chậm nhất 05 ngày sau Hội nghị tổng kết, hoàn thành trước ngày 31/12/2025', rel('Hội nghị tổng kết', 5, '2025-12-31')],
  // Event not in the context at all.
  ['chậm nhất 10 ngày sau đại hội chi bộ', rel('đại hội chi bộ', 10, null)],
  ['15 ngày sau khi có kết luận của Ban Thường vụ', rel('kết luận của Ban Thường vụ', 15, null)],
];

const UNKNOWN: Row[] = [
  ['', { ...unknown, reason: 'chưa ghi thời hạn' }],
  ['   ', { ...unknown, reason: 'chưa ghi thời hạn' }],
  ['sớm', { ...unknown, reason: expect.stringMatching(/sớm/) }],
  ['Sớm', { ...unknown, reason: expect.stringMatching(/sớm/) }],
  ['hoàn thành sớm', unknown],
  ['kịp thời', { ...unknown, reason: expect.stringMatching(/kịp thời/) }],
  ['thực hiện kịp thời', unknown],
  ['khi có yêu cầu', unknown],
  ['theo chỉ đạo của cấp trên', unknown],
  ['theo kế hoạch', unknown],
  ['31/02/2025', { ...unknown, reason: expect.stringMatching(/không tồn tại/) }],
  ['trước ngày 31/02/2025', { ...unknown, reason: expect.stringMatching(/không tồn tại/) }],
  ['trước ngày 30/2/2025', unknown],
  ['trước ngày 29/2/2025', unknown],
  ['trước ngày 32/1/2025', unknown],
  ['chậm nhất ngày 15/13/2025', unknown],
  ['trong tháng 13/2025', { ...unknown, reason: expect.stringMatching(/không tồn tại/) }],
  ['đầu năm 2026', unknown],
  ['giữa tháng 9/2025', unknown],
  ['giai đoạn 2030 - 2025', unknown],
  ['từ ngày 10/8/2025 đến ngày 10/7/2025', unknown],
  ['định kỳ 5 tháng', unknown],
  ['3 lần/năm', unknown],
  ['ngay', unknown],
  ['nhanh nhất có thể', unknown],
  ['thực hiện', unknown],
  ['—', unknown],
];

describe('parseDeadline', () => {
  const all: [string, Row[]][] = [
    ['date', DATES],
    ['window', WINDOWS],
    ['recurring', RECURRING],
    ['continuous', CONTINUOUS],
    ['from', FROM],
    ['relative', RELATIVE],
    ['unknown', UNKNOWN],
  ];

  it('has a table of at least 150 phrases', () => {
    expect(all.reduce((n, [, rows]) => n + rows.length, 0)).toBeGreaterThanOrEqual(150);
  });

  for (const [kind, rows] of all) {
    describe(kind, () => {
      it.each(rows)('%j', (phrase, expected) => {
        const got = parseDeadline(phrase, CTX);
        expect(got).toEqual(expect.objectContaining(expected));
        expect(Object.keys(got).sort()).toEqual(['due', 'event', 'every', 'kind', 'reason', 'start']);
      });
    });
  }

  it('never guesses a year for a year-less date without an issue date', () => {
    expect(parseDeadline('trước ngày 25/9', {})).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/không ghi năm/) });
    expect(parseDeadline('trong tháng 9', {})).toMatchObject({ kind: 'unknown' });
    expect(parseDeadline('quý IV', {})).toMatchObject({ kind: 'unknown' });
  });

  it('picks the longest event name found in the phrase', () => {
    const ctx: ParseContext = { events: { 'Đại hội': '2025-06-01', 'Đại hội Đảng bộ phường': '2025-08-20' } };
    expect(parseDeadline('10 ngày sau Đại hội Đảng bộ phường', ctx)).toMatchObject({ due: '2025-08-30', event: { name: 'Đại hội Đảng bộ phường' } });
    expect(parseDeadline('10 ngày sau Đại hội', ctx)).toMatchObject({ due: '2025-06-11', event: { name: 'Đại hội' } });
  });

  it('matches events ignoring case and the uỷ/ủy spelling', () => {
    const ctx: ParseContext = { events: [{ name: 'Hội nghị Ban Chấp hành Đảng ủy', date: '2025-10-10' }] };
    expect(parseDeadline('05 ngày sau hội nghị ban chấp hành đảng uỷ', ctx)).toMatchObject({ kind: 'relative', due: '2025-10-15' });
  });

  it('does not use an ambiguous generic mention when several events could be meant', () => {
    const ctx: ParseContext = {
      events: [
        { name: 'Đại hội Chi bộ 1', date: '2025-05-01' },
        { name: 'Đại hội Chi bộ 2', date: '2025-05-05' },
      ],
    };
    expect(parseDeadline('10 ngày sau đại hội', ctx)).toMatchObject({ kind: 'relative', due: null, event: { name: 'đại hội', offsetDays: 10 } });
  });
});
