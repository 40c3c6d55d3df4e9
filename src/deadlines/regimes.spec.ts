/**
 * Deadline phrases of reporting regimes and plans (issue date 2025-08-05 in each, as a plan
 * of that day would be read): a recurring deadline with its day in the period, a deadline
 * counted from the document itself, Tết from the table of Tết dates, and lists of quarters.
 * Expectations are what an office clerk would write in the spreadsheet.
 */
import { occurrences } from './occurrences';
import { parseDeadline } from './parse';
import { ParseContext, Schedule } from './schedule';

const CTX: ParseContext = {
  issued: '2025-08-05',
  holidays: ['2025-09-01', '2025-09-02'],
  lunarNewYear: { 2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06' },
};

const read = (phrase: string, ctx: ParseContext = CTX) => parseDeadline(phrase, ctx);
type Expect = Partial<Schedule>;

describe('a recurring deadline with its day in the period', () => {
  it.each<[string, Expect]>([
    ['hằng tháng, trước ngày 20', { kind: 'recurring', every: 'month', due: '2025-08-20', at: { day: 20, month: null } }],
    ['trước ngày 10 hằng tháng', { kind: 'recurring', every: 'month', due: '2025-08-10', at: { day: 10, month: null } }],
    ['Trước ngày 10 hàng tháng', { kind: 'recurring', every: 'month', due: '2025-08-10' }],
    ['báo cáo định kỳ hằng tháng chậm nhất ngày 25', { kind: 'recurring', every: 'month', due: '2025-08-25' }],
    // Day 3 of this month has passed on the 5th: the next is in September.
    ['trước ngày 3 hằng tháng', { kind: 'recurring', every: 'month', due: '2025-09-03' }],
    // A day past a month's end is its last day.
    ['trước ngày 31 hằng tháng', { kind: 'recurring', every: 'month', due: '2025-08-31', at: { day: 31, month: null } }],
    ['chậm nhất ngày 20 của tháng cuối quý', { kind: 'recurring', every: 'quarter', due: '2025-09-20', at: { day: 20, month: 'last' } }],
    ['định kỳ hằng quý (trước ngày 15 tháng cuối quý)', { kind: 'recurring', every: 'quarter', due: '2025-09-15', at: { day: 15, month: 'last' } }],
    ['hằng quý, chậm nhất ngày 15 tháng đầu quý sau', { kind: 'recurring', every: 'quarter', due: '2025-10-15', at: { day: 15, month: 'next' } }],
    ['trước ngày 20 tháng cuối năm', { kind: 'recurring', every: 'year', due: '2025-12-20', at: { day: 20, month: 'last' } }],
  ])('%s', (phrase, expected) => expect(read(phrase)).toMatchObject(expected));

  it('leaves the day out where the period does not say which month ("hằng quý, trước ngày 15")', () => {
    const s = read('hằng quý, trước ngày 15');
    expect(s).toMatchObject({ kind: 'recurring', every: 'quarter', due: null });
    expect(s.at).toBeUndefined();
  });

  it('without an issue date keeps the day but names no first deadline', () => {
    expect(read('trước ngày 10 hằng tháng', {})).toMatchObject({ kind: 'recurring', every: 'month', due: null, at: { day: 10, month: null } });
  });

  it('report periods fall on that day: monthly on the 10th, quarterly on the 15th of the next quarter', () => {
    expect(occurrences(read('trước ngày 10 hằng tháng'), '2025-08-01', '2025-11-30').map((o) => [o.key, o.due])).toEqual([
      ['2025-08', '2025-08-10'],
      ['2025-09', '2025-09-10'],
      ['2025-10', '2025-10-10'],
      ['2025-11', '2025-11-10'],
    ]);
    expect(occurrences(read('hằng quý, chậm nhất ngày 15 tháng đầu quý sau'), '2025-08-01', '2026-04-30').map((o) => [o.key, o.due])).toEqual([
      ['2025-Q3', '2025-10-15'],
      ['2025-Q4', '2026-01-15'],
      ['2026-Q1', '2026-04-15'],
    ]);
    // February has no 31st.
    expect(occurrences(read('trước ngày 31 hằng tháng'), '2026-02-01', '2026-03-31').map((o) => o.due)).toEqual(['2026-02-28', '2026-03-31']);
  });
});

describe('a deadline counted from the document itself', () => {
  it.each<[string, string, boolean]>([
    ['chậm nhất sau 15 ngày kể từ ngày ban hành Kế hoạch', '2025-08-20', false],
    ['trong vòng 30 ngày kể từ ngày ký', '2025-09-04', false],
    ['chậm nhất 07 ngày làm việc kể từ ngày ban hành', '2025-08-14', true],
    ['30 ngày kể từ ngày ký Kế hoạch này', '2025-09-04', false],
    ['10 ngày sau khi ban hành Chương trình', '2025-08-15', false],
  ])('%s', (phrase, due, working) => {
    expect(read(phrase)).toMatchObject({ kind: 'relative', due, event: { name: 'ngày ban hành văn bản', offsetDays: Number(/\d+/.exec(phrase)![0]) } });
    expect(!!read(phrase).event?.workingDays).toBe(working);
  });

  it('another document named after "ban hành" is an event of its own, not this one', () => {
    expect(read('10 ngày sau khi ban hành Nghị quyết số 57-NQ/TW')).toMatchObject({ kind: 'relative', due: null, event: { name: 'Nghị quyết số 57-NQ/TW' } });
  });

  it('waits for the issue date when the document has none', () => {
    expect(read('trong vòng 30 ngày kể từ ngày ký', {})).toMatchObject({
      kind: 'relative',
      due: null,
      event: { name: 'ngày ban hành văn bản', offsetDays: 30 },
    });
  });
});

describe('Tết, from the table of Tết dates', () => {
  it.each<[string, Expect]>([
    ['trước Tết Nguyên đán 2026', { kind: 'date', due: '2026-02-16' }],
    ['hoàn thành trước Tết Nguyên đán Bính Ngọ 2026', { kind: 'date', due: '2026-02-16' }],
    ['trước tết nguyen dan 2027', { kind: 'date', due: '2027-02-05' }],
    // Without a year: the next Tết after the issue date.
    ['trước Tết Nguyên đán', { kind: 'date', due: '2026-02-16' }],
  ])('%s', (phrase, expected) => expect(read(phrase)).toMatchObject(expected));

  it('is unknown beyond the table, never computed', () => {
    expect(read('trước Tết Nguyên đán 2031')).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/Tết Nguyên đán năm 2031/) });
    expect(read('trước Tết Nguyên đán 2026', { issued: '2025-08-05' })).toMatchObject({ kind: 'unknown' });
  });
});

