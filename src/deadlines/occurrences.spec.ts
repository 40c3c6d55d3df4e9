import { occurrences, periodContaining } from './occurrences';
import { schedule } from './schedule';

describe('occurrences', () => {
  it('lists quarter ends for a continuous task with the default report period', () => {
    expect(occurrences(schedule('continuous'), '2025-08-01', '2026-03-31').map((o) => [o.key, o.start, o.due])).toEqual([
      ['2025-Q3', '2025-07-01', '2025-09-30'],
      ['2025-Q4', '2025-10-01', '2025-12-31'],
      ['2026-Q1', '2026-01-01', '2026-03-31'],
    ]);
  });

  it("uses the program's report period for continuous tasks", () => {
    expect(occurrences(schedule('continuous'), '2025-01-01', '2025-12-31', 'half_year').map((o) => o.due)).toEqual(['2025-06-30', '2025-12-31']);
  });

  it('follows the recurrence of the phrase, inside its bounds', () => {
    const monthly = schedule('recurring', { every: 'month', start: '2025-10-01', due: '2025-12-31' });
    expect(occurrences(monthly, '2025-01-01', '2026-06-30').map((o) => o.due)).toEqual(['2025-10-31', '2025-11-30', '2025-12-31']);
    expect(occurrences(schedule('recurring', { every: 'year' }), '2025-06-01', '2027-12-31').map((o) => o.key)).toEqual(['2025', '2026', '2027']);
    expect(occurrences(schedule('recurring', { every: null }), '2025-01-01', '2025-06-30').map((o) => o.key)).toEqual(['2025-Q1', '2025-Q2']);
  });

  it('uses ISO weeks, Monday to Sunday', () => {
    expect(periodContaining('2025-09-03', 'week')).toEqual({ start: '2025-09-01', due: '2025-09-07', key: '2025-W36' });
    expect(periodContaining('2026-01-01', 'week')).toEqual({ start: '2025-12-29', due: '2026-01-04', key: '2026-W01' });
    expect(occurrences(schedule('recurring', { every: 'week' }), '2025-09-01', '2025-09-21')).toHaveLength(3);
  });

  it('counts only periods whose due day is inside the window', () => {
    expect(occurrences(schedule('continuous'), '2025-10-01', '2025-12-30')).toEqual([]);
    expect(occurrences(schedule('continuous'), '2025-12-31', '2025-12-31').map((o) => o.key)).toEqual(['2025-Q4']);
  });

  it('gives no periods to one-off deadlines', () => {
    expect(occurrences(schedule('date', { due: '2025-09-30' }), '2025-01-01', '2025-12-31')).toEqual([]);
  });
});
