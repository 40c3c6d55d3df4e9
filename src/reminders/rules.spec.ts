import { addDays, diffDays } from '../deadlines/calendar';
import { periodLabel } from '../deadlines/occurrences';
import { PlannedItem, ReminderRules, SweepTask, planReminders } from './rules';

const RULES: ReminderRules = {
  beforeDays: [7, 3, 1],
  onDueDay: true,
  overdueEveryDays: 7,
  reportBeforeDays: 7,
  reportOverdueEveryDays: 7,
  ccCoordinating: false,
  targetResultDays: 15,
  targetOverdueEveryDays: 30,
};

const continuous = (id: number, since: string): SweepTask => ({
  id,
  unitId: 1,
  programId: 1,
  ref: `II.${id}`,
  open: true,
  reportPeriod: 'quarter',
  since,
  schedule: { kind: 'continuous', start: null, due: null, every: null, event: null, reason: null },
});

/** Sweeps day by day, as the scheduler does, and returns every item planned. */
function simulate(tasks: SweepTask[], from: string, to: string, reported: Set<string> = new Set()): PlannedItem[] {
  const out: PlannedItem[] = [];
  for (let d = from; d <= to; d = addDays(d, 1))
    out.push(
      ...planReminders(
        tasks,
        addDays(d, -1),
        d,
        () => RULES,
        (id, key) => reported.has(`${id}:${key}`),
      ),
    );
  return out;
}

describe('overdue periodic reports', () => {
  it('remind a task at most once every 7 days however many periods it owes, and list them all', () => {
    const items = simulate([continuous(1, '2025-07-01')], '2025-10-01', '2026-03-31').filter((i) => i.rule === 'report_overdue');
    const days = items.map((i) => i.day);
    for (let i = 1; i < days.length; i++) expect(diffDays(days[i - 1], days[i])).toBeGreaterThanOrEqual(7);
    // Both Q3 and Q4/2025 owed in January: one reminder lists both.
    const january = items.find((i) => i.day >= '2026-01-01' && i.day <= '2026-01-31')!;
    expect(january.missing!.map((p) => periodLabel(p.key))).toEqual(['Quý III/2025', 'Quý IV/2025']);
    expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
  });

  it('stops once every owed report is in, and the before-reminder still comes for the next period', () => {
    const reported = new Set(['1:2025-Q3']);
    const items = simulate([continuous(1, '2025-07-01')], '2025-10-01', '2025-12-31', reported);
    expect(items.filter((i) => i.rule === 'report_overdue')).toEqual([]);
    expect(items.filter((i) => i.rule === 'report_before').map((i) => [i.day, i.period!.key])).toEqual([['2025-12-24', '2025-Q4']]);
  });
});

describe('period labels people read', () => {
  it.each([
    ['2025-Q4', 'Quý IV/2025'],
    ['2026-Q1', 'Quý I/2026'],
    ['2026-H1', '6 tháng đầu năm 2026'],
    ['2026-H2', '6 tháng cuối năm 2026'],
    ['2026-11', 'Tháng 11/2026'],
    ['2025-W35', 'Tuần 35/2025'],
    ['2026', 'Năm 2026'],
    ['khác', 'khác'],
  ])('%s → %s', (key, label) => expect(periodLabel(key)).toBe(label));
});
