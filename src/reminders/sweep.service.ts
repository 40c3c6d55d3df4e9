import { Inject, Injectable, Logger } from '@nestjs/common';
import { In } from 'typeorm';
import { AuthService } from '../auth/auth.service';
import { Clock } from '../common/clock';
import { Committee } from '../committees/committee.entity';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { Db } from '../database/db.service';
import { LeaseService } from '../database/lease.service';
import { Setting } from '../database/setting.entity';
import { LocalDate, addDays, diffDays, formatVi, weekday } from '../deadlines/calendar';
import { Period, Schedule } from '../deadlines/schedule';
import { render } from '../mail/templates';
import { OutboxMessage } from '../mail/outbox.entity';
import { Unit } from '../units/unit.entity';
import { matchUnit } from '../units/unit-match';
import { ReminderLog } from './reminder-log.entity';
import { PlannedItem, ReminderRules, SweepTask, groupOf, planReminders } from './rules';

export interface PlannedMessage {
  unit: string;
  unitId: number;
  to: string[];
  cc: string[];
  subject: string;
  items: { taskId: number; ref: string | null; rule: string; due: LocalDate }[];
}

export interface SweepResult {
  date: LocalDate;
  /** The sweep covered the days after `from` up to `date`. */
  from: LocalDate;
  dryRun: boolean;
  messages: PlannedMessage[];
  written: number;
  skipped?: string;
}

interface TaskRow {
  id: number;
  committeeId: number;
  programId: number;
  ref: string | null;
  text: string;
  deadlineRaw: string | null;
  scheduleKind: Schedule['kind'];
  startDate: string | null;
  dueDate: string | null;
  every: Period | null;
  status: string;
  leadUnitId: number;
  version: number;
  createdAt: string | Date;
  reportPeriod: Period;
  programNumber: string | null;
  programIssued: string | null;
}

const LAST_SWEEP = (committeeId: number) => `reminders.lastSweepDay:${committeeId}`;
const OPEN = ['not_started', 'in_progress', 'returned'];

const GROUPS = {
  overdue: { title: 'Nhiệm vụ quá hạn', color: '#b00020' },
  due_soon: { title: 'Nhiệm vụ sắp đến hạn', color: '#8a5a00' },
  reports: { title: 'Báo cáo định kỳ cần nộp', color: '#1a4f8a' },
} as const;

/**
 * The daily sweep: decides from stored state what each unit must hear today and writes it to
 * the outbox — one message per unit per day, each reminder item logged under a unique key.
 * It never sends; the outbox sender does.
 */
@Injectable()
export class SweepService {
  private readonly log = new Logger('sweep');

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly leases: LeaseService,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The last day fully swept, per committee (null before the first sweep). */
  async lastSweepDay(committeeId: number): Promise<LocalDate | null> {
    return (await this.db.manager.findOneBy(Setting, { key: LAST_SWEEP(committeeId) }))?.value ?? null;
  }

  /**
   * Scheduled sweep (no date): covers every day since the last completed sweep up to `upTo`
   * (today by default) — the catch-up after downtime. Manual sweep (`date`): covers that day.
   */
  async run(opts: { date?: LocalDate; upTo?: LocalDate; dryRun?: boolean } = {}): Promise<SweepResult[]> {
    const committees = await this.db.manager.find(Committee, { order: { id: 'ASC' } });
    const out: SweepResult[] = [];
    for (const c of committees) out.push(await this.runFor(c.id, opts));
    return out;
  }

  async runFor(committeeId: number, opts: { date?: LocalDate; upTo?: LocalDate; dryRun?: boolean }): Promise<SweepResult> {
    const dryRun = !!opts.dryRun;
    const to = opts.date ?? opts.upTo ?? this.clock.today();
    let from = addDays(to, -1);
    if (!opts.date) {
      const last = await this.lastSweepDay(committeeId);
      if (last && last >= to) return { date: to, from: last, dryRun, messages: [], written: 0, skipped: 'đã quét' };
      // After downtime: every missed day, but at most a year back.
      if (last) from = last < addDays(to, -366) ? addDays(to, -366) : last;
    }
    const leaseName = `sweep:${committeeId}`;
    if (!dryRun && !(await this.leases.acquire(leaseName, 600))) return { date: to, from, dryRun, messages: [], written: 0, skipped: 'một tiến trình khác đang quét' };
    try {
      const result = await this.sweep(committeeId, from, to, dryRun);
      if (!dryRun && !opts.date) {
        await this.db.write((m) => m.save(m.create(Setting, { key: LAST_SWEEP(committeeId), value: to })));
      }
      if (!dryRun) this.log.log(`swept ${from}..${to}: ${result.messages.length} messages, ${result.written} written`);
      return result;
    } finally {
      if (!dryRun) await this.leases.release(leaseName);
    }
  }