describe('lists of periods share the year written once', () => {
  it.each<[string, string, string]>([
    ['Quý III, IV năm 2026', '2026-07-01', '2026-12-31'],
    ['trong quý I và quý II/2030', '2030-01-01', '2030-06-30'],
    ['quý III - IV/2025', '2025-07-01', '2025-12-31'],
    ['Quý I/2026.', '2026-01-01', '2026-03-31'],
    ['Trong quý I/2026', '2026-01-01', '2026-03-31'],
    ['trong quý II năm 2026', '2026-04-01', '2026-06-30'],
  ])('%s', (phrase, start, due) => expect(read(phrase)).toMatchObject({ kind: 'window', start, due }));
});

describe('a deadline before the document', () => {
  it('is read as written and flagged in the import (a typo "Trước 30/3/2025" in a 2026 plan)', () => {
    const { extractDocument } = jest.requireActual<typeof import('../documents/extract')>('../documents/extract');
    const r = extractDocument('I. NHIỆM VỤ\n1. Văn phòng Đảng ủy tổng hợp báo cáo sơ kết quý I. Trước 30/3/2025.', {
      units: [{ id: 1, name: 'Văn phòng Đảng ủy', aliases: [] }],
      context: { issued: '2026-01-10' },
    });
    expect(r.tasks[0].deadline).toMatchObject({ kind: 'date', due: '2025-03-30' });
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'before_issue', ref: 'I.1' }));
  });
});
