/**
 * What a unit's calendar shows: one all-day event per open task's due date and per periodic
 * report still owed. Pure; the service turns the events into iCalendar (RFC 5545).
 */
import { addDays, type LocalDate } from '../deadlines/calendar';
import { occurrences, periodLabel } from '../deadlines/occurrences';
import { decodePeriodDay, schedule, type Period, type ScheduleKind } from '../deadlines/schedule';
import { deadlineOf, isOpen, isPeriodic } from '../tasks/task-rules';
import type { TaskStatus } from '../tasks/task-status';

export interface FeedTask {
  id: number;
  ref: string | null;
  text: string;
  status: TaskStatus;
  scheduleKind: ScheduleKind;
  startDate: LocalDate | null;
  dueDate: LocalDate | null;
  every: Period | null;
  periodDay: string | null;
  reportPeriod: Period;
  /** Reports are owed from the program's issue date. */
  since: LocalDate | null;
}

export interface FeedEvent {
  /** Stable across polls, so a calendar updates an event instead of adding another. */
  uid: string;
  date: LocalDate;
  summary: string;
  description: string;
  url: string;
}

/** Report deadlines are shown from a quarter back (still owed) to a year ahead. */
const BACK_DAYS = 92;
const AHEAD_DAYS = 366;

export function feedEvents(tasks: FeedTask[], reported: Set<string>, today: LocalDate, publicUrl: string, host: string): FeedEvent[] {
  const out: FeedEvent[] = [];
  for (const t of tasks) {
    if (!isOpen(t)) continue;
    const name = `${t.ref ? `${t.ref} ` : ''}${excerpt(t.text, 90)}`;
    const url = `${publicUrl}/tasks/${t.id}`;
    const due = deadlineOf(t);
    if (due) out.push({ uid: `task-${t.id}-due@${host}`, date: due, summary: `Hạn: ${name}`, description: `${t.text}\n\n${url}`, url });
    if (!isPeriodic(t)) continue;
    const sched = schedule(t.scheduleKind, { start: t.startDate, due: t.dueDate, every: t.every, at: decodePeriodDay(t.periodDay) });
    for (const o of occurrences(sched, addDays(today, -BACK_DAYS), addDays(today, AHEAD_DAYS), t.reportPeriod)) {
      if ((t.since && o.due < t.since) || reported.has(`${t.id}:${o.key}`)) continue;
      out.push({
        uid: `task-${t.id}-report-${o.key}@${host}`,
        date: o.due,
        summary: `Báo cáo ${periodLabel(o.key)}: ${name}`,
        description: `Hạn nộp báo cáo định kỳ ${periodLabel(o.key)}.\n${t.text}\n\n${url}`,
        url,
      });
    }
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.uid.localeCompare(b.uid)));
}

function excerpt(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}
