import { Injectable } from '@nestjs/common';
import { createHash } from 'crypto';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { CommitteeSettingsService } from '../committees/committee-settings.service';
import { Committee } from '../committees/committee.entity';
import { Db } from '../database/db.service';
import { Program } from '../programs/program.entity';
import { TargetsService } from '../programs/targets.service';
import type { ProgramTargets } from './exports';
import { type LocalDate } from '../deadlines/calendar';
import { ClosedPeriod } from './closed-period.entity';
import { ComplianceService, type ComplianceSummary } from './compliance.service';
import type { ClosePeriodDto, ReopenPeriodDto } from './dto/compliance.dto';
import { OverdueService } from './overdue.service';
import { periodEnd, periodWindow, type SummaryPeriod } from './periods';

/** What an official báo cáo (Hướng dẫn 36-HD/VPTW) needs beyond the figures, frozen with them. */
export interface ReportHeading {
  /** The committee above ("ĐẢNG BỘ TỈNH QUẢNG NINH"), and the issuing committee ("ĐẢNG ỦY PHƯỜNG MÓNG CÁI 1"). */
  superior: string | null;
  issuer: string;
  /** "Số 12-BC/ĐU". */
  number: string;
  place: string;
  /** The day it was issued (closed). */
  date: LocalDate;
  onBehalf: string;
  signerTitle: string;
  signerName: string | null;
  recipients: string[];
  /** The programs the report covers, by their real titles ("Chương trình hành động số 01-CTr/ĐU …"). */
  programs: string[];
}

export interface FrozenPeriod {
  summary: ComplianceSummary;
  /** What the báo cáo prints beside the figures, frozen with them: the trend and the targets. */
  trend: { label: string; asOf: LocalDate; rate: number | null }[];
  targets: ProgramTargets[];
  overdue: { unit: string; items: { taskId: number; ref: string | null; text: string; due: LocalDate; daysOverdue: number }[] }[];
  heading: ReportHeading;
}

export interface ClosedInfo {
  at: string;
  by: string;
  sha256: string;
  number: string;
}

/**
 * Chốt kỳ báo cáo. The office closes an ended period: its summary (as of the period's last day)
 * and overdue list are frozen as canonical JSON with a SHA-256, and numbered as a báo cáo of
 * the committee for the year. Asking for that period then answers the frozen figures; a
 * reopening (office, with a reason) is audited and lets the next closing freeze anew.
 */
