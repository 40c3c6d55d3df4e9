import type { TaskStatus } from '../tasks/task-status';
import { isOpen, needsDeadline, sql } from '../tasks/task-rules';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { In } from 'typeorm';
import { AuthService } from '../auth/auth.service';
import { Clock } from '../common/clock';
import { Committee } from '../committees/committee.entity';
import { CommitteeSettingsService } from '../committees/committee-settings.service';
import type { EffectiveSettings } from '../committees/settings';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { Db } from '../database/db.service';
import { instant } from '../database/instants';
import { LeaseService } from '../database/lease.service';
import { Setting } from '../database/setting.entity';
import { LocalDate, addDays, diffDays, formatVi, localDateIn, weekday } from '../deadlines/calendar';
import { periodLabel } from '../deadlines/occurrences';
import { Period, Schedule, decodePeriodDay, schedule } from '../deadlines/schedule';
import { OutboxMessage, enqueue } from '../mail/outbox.entity';
import { Unit } from '../units/unit.entity';
import { unitOfKind } from '../units/unit-match';
import { ReminderLog } from './reminder-log.entity';
import { readIndicators } from '../targets/indicators';
import { goalText, termOf } from '../targets/results';
import { PlannedItem, ReminderRules, SweepTask, groupOf, planAlerts, planReminders, programRules, targetResultReminder } from './rules';

export interface PlannedMessage {
  unit: string;
  unitId: number;
  to: string[];
  cc: string[];
  subject: string;
  items: { taskId: number; ref: string | null; rule: string; due: LocalDate }[];
  /** Why the message cannot go to its unit (it is held until the unit has an email address). */
  undeliverable?: string;
}

export interface SweepOptions {
  /** A manual sweep of that one day. */
  date?: LocalDate;
  /** The scheduled sweep's last day, or how to find it in a committee's time zone. */
  upTo?: LocalDate | ((timeZone: string) => LocalDate);
  dryRun?: boolean;
}

export interface SweepResult {
  committeeId: number;
  date: LocalDate;
  /** The sweep covered the days after `from` up to `date`. */
  from: LocalDate;
  dryRun: boolean;
  messages: PlannedMessage[];
  written: number;
  skipped?: string;
}

/** A task as the sweep holds it. */
interface SweepRow extends SweepTask {
  version: number;
  /** Loaded only for the tasks that get a message (texts of 100,000 tasks need not sit in memory). */
  text?: string;
  deadlineRaw?: string | null;
}

interface TaskRow {
  id: number;
  programId: number;
  ref: string | null;
  scheduleKind: Schedule['kind'];
  startDate: string | null;
  dueDate: string | null;
  every: Period | null;
  periodDay: string | null;
  status: TaskStatus;
  leadUnitId: number;
  version: number;
  createdAt: string | Date;
  lastProgressOn: LocalDate | null;
  reportPeriod: Period;
  programNumber: string | null;
  programIssued: string | null;
}

interface TargetRow {
  id: number;
  programId: number;
  ref: string | null;
  text: string;
  unitId: number | null;
  number: string | null;
  title: string;
  termStart: number | null;
  termEnd: number | null;
  issuedDate: string | null;
  createdAt: string | Date;
}

/** Open tasks read per statement: a slice's rows are planned and dropped before the next is read. */
const SWEEP_SLICE = 10_000;
/** Tasks the office's weekly letter lists by name; beyond, it gives the count and the list page. */
export const OFFICE_DIGEST_LIST = 200;

const LAST_SWEEP = (committeeId: number) => `reminders.lastSweepDay:${committeeId}`;