  private rulesFor(numbers: Map<number, string | null>): (programId: number) => ReminderRules {
    const cfg = this.config.reminders;
    const cache = new Map<number, ReminderRules>();
    return (programId) => {
      let r = cache.get(programId);
      if (!r) {
        const number = numbers.get(programId);
        r = { ...cfg.defaults, ...(cfg.programs[String(programId)] ?? {}), ...(number ? (cfg.programs[number] ?? {}) : {}) };
        cache.set(programId, r);
      }
      return r;
    };
  }

  private async sweep(committeeId: number, from: LocalDate, to: LocalDate, dryRun: boolean): Promise<SweepResult> {
    const m = this.db.manager;
    const rows: TaskRow[] = await m.query(
      `SELECT t.id, t."committeeId", t."programId", t.ref, t.text, t."deadlineRaw", t."scheduleKind", t."startDate", t."dueDate", t.every,
              t.status, t."leadUnitId", t.version, t."createdAt", p."reportPeriod", p.number AS "programNumber", p."issuedDate" AS "programIssued"
         FROM tasks t JOIN programs p ON p.id = t."programId"
        WHERE t."committeeId" = $1 AND t.status IN ('not_started', 'in_progress', 'returned') AND t."leadUnitId" IS NOT NULL`.replace(/\$1/g, this.param(1)),
      [committeeId],
    );
    const units = new Map((await m.find(Unit, { where: { committeeId } })).map((u) => [u.id, u]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const reports = new Set<string>(
      (await m.query(`SELECT "taskId", "periodKey" FROM task_reports WHERE "committeeId" = ${this.param(1)}`, [committeeId])).map((r: { taskId: number; periodKey: string }) => `${r.taskId}:${r.periodKey}`),
    );
    const tasks: SweepTask[] = rows.map((r) => ({
      id: r.id,
      unitId: r.leadUnitId,
      programId: r.programId,
      ref: r.ref,
      open: OPEN.includes(r.status) && !!units.get(r.leadUnitId)?.active,
      reportPeriod: r.reportPeriod,
      // Reports are owed from the program's issue date (else from when the task was entered).
      since: r.programIssued ?? localDay(r.createdAt, this.config.timeZone),
      schedule: { kind: r.scheduleKind, start: r.startDate, due: r.dueDate, every: r.every, event: null, reason: null },
    }));
    const rulesFor = this.rulesFor(new Map(rows.map((r) => [r.programId, r.programNumber])));
    let items = planReminders(tasks, from, to, rulesFor, (taskId, key) => reports.has(`${taskId}:${key}`));
    items = await this.withoutLogged(items);

    const byUnit = new Map<number, PlannedItem[]>();
    for (const it of items) byUnit.set(it.unitId, [...(byUnit.get(it.unitId) ?? []), it]);
    const coUnits = await this.coordinating(items, rulesFor, byId);

    const planned: { msg: PlannedMessage; outbox: Partial<OutboxMessage>; items: PlannedItem[] }[] = [];
    for (const [unitId, list] of byUnit) {
      const unit = units.get(unitId);
      if (!unit || unit.emails.length === 0) continue;
      const cc = [...new Set(list.flatMap((it) => coUnits.get(it.taskId) ?? []).flatMap((id) => (id === unitId ? [] : (units.get(id)?.emails ?? []))))].filter((e) => !unit.emails.includes(e));
      planned.push(this.buildMessage(committeeId, unit, list, byId, to, cc));
    }
    const office = this.officeDigest(committeeId, rows, units, from, to);
    if (office) planned.push(office);

    let written = 0;
    if (!dryRun && planned.length) written = await this.write(committeeId, planned);
    return { date: to, from, dryRun, messages: planned.map((p) => p.msg), written };
  }

  /** Reminder items already planned by an earlier sweep (a rerun, an overlapping range) are left out. */
  private async withoutLogged(items: PlannedItem[]): Promise<PlannedItem[]> {
    if (items.length === 0) return items;
    const logged = new Set<string>();
    const keys = items.map((i) => i.key);
    for (let i = 0; i < keys.length; i += 5000) {
      const chunk = keys.slice(i, i + 5000);
      for (const r of await this.db.manager.find(ReminderLog, { select: { itemKey: true }, where: { itemKey: In(chunk) } })) logged.add(r.itemKey);
    }
    return items.filter((i) => !logged.has(i.key));
  }

  private async coordinating(items: PlannedItem[], rulesFor: (p: number) => ReminderRules, byId: Map<number, TaskRow>): Promise<Map<number, number[]>> {
    const ids = items.filter((i) => groupOf(i.rule) !== 'reports' && rulesFor(byId.get(i.taskId)!.programId).ccCoordinating).map((i) => i.taskId);
    const out = new Map<number, number[]>();
    for (let i = 0; i < ids.length; i += 5000) {
      const chunk = ids.slice(i, i + 5000);
      const rows: { taskId: number; unitId: number }[] = await this.db.manager.query(`SELECT "taskId", "unitId" FROM task_co_units WHERE "taskId" IN (${chunk.map((_, k) => this.param(k + 1)).join(',')})`, chunk);
      for (const r of rows) out.set(r.taskId, [...(out.get(r.taskId) ?? []), r.unitId]);
    }
    return out;
  }

  private buildMessage(committeeId: number, unit: Unit, list: PlannedItem[], byId: Map<number, TaskRow>, date: LocalDate, cc: string[]) {
    const order = { overdue: 0, due_soon: 1, reports: 2 } as const;
    list.sort((a, b) => order[groupOf(a.rule)] - order[groupOf(b.rule)] || (a.due < b.due ? -1 : a.due > b.due ? 1 : 0) || (byId.get(a.taskId)!.ref ?? '').localeCompare(byId.get(b.taskId)!.ref ?? ''));
    const view = list.map((it) => {
      const t = byId.get(it.taskId)!;
      const report = groupOf(it.rule) === 'reports';
      const token = this.auth.linkToken(committeeId, unit.id, t.id, t.version);
      return {
        group: groupOf(it.rule),
        ref: t.ref ?? `#${t.id}`,
        excerpt: excerpt(t.text),
        deadlineRaw: t.deadlineRaw ?? 'chưa có',
        dueVi: formatVi(it.due),
        dueLabel: report ? `kỳ ${it.period?.key} kết thúc` : 'hạn',
        note: dueNote(it, date),
        link: `${this.config.publicUrl}/r/${token}${report && it.period ? `?period=${it.period.key}` : ''}`,
        linkLabel: report ? `Nộp báo cáo kỳ ${it.period?.key}` : 'Báo cáo tiến độ hoặc hoàn thành',
      };
    });
    const counts = { overdue: 0, due_soon: 0, reports: 0 };
    for (const v of view) counts[v.group]++;
    const parts = [counts.overdue && `${counts.overdue} nhiệm vụ quá hạn`, counts.due_soon && `${counts.due_soon} sắp đến hạn`, counts.reports && `${counts.reports} báo cáo định kỳ`].filter(Boolean);
    const subject = `[dondoc] ${unit.name}: ${parts.join(', ')}`;
    const groups = (Object.keys(GROUPS) as (keyof typeof GROUPS)[])
      .map((g) => ({ ...GROUPS[g], items: view.filter((v) => v.group === g) }))
      .filter((g) => g.items.length > 0);
    const data = { subject, unitName: unit.name, dateVi: formatVi(date), groups, linkDays: this.config.auth.linkTtlDays };
    const key = `reminder:${committeeId}:${unit.id}:${date}`;
    return {
      msg: { unit: unit.name, unitId: unit.id, to: unit.emails, cc, subject, items: list.map((it) => ({ taskId: it.taskId, ref: byId.get(it.taskId)!.ref, rule: it.rule, due: it.due })) },
      outbox: {
        committeeId,
        idempotencyKey: key,
        kind: 'reminder',
        unitId: unit.id,
        forDate: date,
        to: unit.emails,
        cc,
        subject,
        html: render('reminder', 'html', data),
        text: render('reminder', 'txt', data),
        items: list.map((it) => ({ taskId: it.taskId, ref: byId.get(it.taskId)!.ref, rule: it.rule, due: it.due, key: it.key })),
      },
      items: list,
    };
  }

  /** Weekly, to the office: open tasks whose deadline could not be read (they are never reminded). */
  private officeDigest(committeeId: number, rows: TaskRow[], units: Map<number, Unit>, from: LocalDate, to: LocalDate) {
    const weekdayWanted = this.config.reminders.sweep.officeDigestWeekday;
    let hit: LocalDate | null = null;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (weekday(d) === weekdayWanted) hit = d;
    if (!hit) return null;
    const office = matchUnit([...units.values()], 'Văn phòng Đảng ủy');
    if (!office || office.emails.length === 0) return null;
    const pending = rows.filter((r) => r.scheduleKind === 'unknown' || (r.scheduleKind === 'relative' && !r.dueDate));
    if (pending.length === 0) return null;
    const subject = `[dondoc] ${office.name}: ${pending.length} nhiệm vụ cần xác định thời hạn`;
    const items = pending.map((r) => ({ ref: r.ref ?? `#${r.id}`, excerpt: excerpt(r.text), ownerName: units.get(r.leadUnitId)?.name ?? '', reason: r.scheduleKind === 'relative' ? 'chưa có ngày của sự kiện' : r.deadlineRaw ? `không đọc được "${r.deadlineRaw}"` : 'văn bản không ghi thời hạn', link: `${this.config.publicUrl}/api/tasks/${r.id}` }));
    const data = { subject, unitName: office.name, dateVi: formatVi(to), items };
    return {
      msg: { unit: office.name, unitId: office.id, to: office.emails, cc: [], subject, items: pending.map((r) => ({ taskId: r.id, ref: r.ref, rule: 'needs_deadline', due: '' })) },
      outbox: {
        committeeId,
        idempotencyKey: `office-deadlines:${committeeId}:${hit}`,
        kind: 'office_deadlines',
        unitId: office.id,
        forDate: to,
        to: office.emails,
        cc: [],
        subject,
        html: render('office-deadlines', 'html', data),
        text: render('office-deadlines', 'txt', data),
        items: pending.map((r) => ({ taskId: r.id, ref: r.ref, rule: 'needs_deadline', due: '', key: `needs_deadline:${r.id}` })),
      },
      items: [] as PlannedItem[],
    };
  }

  /**
   * Writes the planned messages and their item logs in one transaction. A message whose key
   * exists already (a rerun, a second instance) is skipped whole, with its items.
   */
  private async write(committeeId: number, planned: { outbox: Partial<OutboxMessage>; items: PlannedItem[] }[]): Promise<number> {
    const now = this.clock.now().toISOString();
    return this.db.write(async (m) => {
      let written = 0;
      for (const p of planned) {
        if (await m.exists(OutboxMessage, { where: { idempotencyKey: p.outbox.idempotencyKey } })) continue;
        await m
          .createQueryBuilder()
          .insert()
          .into(OutboxMessage)
          .values({ ...p.outbox, status: 'pending', attempts: 0, nextAttemptAt: now, ambiguous: 0 })
          .orIgnore()
          .execute();
        const existing = await m.findOneOrFail(OutboxMessage, { select: { id: true }, where: { idempotencyKey: p.outbox.idempotencyKey } });
        written++;
        const logs = p.items.map((it) => ({ itemKey: it.key, committeeId, taskId: it.taskId, unitId: it.unitId, outboxId: existing.id, rule: it.rule, due: it.due, day: it.day }));
        for (let i = 0; i < logs.length; i += 500) await m.createQueryBuilder().insert().into(ReminderLog).values(logs.slice(i, i + 500)).orIgnore().execute();
      }
      return written;
    });
  }

  private param(i: number): string {
    return this.db.dataSource.options.type === 'postgres' ? `$${i}` : '?';
  }
}

function excerpt(text: string, max = 220): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

function dueNote(it: PlannedItem, today: LocalDate): string {
  const left = diffDays(today, it.due);
  if (it.rule === 'report_overdue' || it.rule === 'overdue') return `quá hạn ${-left} ngày`;
  if (left === 0) return 'đến hạn hôm nay';
  return `còn ${left} ngày`;
}

function localDay(createdAt: string | Date, timeZone: string): LocalDate {
  // SQLite returns 'YYYY-MM-DD HH:MM:SS' in UTC.
  const d = createdAt instanceof Date ? createdAt : new Date(String(createdAt).replace(' ', 'T') + (String(createdAt).endsWith('Z') ? '' : 'Z'));
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}
