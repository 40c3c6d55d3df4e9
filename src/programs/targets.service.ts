import { ForbiddenException, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/errors';
import { CommitteeSettingsService } from '../committees/committee-settings.service';
import { Db } from '../database/db.service';
import { indicatorView, readIndicators, type Indicator, type ReadIndicator } from '../targets/indicators';
import { projection, termOf, yearStatus, type Projection, type ResultStatus, type Term, type YearValue } from '../targets/results';
import { Unit } from '../units/unit.entity';
import { AssignTargetDto, CreateTargetDto, TargetResultDto } from './dto/target.dto';
import { Program } from './program.entity';
import { TargetResult } from './target-result.entity';
import { Target } from './target.entity';

/** One year's value of one indicator, as `GET /api/programs/:id/targets` lists it. */
export interface YearResult {
  year: number;
  indicator: number;
  value: number | boolean | null;
  status: ResultStatus;
}

export interface TargetView {
  id: number;
  ref: string | null;
  text: string;
  unitId: number | null;
  indicators: Indicator[];
  /** Every year of the term up to this one, for every readable indicator. */
  results: YearResult[];
  /** Where each readable indicator is heading at the end of the term. */
  projections: { indicator: number; projection: Projection | null }[];
  /** What was recorded, with its note and source (yearly and six-monthly values). */
  records: {
    year: number;
    period: TargetResult['period'];
    indicator: number;
    value: number | boolean;
    note: string | null;
    source: string | null;
    recordedBy: string;
    recordedAt: string;
  }[];
}

/** The targets of a program with their labels, for pages and reports. */
export interface TargetsReport {
  program: Program;
  term: Term;
  year: number;
  targets: (TargetView & { readings: ReadIndicator[] })[];
}

/**
 * Chỉ tiêu: the indicators read from each target's text, the values the office (or the
 * target's lead unit) records per year, and each year's status and the term's projection.
 */
@Injectable()
export class TargetsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly settings: CommitteeSettingsService,
  ) {}

  async list(committeeId: number, programId: number): Promise<TargetView[]> {
    return (await this.report(committeeId, programId)).targets.map(({ readings: _, ...view }) => view);
  }

  async report(committeeId: number, programId: number): Promise<TargetsReport> {
    const program = await this.db.manager.findOneBy(Program, { committeeId, id: programId });
    if (!program) throw notFound('văn bản', programId);
    const targets = await this.db.manager.find(Target, { where: { programId }, order: { position: 'ASC', id: 'ASC' } });
    const rows = targets.length
      ? await this.db.manager.find(TargetResult, {
          where: { targetId: In(targets.map((t) => t.id)) },
          order: { year: 'ASC', indicator: 'ASC', period: 'DESC', id: 'ASC' },
        })
      : [];
    const year = await this.thisYear(committeeId);
    const term = termOf(program);
    return {
      program,
      term,
      year,
      targets: targets.map((t) =>
        view(
          t,
          rows.filter((r) => r.targetId === t.id),
          term,
          year,
        ),
      ),
    };
  }

  /** The targets of every program that has some (or of one program), for reports. */
  async reports(committeeId: number, programId?: number): Promise<TargetsReport[]> {
    const programs = await this.db.manager.find(Program, {
      where: { committeeId, ...(programId !== undefined ? { id: programId } : {}) },
      select: { id: true },
    });
    if (programs.length === 0) return [];
    const withTargets = await this.db.manager.find(Target, { where: { programId: In(programs.map((p) => p.id)) }, select: { programId: true } });
    const ids = [...new Set(withTargets.map((t) => t.programId))].sort((a, b) => a - b).map((id) => ({ programId: id }));
    const out: TargetsReport[] = [];
    for (const { programId: id } of ids) out.push(await this.report(committeeId, Number(id)));
    return out;
  }

  /** Records (or replaces) one indicator's value for a year; the office, or the target's lead unit. */
  async record(p: Principal, targetId: number, dto: TargetResultDto): Promise<TargetView> {
    return this.db.write(async (m) => {
      const { target, program } = await this.load(m, p.committeeId, targetId);
      if (p.role !== 'office' && !(p.role === 'unit' && p.unitId !== null && target.unitId === p.unitId && p.via === 'session'))
        throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: 'Chỉ Văn phòng hoặc đơn vị chủ trì chỉ tiêu này được ghi kết quả' });
      const indicators = readIndicators(target.text);
      const ind = indicators[dto.indicator];
      if (!ind)
        throw new DomainError(
          `indicator: chỉ tiêu này có ${indicators.length} chỉ số (0–${indicators.length - 1}), không có chỉ số ${dto.indicator}`,
          400,
          'indicator',
        );
      if (ind.kind === 'unknown')
        throw new DomainError(`indicator: chỉ số này chưa đọc được mức cần đạt (${ind.reason}); không ghi được kết quả`, 400, 'indicator');
      const term = termOf(program);
      if (dto.year < term.start || dto.year > term.end)
        throw new DomainError(`year: năm ${dto.year} nằm ngoài nhiệm kỳ ${term.start}–${term.end} của văn bản`, 400, 'year');
      const thisYear = await this.thisYear(p.committeeId);
      if (dto.year > thisYear) throw new DomainError(`year: chưa đến năm ${dto.year}`, 400, 'year');
      const value = valueOf(ind, dto.value);
      const period = dto.period ?? 'year';
      const found = await m.findOneBy(TargetResult, { targetId, indicator: dto.indicator, year: dto.year, period });
      const before = found ? { value: found.value, note: found.note, source: found.source } : null;
      const row = found ?? m.create(TargetResult, { committeeId: p.committeeId, targetId, indicator: dto.indicator, year: dto.year, period });
      Object.assign(row, { value, note: dto.note ?? null, source: dto.source ?? null, recordedBy: p.name, recordedAt: this.clock.now().toISOString() });
      await m.save(row);
      await this.audit.record(m, p, 'target', targetId, 'result', before, {
        indicator: dto.indicator,
        year: dto.year,
        period,
        value,
        note: row.note,
        source: row.source,
      });
      const rows = await m.find(TargetResult, { where: { targetId }, order: { year: 'ASC', indicator: 'ASC', period: 'DESC', id: 'ASC' } });
      return view(target, rows, term, thisYear);
    });
  }

  /** Adds a target to a program by hand (office); imported programs bring theirs. */
  async create(p: Principal, programId: number, dto: CreateTargetDto): Promise<TargetView> {
    return this.db.write(async (m) => {
      const program = await m.findOneBy(Program, { committeeId: p.committeeId, id: programId });
      if (!program) throw notFound('văn bản', programId);
      if (dto.unitId !== undefined && !(await m.findOneBy(Unit, { committeeId: p.committeeId, id: dto.unitId })))
        throw new DomainError(`unitId: không có đơn vị ${dto.unitId}`, 400, 'unitId');
      const last = await m.findOne(Target, { where: { programId }, order: { position: 'DESC' } });
      const target = await m.save(
        m.create(Target, { programId, ref: dto.ref ?? null, text: dto.text, unitId: dto.unitId ?? null, position: (last?.position ?? 0) + 1 }),
      );
      await this.audit.record(m, p, 'target', target.id, 'create', null, { programId, ref: target.ref, text: target.text, unitId: target.unitId });
      return view(target, [], termOf(program), await this.thisYear(p.committeeId));
    });
  }

  /** Sets the lead unit that reports a target's results (office). */
  async assign(p: Principal, targetId: number, dto: AssignTargetDto): Promise<TargetView> {
    return this.db.write(async (m) => {
      const { target, program } = await this.load(m, p.committeeId, targetId);
      if (dto.unitId !== null && !(await m.findOneBy(Unit, { committeeId: p.committeeId, id: dto.unitId })))
        throw new DomainError(`unitId: không có đơn vị ${dto.unitId}`, 400, 'unitId');
      const before = { unitId: target.unitId };
      target.unitId = dto.unitId;
      await m.save(target);
      await this.audit.record(m, p, 'target', targetId, 'assign', before, { unitId: dto.unitId });
      const rows = await m.find(TargetResult, { where: { targetId }, order: { year: 'ASC', indicator: 'ASC', period: 'DESC', id: 'ASC' } });
      return view(target, rows, termOf(program), await this.thisYear(p.committeeId));
    });
  }

  /** The committee's current calendar year: results up to it, none for years to come. */
  private async thisYear(committeeId: number): Promise<number> {
    return Number((await this.settings.today(committeeId)).slice(0, 4));
  }

  private async load(m: Db['manager'], committeeId: number, targetId: number): Promise<{ target: Target; program: Program }> {
    const target = await m.findOneBy(Target, { id: targetId });
    const program = target ? await m.findOneBy(Program, { id: target.programId, committeeId }) : null;
    if (!target || !program) throw notFound('chỉ tiêu', targetId);
    return { target, program };
  }
}