const GROUPS = {
  overdue: { title: 'Nhiệm vụ quá hạn', color: '#b00020' },
  due_soon: { title: 'Nhiệm vụ sắp đến hạn', color: '#8a5a00' },
  reports: { title: 'Báo cáo định kỳ cần nộp', color: '#1a4f8a' },
  alerts: { title: 'Chưa triển khai, chưa cập nhật tiến độ', color: '#5a4a8a' },
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
    private readonly settings: CommitteeSettingsService,
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
  async run(opts: SweepOptions = {}): Promise<SweepResult[]> {
    const committees = await this.db.manager.find(Committee, { order: { id: 'ASC' } });
    const out: SweepResult[] = [];
    for (const c of committees) out.push(await this.runFor(c.id, opts));
    return out;
  }

  async runFor(committeeId: number, opts: SweepOptions): Promise<SweepResult> {
    const dryRun = !!opts.dryRun;
    const settings = await this.settings.effective(committeeId);
    const upTo = typeof opts.upTo === 'function' ? opts.upTo(settings.timeZone) : opts.upTo;
    const to = opts.date ?? upTo ?? localDateIn(this.clock.now(), settings.timeZone);
    let from = addDays(to, -1);
    const leaseName = `sweep:${committeeId}`;
    if (!dryRun && !(await this.leases.acquire(leaseName, 600)))
      return { committeeId, date: to, from, dryRun, messages: [], written: 0, skipped: 'một tiến trình khác đang quét' };
    try {
      // Read under the lease: an instance that just finished has moved the last day on, and
      // reading it before would sweep the same days again.
      if (!opts.date) {
        const last = await this.lastSweepDay(committeeId);
        if (last && last >= to) return { committeeId, date: to, from: last, dryRun, messages: [], written: 0, skipped: 'đã quét' };
        // After downtime: every missed day, but at most a year back.
        if (last) from = last < addDays(to, -366) ? addDays(to, -366) : last;
      }
      const result = await this.sweep(settings, from, to, dryRun);
      if (!dryRun && !opts.date) {
        await this.db.write((m) => m.save(m.create(Setting, { key: LAST_SWEEP(committeeId), value: to })));
      }
      if (!dryRun) this.log.log(`swept ${from}..${to}: ${result.messages.length} messages, ${result.written} written`);
      return result;
    } finally {
      if (!dryRun) await this.leases.release(leaseName);
    }
  }

  /** Each program's rules: the committee's (inherited down the tree), then its own program overrides. */
  private rulesFor(settings: EffectiveSettings, numbers: Map<number, string | null>): (programId: number) => ReminderRules {
    const cache = new Map<number, ReminderRules>();
    return (programId) => {
      let r = cache.get(programId);
      if (!r) {
        r = programRules(settings.reminderRules, settings.reminderOverrides, programId, numbers.get(programId));
        cache.set(programId, r);
      }
      return r;
    };
  }

  private async sweep(settings: EffectiveSettings, from: LocalDate, to: LocalDate, dryRun: boolean): Promise<SweepResult> {
    const committeeId = settings.committeeId;
    const m = this.db.manager;
    const units = new Map((await m.find(Unit, { where: { committeeId } })).map((u) => [u.id, u]));
    // The open tasks are read in slices of the id order and planned slice by slice: only the
    // tasks that get an item (or the office's weekly list) are kept, so a committee of a
    // million tasks is swept in the memory of its reminders, not of its tasks.
    const byId = new Map<number, SweepRow>();
    const reminders: PlannedItem[] = [];
    const alerts: PlannedItem[] = [];
    const office: SweepRow[] = [];
    let officeTotal = 0;
    const officeDay = this.isOfficeDigestDay(from, to);
    const programNumbers = new Map<number, string | null>();
    const rulesFor = this.rulesFor(settings, programNumbers);
    for (let after = 0; ;) {
      const rows: TaskRow[] = await m.query(
        `SELECT t.id, t."programId", t.ref, t."scheduleKind", t."startDate", t."dueDate", t.every, t."periodDay",
                t.status, t."leadUnitId", t.version, t."createdAt", t."lastProgressOn", p."reportPeriod", p.number AS "programNumber", p."issuedDate" AS "programIssued"
           FROM tasks t JOIN programs p ON p.id = t."programId"
          WHERE t."committeeId" = ${this.param(1)} AND t.id > ${this.param(2)} AND ${sql.isOpen('t')} AND t."leadUnitId" IS NOT NULL
          ORDER BY t.id
          LIMIT ${SWEEP_SLICE}`, // whatever plan each process picks, the same messages in the same order
        [committeeId, after],
      );
      if (rows.length === 0) break;
      const first = rows[0].id;
      after = rows[rows.length - 1].id;
      const reports = new Set<string>(
        (
          await m.query(
            `SELECT "taskId", "periodKey" FROM task_reports WHERE "committeeId" = ${this.param(1)} AND "taskId" BETWEEN ${this.param(2)} AND ${this.param(3)}`,
            [committeeId, first, after],
          )
        ).map((r: { taskId: number; periodKey: string }) => `${r.taskId}:${r.periodKey}`),
      );
      const slice = rows.map((r): SweepRow => {
        programNumbers.set(r.programId, r.programNumber);
        return {
          id: r.id,
          unitId: r.leadUnitId,
          programId: r.programId,
          ref: r.ref,
          version: r.version,
          open: isOpen(r) && !!units.get(r.leadUnitId)?.active,
          reportPeriod: r.reportPeriod,
          // Reports are owed from the program's issue date (else from when the task was entered).
          since: r.programIssued ?? localDay(r.createdAt, settings.timeZone),
          schedule: schedule(r.scheduleKind, { start: r.startDate, due: r.dueDate, every: r.every, at: decodePeriodDay(r.periodDay) }),
          status: r.status,
          lastProgress: r.lastProgressOn,
        };
      });
      const sliceReminders = planReminders(slice, from, to, rulesFor, (taskId, key) => reports.has(`${taskId}:${key}`));
      const sliceAlerts = planAlerts(slice, from, to, rulesFor);
      const sliceById = new Map(slice.map((r) => [r.id, r]));
      for (const [list, into] of [
        [sliceReminders, reminders],
        [sliceAlerts, alerts],
      ]) {
        for (const it of list) {
          into.push(it);
          byId.set(it.taskId, sliceById.get(it.taskId)!);
        }
      }
      // The same rule as the list page the letter links to (/tasks?needsDeadline=true).
      for (const [i, r] of officeDay ? slice.entries() : []) {
        if (!r.open || !needsDeadline(rows[i]) || officeTotal++ >= OFFICE_DIGEST_LIST) continue;
        office.push(r);
        byId.set(r.id, r);
      }
      if (rows.length < SWEEP_SLICE) break;
    }
    const items = await this.withoutLogged([...reminders, ...alerts]);
    await this.loadTexts([...items.map((i) => i.taskId), ...office.map((r) => r.id)], byId);

    const byUnit = new Map<number, PlannedItem[]>();
    for (const it of items) {
      const list = byUnit.get(it.unitId);
      if (list) list.push(it);
      else byUnit.set(it.unitId, [it]);
    }
    const coUnits = await this.coordinating(items, rulesFor, byId);

    // Messages are built and written one at a time: with hundreds of units and tens of
    // thousands of items, holding every rendered message at once would cost hundreds of MB.
    const messages: PlannedMessage[] = [];
    let written = 0;
    let batch: { outbox: Partial<OutboxMessage>; items: PlannedItem[] }[] = [];
    const flush = async () => {
      if (batch.length && !dryRun) written += await this.write(committeeId, batch);
      batch = [];
    };
    const emit = async (p: { msg: PlannedMessage; outbox: Partial<OutboxMessage>; items: PlannedItem[] } | null) => {
      if (!p) return;
      messages.push(p.msg);
      batch.push(p);
      if (batch.length >= 50) await flush();
    };
    const officeUnit = unitOfKind([...units.values()], 'office');
    for (const [unitId, list] of byUnit) {
      const unit = units.get(unitId);
      if (!unit) continue;
      const cc = [...new Set(list.flatMap((it) => coUnits.get(it.taskId) ?? []).flatMap((id) => (id === unitId ? [] : (units.get(id)?.emails ?? []))))].filter(
        (e) => !unit.emails.includes(e),
      );
      if (unit.emails.length === 0) {
        // Nobody to send it to: the message is written and held (it goes out, once, when the
        // unit gets an address), its items are logged as reminded, and the office gets a copy
        // the same day to pass on by phone.
        const reason = `${unit.name} chưa có địa chỉ email`;
        const held = this.buildMessage(committeeId, unit, list, byId, to, cc, reason);
        await emit(held);
        if (officeUnit && officeUnit.emails.length && officeUnit.id !== unit.id) await emit(this.forward(committeeId, held, officeUnit, unit, to));
        else this.log.warn(`${reason}, and no office unit with an email to pass ${list.length} reminder(s) on`);
        continue;
      }
      await emit(this.buildMessage(committeeId, unit, list, byId, to, cc));
    }
    await emit(this.officeDigest(committeeId, office, officeTotal, units, to));
    for (const msg of await this.targetMessages(committeeId, units, programNumbers, rulesFor, from, to)) await emit(msg);
    await flush();
    return { committeeId, date: to, from, dryRun, messages, written };
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

  private async coordinating(items: PlannedItem[], rulesFor: (p: number) => ReminderRules, byId: Map<number, SweepRow>): Promise<Map<number, number[]>> {
    const ids = items.filter((i) => groupOf(i.rule) !== 'reports' && rulesFor(byId.get(i.taskId)!.programId).ccCoordinating).map((i) => i.taskId);
    const out = new Map<number, number[]>();
    for (let i = 0; i < ids.length; i += 5000) {
      const chunk = ids.slice(i, i + 5000);
      const rows: { taskId: number; unitId: number }[] = await this.db.manager.query(
        `SELECT "taskId", "unitId" FROM task_co_units WHERE "taskId" IN (${chunk.map((_, k) => this.param(k + 1)).join(',')})`,
        chunk,
      );
      for (const r of rows) {
        const list = out.get(r.taskId);
        if (list) list.push(r.unitId);
        else out.set(r.taskId, [r.unitId]);
      }
    }
    return out;
  }

  private buildMessage(
    committeeId: number,
    unit: Unit,
    list: PlannedItem[],
    byId: Map<number, SweepRow>,
    date: LocalDate,
    cc: string[],
    undeliverable?: string,
  ) {
    const order = { overdue: 0, due_soon: 1, reports: 2, alerts: 3 } as const;
    list.sort(
      (a, b) =>
        order[groupOf(a.rule)] - order[groupOf(b.rule)] ||
        (a.due < b.due ? -1 : a.due > b.due ? 1 : 0) ||
        (byId.get(a.taskId)!.ref ?? '').localeCompare(byId.get(b.taskId)!.ref ?? ''),
    );
    const view = list.map((it) => {
      const t = byId.get(it.taskId)!;
      const report = groupOf(it.rule) === 'reports';
      const token = this.auth.linkToken(committeeId, unit.id, t.id, t.version);
      return {
        group: groupOf(it.rule),
        ref: t.ref ?? `#${t.id}`,
        excerpt: excerpt(t.text ?? ''),
        deadlineRaw: t.deadlineRaw ?? 'chưa có',
        dueVi: formatVi(it.due),
        dueLabel: report ? `kỳ ${periodLabel(it.period?.key ?? '')} kết thúc` : 'hạn',
        note:
          it.missing && it.missing.length > 1
            ? `${dueNote(it, date)}; còn thiếu báo cáo ${it.missing.map((p) => periodLabel(p.key)).join(', ')}`
            : dueNote(it, date),
        link: `${this.config.publicUrl}/r/${token}${report && it.period ? `?period=${it.period.key}` : ''}`,
        linkLabel: report ? `Nộp báo cáo ${periodLabel(it.period?.key ?? '')}` : 'Báo cáo tiến độ hoặc hoàn thành',
      };
    });
    const counts = { overdue: 0, due_soon: 0, reports: 0, alerts: 0 };
    for (const v of view) counts[v.group]++;
    const parts = [
      counts.overdue && `${counts.overdue} nhiệm vụ quá hạn`,
      counts.due_soon && `${counts.due_soon} sắp đến hạn`,
      counts.reports && `${counts.reports} báo cáo định kỳ`,
      counts.alerts && `${counts.alerts} chưa triển khai/cập nhật`,
    ].filter(Boolean);
    const subject = `[dondoc] ${unit.name}: ${parts.join(', ')}`;
    const groups = (Object.keys(GROUPS) as (keyof typeof GROUPS)[])
      .map((g) => ({ ...GROUPS[g], items: view.filter((v) => v.group === g) }))
      .filter((g) => g.items.length > 0);
    const data = { subject, unitName: unit.name, dateVi: formatVi(date), groups, linkDays: this.config.auth.linkTtlDays };
    const key = `reminder:${committeeId}:${unit.id}:${date}`;
    const items = list.map((it) => ({ taskId: it.taskId, ref: byId.get(it.taskId)!.ref, rule: it.rule, due: it.due }));
    return {
      msg: { unit: unit.name, unitId: unit.id, to: unit.emails, cc, subject, items, ...(undeliverable ? { undeliverable } : {}) },
      outbox: {
        committeeId,
        idempotencyKey: key,
        kind: 'reminder',
        unitId: unit.id,
        forDate: date,
        to: unit.emails,
        cc,
        subject,
        template: 'reminder',
        data,
        items: list.map((it) => ({ taskId: it.taskId, ref: byId.get(it.taskId)!.ref, rule: it.rule, due: it.due, key: it.key })),
        ...(undeliverable ? { status: 'held' as const, lastError: undeliverable } : {}),
      },
      items: list,
    };
  }

  /** The office's copy of a reminder its unit cannot receive ("chuyển Văn phòng nhắc"). */
  private forward(committeeId: number, held: ReturnType<SweepService['buildMessage']>, office: Unit, unit: Unit, date: LocalDate) {
    const subject = `[dondoc] Chuyển Văn phòng nhắc: ${unit.name} chưa có email — ${held.msg.subject.replace(/^\[dondoc\] [^:]*: /, '')}`;
    const data = { ...(held.outbox.data as object), subject, unitName: office.name, forwardedFor: unit.name };
    return {
      msg: { unit: office.name, unitId: office.id, to: office.emails, cc: [], subject, items: held.msg.items },
      outbox: {
        committeeId,
        idempotencyKey: `forward:${committeeId}:${unit.id}:${date}`,
        kind: 'forward',
        unitId: office.id,
        forDate: date,
        to: office.emails,
        cc: [],
        subject,
        template: 'reminder',
        data,
        items: held.outbox.items,
      },
      // The items are logged with the held message: this copy logs none.
      items: [] as PlannedItem[],
    };
  }

  /** The open tasks whose deadline could not be read, when the office's weekly day falls in (from, to]. */
  /** The office's weekly list of tasks without a readable deadline goes out when (from, to] holds its weekday. */
  private isOfficeDigestDay(from: LocalDate, to: LocalDate): boolean {
    const weekdayWanted = this.config.reminders.sweep.officeDigestWeekday;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (weekday(d) === weekdayWanted) return true;
    return false;
  }

  private async loadTexts(ids: number[], byId: Map<number, SweepRow>): Promise<void> {
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 5000) {
      const chunk = unique.slice(i, i + 5000);
      const rows: { id: number; text: string; deadlineRaw: string | null }[] = await this.db.manager.query(
        `SELECT id, text, "deadlineRaw" FROM tasks WHERE id IN (${chunk.map((_, k) => this.param(k + 1)).join(',')})`,
        chunk,
      );
      for (const r of rows) Object.assign(byId.get(r.id)!, { text: r.text, deadlineRaw: r.deadlineRaw });
    }
  }

  /**
   * Weekly, to the office: open tasks whose deadline could not be read (they are never
   * reminded). `pending` lists the first OFFICE_DIGEST_LIST of `total`; the rest are named by
   * count with a link to the list page — a letter of thousands of rows helps nobody.
   */
  private officeDigest(committeeId: number, pending: SweepRow[], total: number, units: Map<number, Unit>, to: LocalDate) {
    if (pending.length === 0) return null;
    const office = unitOfKind([...units.values()], 'office');
    if (!office || office.emails.length === 0) return null;
    const hit = to;
    const subject = `[dondoc] ${office.name}: ${total} nhiệm vụ cần xác định thời hạn`;
    const items = pending.map((r) => ({
      ref: r.ref ?? `#${r.id}`,
      excerpt: excerpt(r.text ?? ''),
      ownerName: units.get(r.unitId)?.name ?? '',
      reason: r.schedule.kind === 'relative' ? 'chưa có ngày của sự kiện' : r.deadlineRaw ? `không đọc được "${r.deadlineRaw}"` : 'văn bản không ghi thời hạn',
      link: `${this.config.publicUrl}/tasks/${r.id}`,
    }));
    const more = total - pending.length;
    const data = { subject, unitName: office.name, dateVi: formatVi(to), items, more, listLink: `${this.config.publicUrl}/tasks?needsDeadline=true` };
    return {
      msg: {
        unit: office.name,
        unitId: office.id,
        to: office.emails,
        cc: [],
        subject,
        items: pending.map((r) => ({ taskId: r.id, ref: r.ref, rule: 'needs_deadline', due: '' })),
      },
      outbox: {
        committeeId,
        idempotencyKey: `office-deadlines:${committeeId}:${hit}`,
        kind: 'office_deadlines',
        unitId: office.id,
        forDate: to,
        to: office.emails,
        cc: [],
        subject,
        template: 'office-deadlines',
        data,
        items: pending.map((r) => ({ taskId: r.id, ref: r.ref, rule: 'needs_deadline', due: '', key: `needs_deadline:${r.id}` })),
      },
      items: [] as PlannedItem[],
    };
  }

  /**
   * Chỉ tiêu whose value for an ended year of the term is still missing: one message per
   * responsible unit (the target's lead unit, else the office) on the days the rules say
   * (`targetResultDays` after the year, then every `targetOverdueEveryDays`). The key carries
   * the day, so a rerun plans nothing twice.
   */
  private async targetMessages(
    committeeId: number,
    units: Map<number, Unit>,
    programNumbers: Map<number, string | null>,
    rulesFor: (programId: number) => ReminderRules,
    from: LocalDate,
    to: LocalDate,
  ) {
    const rows: TargetRow[] = await this.db.manager.query(
      `SELECT tg.id, tg."programId", tg.ref, tg.text, tg."unitId", p.number, p.title, p."termStart", p."termEnd", p."issuedDate", p."createdAt"
         FROM targets tg JOIN programs p ON p.id = tg."programId"
        WHERE p."committeeId" = ${this.param(1)}
        ORDER BY tg."programId", tg.position, tg.id`,
      [committeeId],
    );
    if (rows.length === 0) return [];
    const recorded = new Set(
      (
        await this.db.manager.query(`SELECT "targetId", indicator, year FROM target_results WHERE "committeeId" = ${this.param(1)} AND period = 'year'`, [
          committeeId,
        ])
      ).map((r: { targetId: number; indicator: number; year: number }) => `${r.targetId}:${r.indicator}:${r.year}`),
    );
    const office = unitOfKind([...units.values()], 'office');
    const lastEnded = Number(to.slice(0, 4)) - 1;
    const byUnit = new Map<number, { row: TargetRow; label: string; goal: string; year: number; due: LocalDate; day: LocalDate }[]>();
    for (const row of rows) {
      if (!programNumbers.has(row.programId)) programNumbers.set(row.programId, row.number);
      const rules = rulesFor(row.programId);
      const term = termOf(row);
      const lead = row.unitId !== null ? units.get(row.unitId) : undefined;
      const unit = lead?.active ? lead : office;
      if (!unit) continue;
      readIndicators(row.text).forEach((ind, i) => {
        if (ind.kind === 'unknown') return;
        for (let year = term.start; year <= Math.min(term.end, lastEnded); year++) {
          if (recorded.has(`${row.id}:${i}:${year}`)) continue;
          const hit = targetResultReminder(year, rules, from, to);
          if (!hit) continue;
          const list = byUnit.get(unit.id) ?? [];
          list.push({ row, label: ind.label, goal: goalText(ind), year, due: hit.due, day: hit.day });
          byUnit.set(unit.id, list);
        }
      });
    }
    const out = [];
    for (const [unitId, list] of byUnit) {
      const unit = units.get(unitId)!;
      // A unit without an address: the office gets it to pass on; with no office address either, it is held.
      const via = unit.emails.length === 0 && office && office.emails.length > 0 ? office : unit;
      const subject = `[dondoc] ${unit.name}: ${list.length} số liệu chỉ tiêu chưa cập nhật`;
      const programs = [...new Set(list.map((x) => x.row.programId))].map((pid) => {
        const items = list.filter((x) => x.row.programId === pid);
        return {
          title: items[0].row.title,
          link: `${this.config.publicUrl}/programs/${pid}/targets`,
          items: items.map((x) => ({
            ref: x.row.ref ?? `#${x.row.id}`,
            label: x.label,
            goal: x.goal,
            year: x.year,
            dueVi: formatVi(x.due),
            note: x.due < to ? `quá hạn ${diffDays(x.due, to)} ngày` : 'đến hạn hôm nay',
          })),
        };
      });
      const data = { subject, unitName: via.name, forwardedFor: via.id !== unit.id ? unit.name : null, dateVi: formatVi(to), programs };
      out.push({
        msg: { unit: via.name, unitId: via.id, to: via.emails, cc: [], subject, items: [] },
        outbox: {
          committeeId,
          idempotencyKey: `target-results:${committeeId}:${unit.id}:${to}`,
          kind: 'target_results',
          unitId: via.id,
          forDate: to,
          to: via.emails,
          cc: [],
          subject,
          template: 'target-results',
          data,
          items: [],
          ...(via.emails.length === 0 ? { status: 'held' as const, lastError: `${unit.name} chưa có địa chỉ email` } : {}),
        },
        items: [] as PlannedItem[],
      });
    }
    return out;
  }

  /**
   * Writes a batch of messages and their item logs in one transaction. A message whose key
   * exists already (a rerun, a second instance) is skipped with its items. Returns how many
   * messages were written.
   */
  private async write(committeeId: number, batch: { outbox: Partial<OutboxMessage>; items: PlannedItem[] }[]): Promise<number> {
    const now = this.clock.now().toISOString();
    return this.db.write(async (m) => {
      let written = 0;
      for (const p of batch) {
        const id = await enqueue(m, p.outbox, now);
        if (id === null) continue;
        written++;
        // Item logs in multi-row inserts: tens of thousands of rows in a few statements.
        for (let i = 0; i < p.items.length; i += 400) {
          const chunk = p.items.slice(i, i + 400);
          const params = chunk.flatMap((it) => [it.key, committeeId, it.taskId, it.unitId, id, it.rule, it.due, it.day]);
          const tuples = chunk.map((_, r) => `(${Array.from({ length: 8 }, (_, c) => this.param(r * 8 + c + 1)).join(', ')})`).join(', ');
          await m.query(
            `INSERT INTO reminder_log ("itemKey", "committeeId", "taskId", "unitId", "outboxId", rule, due, day) VALUES ${tuples} ON CONFLICT ("itemKey") DO NOTHING`,
            params,
          );
        }
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
  if (it.rule === 'not_started') return 'đã đến thời gian thực hiện nhưng chưa triển khai (chưa báo cáo tiến độ)';
  if (it.rule === 'no_update') return `đã lâu chưa cập nhật tiến độ (hạn còn ${diffDays(today, it.due)} ngày)`;
  const left = diffDays(today, it.due);
  if (it.rule === 'report_overdue' || it.rule === 'overdue') return `quá hạn ${-left} ngày`;
  if (left === 0) return 'đến hạn hôm nay';
  return `còn ${left} ngày`;
}

/** A task's creation day in the committee's zone. */
function localDay(createdAt: string | Date, timeZone: string): LocalDate {
  return localDateIn(instant(createdAt), timeZone);
}
