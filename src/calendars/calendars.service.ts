import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import ical, { ICalCalendarMethod } from 'ical-generator';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { notFound } from '../common/errors';
import { CommitteeSettingsService } from '../committees/committee-settings.service';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { Db } from '../database/db.service';
import { Unit } from '../units/unit.entity';
import { FeedTask, feedEvents } from './feed';

/**
 * A private iCalendar feed per unit (its due dates and report deadlines), behind a signed
 * token the office or the unit issues and can revoke, for Outlook, Google Calendar or a phone.
 */
@Injectable()
export class CalendarsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly settings: CommitteeSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Issues a new link; any earlier one stops working. The office, or the unit itself. */
  issue(p: Principal, unitId: number): Promise<{ url: string }> {
    return this.db.write(async (m) => {
      const unit = await this.unitFor(m, p, unitId);
      const before = unit.calendarVersion;
      unit.calendarVersion = Math.abs(before) + 1;
      await m.save(unit);
      await this.audit.record(m, p, 'unit', unit.id, 'calendar_link', { calendarVersion: before }, { calendarVersion: unit.calendarVersion });
      return { url: this.urlOf(unit) };
    });
  }

  /** Revokes the unit's link (a new one can be issued later). */
  revoke(p: Principal, unitId: number): Promise<{ revoked: boolean }> {
    return this.db.write(async (m) => {
      const unit = await this.unitFor(m, p, unitId);
      const before = unit.calendarVersion;
      if (before <= 0) return { revoked: false };
      unit.calendarVersion = -(before + 1);
      await m.save(unit);
      await this.audit.record(m, p, 'unit', unit.id, 'calendar_revoke', { calendarVersion: before }, { calendarVersion: unit.calendarVersion });
      return { revoked: true };
    });
  }

  /** The unit's current link, if one is live (the unit page shows it). */
  async currentUrl(committeeId: number, unitId: number): Promise<string | null> {
    const unit = await this.db.manager.findOneBy(Unit, { id: unitId, committeeId });
    return unit && unit.calendarVersion > 0 ? this.urlOf(unit) : null;
  }

  /** The feed for a token; 404 (in Vietnamese) for a forged, revoked or superseded one. */
  async feed(token: string): Promise<{ ics: string; unit: string }> {
    const claim = this.auth.verifyCalendarToken(token);
    const unit = claim ? await this.db.manager.findOneBy(Unit, { id: claim.unitId, committeeId: claim.committeeId }) : null;
    if (!claim || !unit || !unit.active || unit.calendarVersion !== claim.version)
      throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: 'Đường dẫn lịch không đúng hoặc đã bị thu hồi' });
    const params = { committeeId: unit.committeeId, unitId: unit.id };
    const tasks = await this.db.query<FeedTask>(
      `SELECT t.id, t.ref, t.text, t.status, t."scheduleKind", t."startDate", t."dueDate", t.every, t."periodDay",
              p."reportPeriod", p."issuedDate" AS since
         FROM tasks t JOIN programs p ON p.id = t."programId"
        WHERE t."committeeId" = :committeeId AND t."leadUnitId" = :unitId
        ORDER BY t.id`,
      params,
    );
    const reported = new Set(
      (
        await this.db.query<{ taskId: number; periodKey: string }>(
          `SELECT r."taskId", r."periodKey" FROM task_reports r JOIN tasks t ON t.id = r."taskId"
            WHERE r."committeeId" = :committeeId AND t."leadUnitId" = :unitId`,
          params,
        )
      ).map((r) => `${r.taskId}:${r.periodKey}`),
    );
    const today = await this.settings.today(unit.committeeId);
    const host = new URL(this.config.publicUrl).hostname || 'dondoc';
    const events = feedEvents(tasks, reported, today, this.config.publicUrl, host);
    const cal = ical({
      name: `dondoc — ${unit.name}`,
      description: `Hạn nhiệm vụ và hạn báo cáo định kỳ của ${unit.name}`,
      prodId: { company: 'dondoc', product: 'dondoc', language: 'VI' },
      method: ICalCalendarMethod.PUBLISH,
      ttl: 3600,
    });
    const stamp = this.clock.now();
    for (const e of events) {
      const [y, mo, d] = e.date.split('-').map(Number);
      // An all-day event on a calendar day: no instant, so no time zone can move it.
      cal.createEvent({ id: e.uid, start: new Date(y, mo - 1, d, 12), allDay: true, summary: e.summary, description: e.description, url: e.url, stamp });
    }
    return { ics: cal.toString(), unit: unit.name };
  }

  private async unitFor(m: Db['manager'], p: Principal, unitId: number): Promise<Unit> {
    if (p.role !== 'office' && !(p.role === 'unit' && p.unitId === unitId && p.via === 'session'))
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: 'Chỉ Văn phòng hoặc chính đơn vị được tạo đường dẫn lịch của đơn vị' });
    const unit = await m.findOneBy(Unit, { id: unitId, committeeId: p.committeeId });
    if (!unit) throw notFound('đơn vị', unitId);
    return unit;
  }

  private urlOf(unit: Unit): string {
    return `${this.config.publicUrl}/calendar/${this.auth.calendarToken(unit.committeeId, unit.id, unit.calendarVersion)}.ics`;
  }
}
