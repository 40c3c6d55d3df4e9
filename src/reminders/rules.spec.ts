import { addDays, diffDays } from '../deadlines/calendar';
import { periodLabel } from '../deadlines/occurrences';
import { PlannedItem, ReminderRules, SweepTask, alertOf, planAlerts, planReminders } from './rules';

const RULES: ReminderRules = {
  beforeDays: [7, 3, 1],
  onDueDay: true,
  overdueEveryDays: 7,
  reportBeforeDays: 7,
  reportOverdueEveryDays: 7,
  ccCoordinating: false,
  targetResultDays: 15,
  targetOverdueEveryDays: 30,
  notStartedDays: 0,
  noUpdateDays: 0,
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

describe('alerts: chưa triển khai, không cập nhật', () => {
  const rules: ReminderRules = { ...RULES, notStartedDays: 15, noUpdateDays: 30 };
  const task = (over: Partial<SweepTask> = {}): SweepTask => ({
    id: 1,
    unitId: 1,
    programId: 1,
    ref: '1',
    open: true,
    reportPeriod: 'quarter',
    since: '2025-07-01',
    status: 'not_started',
    lastProgress: null,
    schedule: { kind: 'window', start: '2025-12-01', due: '2025-12-31', every: null, event: null, reason: null },
    ...over,
  });
  /** Every alert of a day-by-day sweep. */
  const days = (t: SweepTask, from: string, to: string) => {
    const out: string[] = [];
    for (let d = from; d < to; d = addDays(d, 1)) for (const i of planAlerts([t], d, addDays(d, 1), () => rules)) out.push(`${i.day} ${i.rule}`);
    return out;
  };

  it('says "chưa triển khai" once, the day the window has been open 15 days', () => {
    expect(days(task(), '2025-11-01', '2026-02-01')).toEqual(['2025-12-16 not_started']);
    expect(alertOf(task(), rules, '2025-12-15')).toBeNull();
    expect(alertOf(task(), rules, '2025-12-16')).toBe('not_started');
    // Started: no alert; past its due date: the overdue reminders take over.
    expect(alertOf(task({ status: 'in_progress', lastProgress: '2025-12-02' }), rules, '2025-12-20')).toBeNull();
    expect(alertOf(task(), rules, '2026-01-01')).toBeNull();
  });

  it('counts the window from the program (or entry) day when the phrase gives no start', () => {
    const t = task({ schedule: { kind: 'date', start: null, due: '2026-06-30', every: null, event: null, reason: null } });
    expect(alertOf(t, rules, '2025-07-16')).toBe('not_started');
    expect(alertOf(t, { ...rules, noUpdateDays: 0 }, '2025-07-15')).toBeNull();
  });

  it('never alerts a task without a readable deadline, or a continuous one', () => {
    expect(alertOf(task({ schedule: { kind: 'unknown', start: null, due: null, every: null, event: null, reason: 'x' } }), rules, '2026-01-01')).toBeNull();
    expect(alertOf(task({ schedule: continuous(1, '2025-07-01').schedule }), rules, '2026-01-01')).toBeNull();
  });

  it('says "không cập nhật" every 30 days of silence while the due date is more than a month ahead', () => {
    const t = task({
      status: 'in_progress',
      lastProgress: '2026-01-10',
      schedule: { kind: 'window', start: '2026-01-01', due: '2026-06-30', every: null, event: null, reason: null },
    });
    // 09/02, 11/03, 10/04, 10/05; 09/06 is within a month of 30/06: the deadline reminders speak then.
    expect(days(t, '2026-01-10', '2026-07-01')).toEqual(['2026-02-09 no_update', '2026-03-11 no_update', '2026-04-10 no_update', '2026-05-10 no_update']);
  });

  it('is off with 0 days, and a catch-up sweep plans the latest alert once', () => {
    expect(days(task(), '2025-11-01', '2026-02-01').length).toBe(1);
    expect(planAlerts([task()], '2025-11-01', '2026-02-01', () => ({ ...rules, notStartedDays: 0 }))).toEqual([]);
    const t = task({
      status: 'returned',
      lastProgress: '2026-01-10',
      schedule: { kind: 'window', start: '2026-01-01', due: '2026-12-31', every: null, event: null, reason: null },
    });
    expect(planAlerts([t], '2026-01-10', '2026-04-20', () => rules).map((i) => i.day)).toEqual(['2026-04-10']);
  });
});
