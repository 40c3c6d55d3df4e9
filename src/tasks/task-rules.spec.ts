import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DataSource } from 'typeorm';
import { addDays } from '../deadlines/calendar';
import { SCHEDULE_KINDS } from '../deadlines/schedule';
import { TASK_STATUSES } from './task-status';
import { RuleInput, complianceCategory, isOpen, isPeriodic, needsDeadline, sql } from './task-rules';
import { timelinessOf } from './timeliness';

const AS_OF = '2025-09-10';

/** Every status × kind × dates a task can hold. */
function combinations(): RuleInput[] {
  const rows: RuleInput[] = [];
  const dates = [null, addDays(AS_OF, -40), addDays(AS_OF, -1), AS_OF, addDays(AS_OF, 1), addDays(AS_OF, 40)];
  for (const status of TASK_STATUSES)
    for (const scheduleKind of SCHEDULE_KINDS)
      for (const dueDate of dates)
        for (const startDate of [null, addDays(AS_OF, -5), addDays(AS_OF, 3)])
          for (const completedOn of [null, addDays(AS_OF, -2), AS_OF, addDays(AS_OF, 5)]) rows.push({ status, scheduleKind, startDate, dueDate, completedOn });
  return rows;
}

describe('task rules, once in TypeScript and once generated as SQL', () => {
  let dir: string;
  let ds: DataSource;
  const rows = combinations();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dondoc-rules-'));
    ds = new DataSource({ type: 'sqlite', database: join(dir, 'r.sqlite') });
    await ds.initialize();
    await ds.query('CREATE TABLE tasks ("status" text, "scheduleKind" text, "startDate" text, "dueDate" text, "completedOn" text)');
    await ds.query('BEGIN');
    for (const r of rows) await ds.query('INSERT INTO tasks VALUES (?, ?, ?, ?, ?)', [r.status, r.scheduleKind, r.startDate, r.dueDate, r.completedOn]);
    await ds.query('COMMIT');
  });
  afterAll(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const column = async (expr: string): Promise<unknown[]> =>
    (await ds.query(`SELECT ${expr} AS v FROM tasks t ORDER BY rowid`)).map((r: { v: unknown }) => r.v);
  const bool = (v: unknown[]) => v.map((x) => x === 1 || x === true);

  it('agree on every combination', async () => {
    expect(rows.length).toBeGreaterThan(3000);
    expect(await column(sql.complianceCategory('t', `'${AS_OF}'`))).toEqual(rows.map((r) => complianceCategory(r, AS_OF)));
    expect(bool(await column(sql.isOpen('t')))).toEqual(rows.map(isOpen));
    expect(bool(await column(sql.isPeriodic('t')))).toEqual(rows.map(isPeriodic));
    expect(bool(await column(sql.needsDeadline('t')))).toEqual(rows.map(needsDeadline));
  });

  it('count every active task exactly once: periodic ones by reports, the rest by timeliness', () => {
    for (const r of rows) {
      const c = complianceCategory(r, AS_OF);
      if (r.status === 'suspended' || r.status === 'cancelled') expect(c).toBe('suspended');
      else if (r.scheduleKind === 'continuous' || r.scheduleKind === 'recurring') expect(c).toBe('periodic');
      else expect(['onTime', 'late', 'noDeadline', 'overdue', 'notDue', 'openInTime']).toContain(c);
    }
  });

  it('match the task list: a task without a deadline there is counted as without one in the summary', () => {
    // "thực hiện từ năm 2025" (kind from): the list says không có hạn, the summary must count it.
    const from: RuleInput = { status: 'in_progress', scheduleKind: 'from', startDate: '2025-01-01', dueDate: null, completedOn: null };
    expect(timelinessOf(from, AS_OF, 3)).toBe('no_deadline');
    expect(complianceCategory(from, AS_OF)).toBe('noDeadline');
    for (const r of rows) {
      const tl = timelinessOf(r, AS_OF, 3);
      const c = complianceCategory(r, AS_OF);
      if (tl === 'overdue') expect(c).toBe('overdue');
      if (tl === 'no_deadline' && !isPeriodic(r)) expect(c).toBe('noDeadline');
    }
  });
});
