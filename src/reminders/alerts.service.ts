import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { CommitteeSettingsService } from '../committees/committee-settings.service';
import { Db } from '../database/db.service';
import { instant } from '../database/instants';
import { addDays, localDateIn, type LocalDate } from '../deadlines/calendar';
import { decodePeriodDay, schedule, type Period, type ScheduleKind } from '../deadlines/schedule';
import { DEADLINE_KINDS, OPEN_STATUSES, sqlList } from '../tasks/task-rules';
import type { TaskStatus } from '../tasks/task-status';
import { TaskView, TasksService } from '../tasks/tasks.service';
import { NO_UPDATE_HORIZON_DAYS, SweepTask, alertOf, silentSince, windowStart } from './rules';

interface Row {
  id: number;
  programId: number;
  leadUnitId: number;
  status: TaskStatus;
  scheduleKind: ScheduleKind;
  startDate: LocalDate | null;
  dueDate: LocalDate | null;
  every: Period | null;
  periodDay: string | null;
  lastProgressOn: LocalDate | null;
  createdAt: string | Date;
  issuedDate: LocalDate | null;
}

export interface Alerts {
  notStarted: (TaskView & { since: LocalDate })[];
  notStartedTotal: number;
  noUpdate: (TaskView & { since: LocalDate })[];
  noUpdateTotal: number;
  rules: { notStartedDays: number; noUpdateDays: number };
}

/**
 * The dashboard's "chưa triển khai" and "không cập nhật" lists, by the same rule the daily
 * sweep reminds with (reminders/rules.ts alertOf), with the committee's rules.
 */
@Injectable()
export class AlertsService {
  constructor(
    private readonly db: Db,
    private readonly tasks: TasksService,
    private readonly settings: CommitteeSettingsService,
  ) {}

  async forDashboard(p: Principal, limit = 10): Promise<Alerts> {
    const s = await this.settings.effective(p.committeeId);
    const rules = s.reminderRules;
    const today = await this.settings.today(p.committeeId);
    const out: Alerts = {
      notStarted: [],
      notStartedTotal: 0,
      noUpdate: [],
      noUpdateTotal: 0,
      rules: { notStartedDays: rules.notStartedDays, noUpdateDays: rules.noUpdateDays },
    };
    if (rules.notStartedDays <= 0 && rules.noUpdateDays <= 0) return out;
    // SQL narrows to the candidates (a window open long enough, a due date far enough, silence
    // long enough); the rule itself decides, in code, as the sweep does.
    const cut1 = addDays(today, -Math.max(rules.notStartedDays, 0));
    const cut2 = addDays(today, -Math.max(rules.noUpdateDays, 0));
    const rows = await this.db.query<Row>(
      `SELECT t.id, t."programId", t."leadUnitId", t.status, t."scheduleKind", t."startDate", t."dueDate", t.every, t."periodDay",
              t."lastProgressOn", t."createdAt", p."issuedDate"
         FROM tasks t JOIN programs p ON p.id = t."programId"
        WHERE t."committeeId" = :committeeId AND t."leadUnitId" IS NOT NULL AND t.status IN ${sqlList(OPEN_STATUSES)}
          AND (
            (:notStarted = 1 AND t.status = 'not_started' AND t."scheduleKind" IN ${sqlList(DEADLINE_KINDS)} AND t."dueDate" >= :today
              AND COALESCE(t."startDate", p."issuedDate", :cut1) <= :cut1)
            OR (:noUpdate = 1 AND t."scheduleKind" IN ${sqlList(DEADLINE_KINDS)} AND t."dueDate" > :horizon
                AND (t."lastProgressOn" IS NULL OR t."lastProgressOn" <= :cut2)))
        ORDER BY t.id`,
      {
        committeeId: p.committeeId,
        notStarted: rules.notStartedDays > 0 ? 1 : 0,
        noUpdate: rules.noUpdateDays > 0 ? 1 : 0,
        today,
        cut1,
        cut2,
        horizon: addDays(today, NO_UPDATE_HORIZON_DAYS),
      },
    );
    const found: { id: number; since: LocalDate; alert: 'not_started' | 'no_update' }[] = [];
    for (const r of rows) {
      const t: SweepTask = {
        id: r.id,
        unitId: r.leadUnitId,
        programId: r.programId,
        ref: null,
        open: true,
        reportPeriod: 'quarter',
        since: r.issuedDate ?? localDateIn(instant(r.createdAt), s.timeZone),
        schedule: schedule(r.scheduleKind, { start: r.startDate, due: r.dueDate, every: r.every, at: decodePeriodDay(r.periodDay) }),
        status: r.status,
        lastProgress: r.lastProgressOn,
      };
      const alert = alertOf(t, rules, today);
      if (alert) found.push({ id: r.id, alert, since: alert === 'not_started' ? windowStart(t) : silentSince(t) });
    }
    // The longest waiting first.
    found.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.id - b.id));
    for (const kind of ['not_started', 'no_update'] as const) {
      const list = found.filter((f) => f.alert === kind);
      const views = await Promise.all(list.slice(0, limit).map(async (f) => ({ ...(await this.tasks.get(p, f.id)), since: f.since })));
      if (kind === 'not_started') Object.assign(out, { notStarted: views, notStartedTotal: list.length });
      else Object.assign(out, { noUpdate: views, noUpdateTotal: list.length });
    }
    return out;
  }
}
