import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DataSource } from 'typeorm';
import { addDays } from '../deadlines/calendar';
import { SCHEDULE_KINDS } from '../deadlines/schedule';
import { TASK_STATUSES } from './task-status';
import { TimelinessInput, timelinessOf, timelinessSql } from './timeliness';
import { sql as taskSql } from './task-rules';

const TODAY = '2025-09-10';

describe('timeliness', () => {
  it('follows the reporting categories', () => {
    const base: TimelinessInput = { status: 'not_started', scheduleKind: 'date', startDate: null, dueDate: '2025-09-30', completedOn: null };
    expect(timelinessOf(base, TODAY, 3)).toBe('in_time');
    expect(timelinessOf({ ...base, dueDate: '2025-09-13' }, TODAY, 3)).toBe('due_soon');
    expect(timelinessOf({ ...base, dueDate: '2025-09-10' }, TODAY, 3)).toBe('due_soon');
    expect(timelinessOf({ ...base, dueDate: '2025-09-09' }, TODAY, 3)).toBe('overdue');
    expect(timelinessOf({ ...base, scheduleKind: 'window', startDate: '2025-10-01', dueDate: '2025-10-31' }, TODAY, 3)).toBe('not_due');
    expect(timelinessOf({ ...base, status: 'done', completedOn: '2025-09-30' }, TODAY, 3)).toBe('done_on_time');
    expect(timelinessOf({ ...base, status: 'pending_confirmation', completedOn: '2025-10-01' }, TODAY, 3)).toBe('done_late');
    expect(timelinessOf({ ...base, scheduleKind: 'continuous', dueDate: null }, TODAY, 3)).toBe('no_deadline');
    // For recurring tasks the due is a bound of the recurrence, not a deadline.
    expect(timelinessOf({ ...base, scheduleKind: 'recurring', dueDate: '2025-01-01' }, TODAY, 3)).toBe('no_deadline');
    expect(timelinessOf({ ...base, scheduleKind: 'relative', dueDate: null }, TODAY, 3)).toBe('no_deadline');
    expect(timelinessOf({ ...base, status: 'suspended', dueDate: '2025-01-01' }, TODAY, 3)).toBe('suspended');
    expect(timelinessOf({ ...base, status: 'cancelled' }, TODAY, 3)).toBe('cancelled');
  });

  it('gives the same answer in SQL (on a real SQLite file) as in code, for every combination', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-tl-'));
    const ds = new DataSource({ type: 'sqlite', database: join(dir, 't.sqlite') });
    await ds.initialize();
    try {
      await ds.query('CREATE TABLE tasks ("status" text, "scheduleKind" text, "startDate" text, "dueDate" text, "completedOn" text)');
      const rows: TimelinessInput[] = [];
      const dates = [null, addDays(TODAY, -30), addDays(TODAY, -1), TODAY, addDays(TODAY, 2), addDays(TODAY, 3), addDays(TODAY, 4), addDays(TODAY, 40)];
      for (const status of TASK_STATUSES)
        for (const scheduleKind of SCHEDULE_KINDS)
          for (const dueDate of dates)
            for (const startDate of [null, addDays(TODAY, -5), addDays(TODAY, 1)])
              for (const completedOn of status === 'done' || status === 'pending_confirmation' ? [addDays(TODAY, -2), TODAY] : [null])
                rows.push({ status, scheduleKind, startDate, dueDate, completedOn });
      for (const r of rows) await ds.query('INSERT INTO tasks VALUES (?, ?, ?, ?, ?)', [r.status, r.scheduleKind, r.startDate, r.dueDate, r.completedOn]);
      const sql = timelinessSql('t')
        .replace(/:today/g, `'${TODAY}'`)
        .replace(/:soon/g, `'${addDays(TODAY, 3)}'`);
      const got: { tl: string }[] = await ds.query(`SELECT ${sql} AS tl FROM tasks t ORDER BY rowid`);
      expect(got.map((g) => g.tl)).toEqual(rows.map((r) => timelinessOf(r, TODAY, 3)));
      expect(rows.length).toBeGreaterThan(1000);
      // The index-friendly form of 'overdue' picks exactly the same rows.
      const overdue: { o: number }[] = await ds.query(
        `SELECT CASE WHEN ${taskSql.isOverdue('t').replace(/:today/g, `'${TODAY}'`)} THEN 1 ELSE 0 END AS o FROM tasks t ORDER BY rowid`,
      );
      expect(overdue.map((g) => g.o === 1)).toEqual(rows.map((r) => timelinessOf(r, TODAY, 3) === 'overdue'));
    } finally {
      await ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