@Injectable()
export class ClosingService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly compliance: ComplianceService,
    private readonly overdue: OverdueService,
    private readonly audit: AuditService,
    private readonly settings: CommitteeSettingsService,
    private readonly targets: TargetsService,
  ) {}

  async close(
    p: Principal,
    dto: ClosePeriodDto,
  ): Promise<{ period: SummaryPeriod; start: LocalDate; end: LocalDate; closedAt: string; sha256: string; number: string }> {
    const w = periodWindow(dto.period, dto.asOf);
    const end = periodEnd(dto.period, w.start);
    const today = await this.settings.today(p.committeeId);
    if (end >= today) throw new DomainError(`period: ${w.label} chưa kết thúc (đến hết ngày ${end}); chỉ chốt kỳ đã qua`, 400, 'period');
    // Figures first (outside the write transaction: a summary reads, it never locks).
    const summary = await this.compliance.summary(p.committeeId, { asOf: end, period: dto.period });
    const trend = await this.compliance.trend(p.committeeId, { asOf: end, period: dto.period });
    // JSON round trip: the frozen copy holds plain values only (no class instances, no Dates).
    const targets = JSON.parse(JSON.stringify(await this.targets.reports(p.committeeId))) as ProgramTargets[];
    const groups = await this.overdue.collect(p.committeeId, end);
    const overdue = groups
      .map((g) => ({ unit: g.unit, items: g.overdue.map((o) => ({ taskId: o.taskId, ref: o.ref, text: o.text, due: o.due, daysOverdue: o.daysOverdue })) }))
      .filter((g) => g.items.length > 0);
    return this.db.write(async (m) => {
      const open = await m.findOneBy(ClosedPeriod, { committeeId: p.committeeId, kind: dto.period, start: w.start, status: 'closed' });
      if (open) throw new DomainError(`period: ${w.label} đã được chốt ngày ${open.closedAt.slice(0, 10)}; mở lại trước khi chốt lại`, 409, 'period');
      const year = Number(today.slice(0, 4));
      const last = await m.findOne(ClosedPeriod, { where: { committeeId: p.committeeId, year }, order: { number: 'DESC' } });
      const number = (last?.number ?? 0) + 1;
      const heading = await this.heading(m, p.committeeId, number, today, dto);
      const frozen: FrozenPeriod = { summary, overdue, heading, trend, targets };
      const content = canonical(frozen);
      const sha256 = createHash('sha256').update(content).digest('hex');
      const row = await m.save(
        m.create(ClosedPeriod, {
          committeeId: p.committeeId,
          kind: dto.period,
          start: w.start,
          end,
          status: 'closed',
          content,
          sha256,
          year,
          number,
          closedAt: this.clock.now().toISOString(),
          closedBy: p.name,
        }),
      );
      await this.audit.record(m, p, 'committee', p.committeeId, 'period_close', null, {
        period: dto.period,
        start: w.start,
        end,
        sha256,
        number: heading.number,
      });
      return { period: dto.period, start: w.start, end, closedAt: row.closedAt, sha256, number: heading.number };
    });
  }

  async reopen(p: Principal, dto: ReopenPeriodDto): Promise<{ period: SummaryPeriod; start: LocalDate; end: LocalDate; reopenedAt: string }> {
    const w = periodWindow(dto.period, dto.asOf);
    return this.db.write(async (m) => {
      const row = await m.findOneBy(ClosedPeriod, { committeeId: p.committeeId, kind: dto.period, start: w.start, status: 'closed' });
      if (!row) throw new DomainError(`period: ${w.label} chưa được chốt`, 409, 'period');
      Object.assign(row, { status: 'reopened', reopenedAt: this.clock.now().toISOString(), reopenedBy: p.name, reopenReason: dto.reason });
      await m.save(row);
      await this.audit.record(
        m,
        p,
        'committee',
        p.committeeId,
        'period_reopen',
        { sha256: row.sha256, number: row.number },
        { period: dto.period, start: w.start },
        dto.reason,
      );
      return { period: dto.period, start: w.start, end: row.end, reopenedAt: row.reopenedAt! };
    });
  }

  /**
   * The frozen figures when the period asked for is closed and the question covers all of it
   * (as of its last day or later, every program); null otherwise.
   */
  async frozen(committeeId: number, period: SummaryPeriod, asOf: LocalDate, programId?: number): Promise<{ frozen: FrozenPeriod; closed: ClosedInfo } | null> {
    if (programId !== undefined) return null;
    const w = periodWindow(period, asOf);
    const row = await this.db.manager.findOneBy(ClosedPeriod, { committeeId, kind: period, start: w.start, status: 'closed' });
    if (!row || asOf < row.end) return null;
    const frozen = JSON.parse(row.content) as FrozenPeriod;
    return { frozen, closed: { at: row.closedAt, by: row.closedBy, sha256: row.sha256, number: frozen.heading.number } };
  }

  private async heading(m: Db['manager'], committeeId: number, number: number, today: LocalDate, dto: ClosePeriodDto): Promise<ReportHeading> {
    const committee = await m.findOneByOrFail(Committee, { id: committeeId });
    const parent = committee.parentId ? await m.findOneBy(Committee, { id: committee.parentId }) : null;
    const programs = (await m.find(Program, { where: { committeeId }, order: { id: 'ASC' } })).map((p) =>
      [PROGRAM_KIND_NAMES[p.kind], p.number ? `số ${p.number}` : null, p.title].filter(Boolean).join(' '),
    );
    const place = dto.place ?? committee.name.replace(/^\s*(Đảng\s+(bộ|ủy|uỷ))\s+(phường|xã|thị trấn|đặc khu)\s+/iu, '').trim();
    return {
      superior: parent ? organOf(parent.name, 'ĐẢNG BỘ') : null,
      issuer: organOf(committee.name, 'ĐẢNG ỦY'),
      number: `Số ${number}-BC/ĐU`,
      place,
      date: today,
      onBehalf: 'T/M BAN THƯỜNG VỤ',
      signerTitle: dto.signerTitle ?? 'BÍ THƯ',
      signerName: dto.signerName ?? null,
      recipients: dto.recipients ?? ['Ban Thường vụ Đảng ủy (b/c)', 'Ủy ban Kiểm tra Đảng ủy', 'Các chi, đảng bộ trực thuộc', 'Lưu Văn phòng Đảng ủy'],
      programs,
    };
  }
}

/**
 * "Đảng bộ phường Móng Cái 1" → "ĐẢNG ỦY PHƯỜNG MÓNG CÁI 1" (the organ that issues); a
 * superior written "Tỉnh ủy Quảng Ninh" → "ĐẢNG BỘ TỈNH QUẢNG NINH".
 */
const PROGRAM_KIND_NAMES: Record<Program['kind'], string> = {
  chuong_trinh_hanh_dong: 'Chương trình hành động',
  ke_hoach: 'Kế hoạch',
  nghi_quyet: 'Nghị quyết',
  ket_luan: 'Kết luận',
  other: '',
};

function organOf(name: string, organ: 'ĐẢNG ỦY' | 'ĐẢNG BỘ'): string {
  const n = name.trim();
  const tail = n.replace(/^\s*(Đảng\s+(bộ|ủy|uỷ)|Tỉnh\s+ủy|Tỉnh\s+uỷ|Thành\s+ủy|Thành\s+uỷ|Huyện\s+ủy|Huyện\s+uỷ)\s+/iu, '');
  const kind = /^\s*Tỉnh\s+u?ỷ|^\s*Tỉnh\s+ủy/iu.test(n)
    ? 'tỉnh '
    : /^\s*Thành\s+(ủy|uỷ)/iu.test(n)
      ? 'thành phố '
      : /^\s*Huyện\s+(ủy|uỷ)/iu.test(n)
        ? 'huyện '
        : '';
  return `${organ} ${kind}${tail}`.toLocaleUpperCase('vi');
}

/** JSON with keys sorted at every level: the same content gives the same bytes, and the same hash. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v as object)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}