/** The recorded value as the indicator needs it: a finite number, or đạt (1) / không đạt (0). */
function valueOf(ind: Indicator, raw: unknown): number {
  if (ind.kind === 'qualitative') {
    if (raw === true || (typeof raw === 'string' && /^\s*(đạt|dat|true)\s*$/i.test(raw))) return 1;
    if (raw === false || (typeof raw === 'string' && /^\s*(không đạt|khong dat|chưa đạt|chua dat|false)\s*$/i.test(raw))) return 0;
    throw new DomainError('value: chỉ tiêu định tính nhận true (đạt) hoặc false (không đạt)', 400, 'value');
  }
  if (typeof raw !== 'number' || !Number.isFinite(raw))
    throw new DomainError(`value: phải là một số (ví dụ 17.7 hoặc 1200), nhận được ${JSON.stringify(raw)}`, 400, 'value');
  if (raw < 0) throw new DomainError('value: không được âm', 400, 'value');
  if (ind.unit === '%' && ind.baselineYear === null && raw > 100) throw new DomainError('value: tỷ lệ không vượt quá 100%', 400, 'value');
  return raw;
}

function view(t: Target, rows: TargetResult[], term: Term, thisYear: number): TargetView & { readings: ReadIndicator[] } {
  const readings = readIndicators(t.text);
  const results: YearResult[] = [];
  const projections: TargetView['projections'] = [];
  const lastYear = Math.min(term.end, thisYear);
  readings.forEach((ind, i) => {
    if (ind.kind === 'unknown') return;
    const values: YearValue[] = rows
      .filter((r) => r.indicator === i && r.period === 'year')
      .map((r) => ({ year: r.year, value: ind.kind === 'qualitative' ? r.value === 1 : r.value }));
    for (let y = term.start; y <= lastYear; y++) {
      const own = values.find((v) => v.year === y);
      results.push({ year: y, indicator: i, value: own ? own.value : null, status: yearStatus(ind, y, values, term) });
    }
    projections.push({ indicator: i, projection: projection(ind, values, term) });
  });
  return {
    id: t.id,
    ref: t.ref,
    text: t.text,
    unitId: t.unitId,
    indicators: readings.map(indicatorView),
    results,
    projections,
    records: rows.map((r) => ({
      year: r.year,
      period: r.period,
      indicator: r.indicator,
      value: readings[r.indicator]?.kind === 'qualitative' ? r.value === 1 : r.value,
      note: r.note,
      source: r.source,
      recordedBy: r.recordedBy,
      recordedAt: r.recordedAt,
    })),
    readings,
  };
}
