import { addDays } from '../deadlines/calendar';
import type { ScheduleKind } from '../deadlines/schedule';
import type { TaskStatus } from '../tasks/task-status';
import { ORIGIN, TALLY_METRICS, TallyChange, TallyTask, contribution, countsAsOf, stateAsOf, tallySteps } from './tally';

const at = (name: (typeof TALLY_METRICS)[number]) => TALLY_METRICS.indexOf(name);

describe('tally steps: a task contribution as dated steps', () => {
  const task = (t: Partial<TallyTask>): TallyTask => ({
    status: 'not_started',
    scheduleKind: 'date',
    startDate: null,
    dueDate: '2025-08-31',
    completedOn: null,
    ...t,
  });

  it('an open task due 31/8: in time through 31/8, overdue from 1/9, over 30 days from 1/10, over 90 from 30/11', () => {
    const steps = tallySteps(task({}), []);
    const v = (day: string) => countsAsOf(steps, day);
    expect(v('2025-08-31')[at('openInTime')]).toBe(1);
    expect(v('2025-09-01')[at('overdue')]).toBe(1);
    expect(v('2025-09-01')[at('openInTime')]).toBe(0);
    expect(v('2025-09-30')[at('over30')]).toBe(0);
    expect(v('2025-10-01')[at('over30')]).toBe(1);
    expect(v('2025-11-29')[at('over90')]).toBe(0);
    expect(v('2025-11-30')[at('over90')]).toBe(1);
  });

  it('a window not yet begun is not due; a completion counts from its day, on time or late by the deadline', () => {
    const w = tallySteps(task({ scheduleKind: 'window', startDate: '2025-08-01' }), []);
    expect(countsAsOf(w, '2025-07-31')[at('notDue')]).toBe(1);
    expect(countsAsOf(w, '2025-08-01')[at('openInTime')]).toBe(1);
    const late = tallySteps(task({ status: 'done', completedOn: '2025-09-05' }), []);
    expect(countsAsOf(late, '2025-09-04')[at('overdue')]).toBe(1);
    expect(countsAsOf(late, '2025-09-05')[at('late')]).toBe(1);
    expect(countsAsOf(late, '2025-09-05')[at('overdue')]).toBe(0);
    const onTime = tallySteps(task({ status: 'pending_confirmation', completedOn: '2025-08-20' }), []);
    expect(countsAsOf(onTime, '2025-08-20')[at('onTime')]).toBe(1);
    // "reached": the deadline itself has come (due ≤ the report date).
    expect(countsAsOf(onTime, '2025-08-30')[at('onTimeReached')]).toBe(0);
    expect(countsAsOf(onTime, '2025-08-31')[at('onTimeReached')]).toBe(1);
  });

  it('periodic tasks count nothing (their reports judge them); inactive ones count as suspended from the beginning', () => {
    expect(tallySteps(task({ scheduleKind: 'continuous', dueDate: null }), [])).toEqual([]);
    expect(countsAsOf(tallySteps(task({ status: 'cancelled' }), []), ORIGIN)[at('suspended')]).toBe(1);
  });

  it('reads the task as it stood: a suspension on 5/10 leaves it overdue on 30/9', () => {
    const changes: TallyChange[] = [
      { id: 1, kind: 'status', on: '2025-07-01', fromStatus: null, fromCompletedOn: null, fromDue: null },
      { id: 2, kind: 'status', on: '2025-10-05', fromStatus: 'in_progress', fromCompletedOn: null, fromDue: null },
    ];
    const steps = tallySteps(task({ status: 'suspended' }), changes);
    expect(countsAsOf(steps, '2025-09-30')[at('overdue')]).toBe(1);
    expect(countsAsOf(steps, '2025-10-05')[at('suspended')]).toBe(1);
    expect(countsAsOf(steps, '2025-10-05')[at('overdue')]).toBe(0);
  });

  it('reads an extension by date: overdue on the old date until the day it was approved', () => {
    const changes: TallyChange[] = [{ id: 7, kind: 'deadline', on: '2025-09-10', fromStatus: 'in_progress', fromCompletedOn: null, fromDue: '2025-08-31' }];
    const steps = tallySteps(task({ status: 'in_progress', dueDate: '2025-10-31' }), changes);
    expect(countsAsOf(steps, '2025-09-09')[at('overdue')]).toBe(1);
    expect(countsAsOf(steps, '2025-09-10')[at('overdue')]).toBe(0);
    expect(countsAsOf(steps, '2025-09-10')[at('openInTime')]).toBe(1);
  });

  // The property the tables rely on: the steps summed up to any day give the contribution of
  // that day, for every kind, status, dates and history drawn.
  it('sums to the contribution of every day, over 2,000 drawn tasks and histories', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    const day = () => addDays('2025-06-01', Math.floor(rnd() * 240));
    const kinds: ScheduleKind[] = ['date', 'window', 'relative', 'unknown', 'continuous', 'recurring'];
    const statuses: TaskStatus[] = ['not_started', 'in_progress', 'returned', 'done', 'pending_confirmation', 'suspended', 'cancelled'];
    const wrong: string[] = [];
    for (let n = 0; n < 2000; n++) {
      const t: TallyTask = {
        status: pick(statuses),
        scheduleKind: pick(kinds),
        startDate: rnd() < 0.3 ? day() : null,
        dueDate: rnd() < 0.8 ? day() : null,
        completedOn: rnd() < 0.5 ? day() : null,
      };
      const changes: TallyChange[] = Array.from({ length: Math.floor(rnd() * 4) }, (_, i) => ({
        id: i + 1,
        kind: rnd() < 0.3 ? 'deadline' : 'status',
        on: day(),
        fromStatus: rnd() < 0.1 ? null : pick(statuses),
        fromCompletedOn: rnd() < 0.4 ? day() : null,
        fromDue: rnd() < 0.5 ? day() : null,
      }));
      const steps = tallySteps(t, changes);
      for (let d = '2025-05-01'; d <= '2026-05-01'; d = addDays(d, 1)) {
        const kept = countsAsOf(steps, d).join();
        const direct = contribution(t, changes, d).join();
        if (kept !== direct && wrong.length < 5) wrong.push(`${JSON.stringify({ t, changes })} on ${d}: ${kept} ≠ ${direct}`);
      }
      expect(stateAsOf(t, changes, '2099-01-01')).toBe(t);
    }
    expect(wrong).toEqual([]);
  });
});
