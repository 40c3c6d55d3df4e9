import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { DomainError, notFound } from '../common/errors';
import { CommitteeSettingsService } from '../committees/committee-settings.service';
import { APP_CONFIG, AppConfig, HolidayTable } from '../config/configuration';
import { Db } from '../database/db.service';
import { instant } from '../database/instants';
import { parseClauses } from '../deadlines/find';
import { RowState, rowProblems } from '../documents/extract';
import { ParseContext } from '../deadlines/schedule';
import { Program } from '../programs/program.entity';
import { ProgramsService, assertTerm } from '../programs/programs.service';
import { Target } from '../programs/target.entity';
import { contextFor } from '../tasks/task-schedule';
import { Task } from '../tasks/task.entity';
import { TaskFields, TasksService } from '../tasks/tasks.service';
import { matchUnit } from '../units/unit-match';
import { Unit } from '../units/unit.entity';
import { UnitsService } from '../units/units.service';
import { CommitDto, CreateImportDto, UpdateRowDto } from './dto/import.dto';
import { ReadResult, readDocument, readerLimits } from './reader';
import type { ReadProgress } from './file-text';
import { CommitReport, ImportPreview, ImportProgress, PreviewRow, ProgramMeta } from './import-preview.entity';

export interface UploadedDocument {
  originalname: string;
  buffer: Buffer;
  size: number;
}

export interface PreviewView {
  id: number;
  status: ImportPreview['status'];
  fileName: string;
  fileType: ImportPreview['fileType'];
  program: ProgramMeta;
  tasks: PreviewRow[];
  targets: ImportPreview['targets'];
  warnings: ImportPreview['warnings'];
  summary: {
    tasks: number;
    dropped: number;
    targets: number;
    warnings: number;
    /** Warnings counted by kind (no_owner, no_deadline, low_confidence, proposed …). */
    byCode: Record<string, number>;
    /** Rows the office should look at (the preview's review filter). */
    review: number;
    byOwner: Record<string, number>;
  };
  result: CommitReport | null;
  /** While the file is read (status reading): the stage, and for OCR page k of n. */
  progress: ImportProgress | null;
  /** Why reading failed (status failed). */
  error: string | null;
  /** What the document says of itself; null until read. */
  header: ImportPreview['header'];
}

/**
 * Upload → preview → fixes → commit. The preview is stored, so the office can review it at
 * its own pace; the commit writes the program, its tasks and targets in one transaction.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly db: Db,
    private readonly programs: ProgramsService,
    private readonly tasks: TasksService,
    private readonly units: UnitsService,
    private readonly settings: CommitteeSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Reads an upload into a preview. A file read within `imports.waitSeconds` answers with
   * its preview, and a file that cannot be read answers 400 with nothing written. A longer
   * read (a scan: seconds per page of OCR) becomes a job: the preview row is written with
   * status `reading` and its progress, and ends as `preview`, or `failed` with the reason.
   */
  async preview(
    p: Principal,
    file: UploadedDocument | undefined,
    dto: CreateImportDto,
    onProgress?: (pr: ReadProgress) => void,
    /** Infinity: wait for the whole read (the CLI); otherwise answer with a job after this long. */
    waitSeconds = this.config.imports.waitSeconds,
  ): Promise<PreviewView> {
    if (!file) throw new DomainError('file: cần tải lên một tệp (.txt, .docx, .doc, .pdf, .png, .jpg)', 400, 'file');
    const meta = await this.programMeta(p, dto);
    const units = (await this.units.list(p.committeeId)).map((u) => ({ id: u.id, name: u.name, aliases: u.aliases }));
    const limits = readerLimits(this.config.imports);
    let progress: ImportProgress = { stage: 'text', at: new Date().toISOString() };
    let job: ImportPreview | null = null;
    let saving = Promise.resolve();
    const report = (pr: ReadProgress) => {
      progress = { ...pr, at: new Date().toISOString() };
      onProgress?.(pr);
      // Chained, so the last report is the one stored; a failed write only loses a report.
      if (job) saving = saving.then(() => this.saveProgress(job!.id, progress)).catch(() => undefined);
    };
    const reading = readDocument(
      file.originalname,
      file.buffer,
      { units, context: this.context(meta, null, await this.settings.holidayTable(p.committeeId)), prose: dto.prose === true },
      limits,
      report,
    );
    const waited = await Promise.race([
      reading.then(
        (r) => ({ r }),
        (e: unknown) => ({ e }),
      ),
      ...(Number.isFinite(waitSeconds) ? [new Promise<null>((resolve) => setTimeout(() => resolve(null), waitSeconds * 1000).unref())] : []),
    ]);
    if (waited && 'e' in waited) throw waited.e;
    if (waited) return this.view(await this.db.write((m) => m.save(this.previewOf(p, file, meta, waited.r))));

    job = await this.db.write((m) =>
      m.save(
        m.create(ImportPreview, {
          committeeId: p.committeeId,
          createdById: p.userId,
          createdByName: p.name,
          fileName: file.originalname.slice(0, 255),
          fileType: 'unknown',
          status: 'reading',
          program: meta,
          rows: [],
          targets: [],
          warnings: [],
          result: null,
          progress,
          error: null,
          header: null,
        }),
      ),
    );
    const id = job.id;
    void reading
      .then(async (r) => {
        await saving;
        const done = this.previewOf(p, file, meta, r);
        await this.db.write((m) => m.update(ImportPreview, { id }, { ...done, progress: null }));
      })
      .catch(async (e: unknown) => {
        await saving;
        const message = e instanceof DomainError ? String((e.getResponse() as { message: string }).message).replace(/^file: /, '') : 'không đọc được tệp';
        await this.db.write((m) => m.update(ImportPreview, { id }, { status: 'failed', error: message.slice(0, 500), progress: null })).catch(() => undefined);
      });
    return this.view(job);
  }

  private async saveProgress(id: number, progress: ImportProgress): Promise<void> {
    await this.db.write((m) => m.update(ImportPreview, { id, status: 'reading' }, { progress }));
  }

  /** The preview of a read document: rows, targets, warnings, and program fields the document fills in. */
  private previewOf(p: Principal, file: UploadedDocument, given: ProgramMeta, r: ReadResult): ImportPreview {
    const { extraction } = r;
    if (extraction.tasks.length === 0 && extraction.targets.length === 0) {
      const tableNote = extraction.warnings.find((w) => w.code === 'table');
      throw new DomainError(
        `file: không tìm thấy cấu trúc nhiệm vụ trong "${file.originalname}" (không có mục đánh số I-, 1., (1), -, + hay bảng phân công${tableNote ? `; ${tableNote.message}` : ''}): nếu là văn bản kết luận viết thành đoạn văn, hãy chọn "Đọc đoạn văn (kết luận hội nghị)"`,
        400,
        'file',
      );
    }
    const h = extraction.header;
    // What the office (or a CLI flag) gave wins; the document fills in the rest.
    const program: ProgramMeta = {
      ...given,
      kind: given.kind ?? h.kind ?? 'other',
      number: given.number ?? h.number,
      title: given.title ?? h.title ?? file.originalname.replace(/\.[^.]+$/, ''),
      issuingBody: given.issuingBody ?? h.issuingBody,
      issuedDate: given.issuedDate ?? h.issuedDate,
    };
    const rows: PreviewRow[] = extraction.tasks.map((t, i) => ({
      row: i + 1,
      ref: t.ref,
      text: t.text,
      ownerUnitId: t.owner?.unitId ?? null,
      ownerName: t.owner?.name ?? null,
      coUnitIds: t.coOwners.filter((c) => c.unitId !== null).map((c) => c.unitId!),
      coNames: t.coOwners.map((c) => c.name),
      deadline: t.deadline,
      clauses: t.clauses,
      source: t.source,
      proposed: t.proposed,
      confidence: t.confidence,
      // A proposed row is out until the office keeps it.
      dropped: t.proposed,
      edited: false,
    }));
    const warnings = [...extraction.warnings];
    if (!given.title && !h.title && given.programId === null)
      warnings.unshift({ code: 'header', ref: null, message: 'Không đọc được tên văn bản: đang tạm dùng tên tệp, hãy sửa trước khi ghi' });
    return this.db.manager.create(ImportPreview, {
      committeeId: p.committeeId,
      createdById: p.userId,
      createdByName: p.name,
      fileName: file.originalname.slice(0, 255),
      fileType: r.type,
      status: 'preview',
      program,
      rows,
      targets: extraction.targets,
      warnings,
      result: null,
      progress: null,
      error: null,
      header: h,
    });
  }

  async get(p: Principal, id: number): Promise<PreviewView> {
    return this.view(await this.find(this.db.manager, p, id));
  }

  updateRow(p: Principal, id: number, rowNo: number, dto: UpdateRowDto): Promise<PreviewView> {
    return this.db.write(async (m) => {
      await this.db.lockRows(m, 'import_previews', [id]);
      const preview = await this.find(m, p, id);
      assertEditable(preview);
      const row = preview.rows.find((r) => r.row === rowNo);
      if (!row) throw notFound('dòng', rowNo);
      if (dto.ownerUnitId !== undefined) {
        const unit = dto.ownerUnitId === null ? null : (await this.units.requireIds(m, p.committeeId, [dto.ownerUnitId], 'ownerUnitId'))[0];
        row.ownerUnitId = unit?.id ?? null;
        row.ownerName = unit?.name ?? null;
      }
      if (dto.coUnitIds !== undefined) {
        const co = await this.units.requireIds(m, p.committeeId, dto.coUnitIds, 'coUnitIds');
        row.coUnitIds = co.map((u) => u.id);
        row.coNames = co.map((u) => u.name);
      }
      if (dto.text !== undefined) row.text = dto.text;
      if (dto.drop !== undefined) row.dropped = dto.drop;
      if (dto.deadline !== undefined) {
        const raw = dto.deadline.trim() || null;
        row.deadline = { raw, ...parseClauses(raw ?? '', this.context(preview.program, row.ownerUnitId, await this.settings.holidayTable(p.committeeId))) };
        row.clauses = raw ? [raw] : [];
      }
      row.edited = true;
      preview.rows = [...preview.rows];
      await m.save(preview);
      return this.view(preview);
    });
  }

  commit(p: Principal, id: number, dto: CommitDto): Promise<PreviewView> {
    return this.db.write(async (m) => {
      await this.db.lockRows(m, 'import_previews', [id]);
      const preview = await this.find(m, p, id);
      assertEditable(preview);
      const report: CommitReport = {
        programId: 0,
        created: [],
        updated: [],
        unchanged: 0,
        dropped: 0,
        notInDocument: [],
        targets: { created: 0, updated: 0, unchanged: 0 },
        unitsCreated: [],
      };

      const program = await this.programFor(m, p, preview.program);
      report.programId = program.id;
      for (const e of preview.program.events) await this.programs.upsertEvent(m, p, program, { name: e.name, date: e.date });

      const rows = preview.rows.filter((r) => !r.dropped);
      report.dropped = preview.rows.length - rows.length;
      if (dto.createProposedUnits) await this.createProposedUnits(m, p, rows, report);

      const existing = await m.find(Task, { where: { programId: program.id }, relations: { coUnits: true }, order: { position: 'ASC' } });
      const note = `Nhập lại từ tệp "${preview.fileName}"`;
      const pairs = matchRows(rows, existing);
      for (const row of rows) {
        const fields: TaskFields = { ref: row.ref, text: row.text, leadUnitId: row.ownerUnitId, coUnitIds: row.coUnitIds, deadlineRaw: row.deadline.raw };
        const task = pairs.get(row);
        if (!task) {
          await this.tasks.insert(m, p, program, fields);
          report.created.push(row.ref);
          continue;
        }
        const changed = await this.tasks.revise(m, p, program, task, fields, note);
        if (changed.length) report.updated.push({ ref: row.ref, fields: changed });
        else report.unchanged++;
      }
      const matched = new Set([...pairs.values()].map((t) => t.id));
      report.notInDocument = existing.filter((t) => !matched.has(t.id)).map((t) => t.ref ?? `#${t.id}`);

      const targets = await m.find(Target, { where: { programId: program.id } });
      for (const [i, t] of preview.targets.entries()) {
        const found = targets.find((x) => x.ref === t.ref);
        if (!found) {
          await m.save(m.create(Target, { programId: program.id, ref: t.ref, text: t.text, position: i + 1 }));
          report.targets.created++;
        } else if (found.text !== t.text) {
          found.text = t.text;
          await m.save(found);
          report.targets.updated++;
        } else report.targets.unchanged++;
      }

      preview.status = 'committed';
      preview.result = report;
      preview.committedAt = new Date().toISOString();
      preview.program = { ...preview.program, programId: program.id };
      await m.save(preview);
      return this.view(preview);
    });
  }

  // ------------------------------------------------------------------ helpers

  private async programMeta(p: Principal, dto: CreateImportDto): Promise<ProgramMeta> {
    const events = (dto.events ?? []).map((e) => ({ name: e.name.trim(), date: e.date }));
    if (dto.programId !== undefined) {
      const program = await this.db.manager.findOne(Program, { where: { id: dto.programId, committeeId: p.committeeId }, relations: { events: true } });
      if (!program) throw new DomainError(`programId: không có văn bản ${dto.programId}`, 400, 'programId');
      const known = program.events.filter((e) => e.unitId === null && !events.some((x) => x.name === e.name)).map((e) => ({ name: e.name, date: e.date }));
      return {
        programId: program.id,
        kind: program.kind,
        number: program.number,
        title: program.title,
        issuingBody: program.issuingBody,
        issuedDate: program.issuedDate,
        termStart: program.termStart,
        termEnd: program.termEnd,
        events: [...known, ...events],
      };
    }
    // Kind and title may be left to the document's own header (read with the file).
    assertTerm(dto.termStart, dto.termEnd);
    return {
      programId: null,
      kind: dto.kind ?? null,
      number: dto.number ?? null,
      title: dto.title ?? null,
      issuingBody: dto.issuingBody ?? null,
      issuedDate: dto.issuedDate ?? null,
      termStart: dto.termStart ?? null,
      termEnd: dto.termEnd ?? null,
      events,
    };
  }

  /** How deadlines read for this program: its dates and events, and the committee's holidays. */
  private context(meta: ProgramMeta, unitId: number | null, holidays: HolidayTable): ParseContext {
    return contextFor(
      meta.issuedDate,
      meta.events.map((e) => ({ ...e, unitId: null })),
      unitId,
      holidays,
    );
  }

  private async programFor(m: EntityManager, actor: Actor, meta: ProgramMeta): Promise<Program> {
    if (meta.programId !== null) {
      const program = await m.findOneBy(Program, { id: meta.programId, committeeId: actor.committeeId });
      if (!program) throw new DomainError(`programId: không có văn bản ${meta.programId}`, 400, 'programId');
      return program;
    }
    if (!meta.title) throw new DomainError('title: cần tên văn bản', 400, 'title');
    return this.programs.insert(m, actor, {
      kind: meta.kind ?? 'other',
      number: meta.number ?? undefined,
      title: meta.title,
      issuingBody: meta.issuingBody ?? undefined,
      issuedDate: meta.issuedDate ?? undefined,
      termStart: meta.termStart ?? undefined,
      termEnd: meta.termEnd ?? undefined,
    });
  }

  /**
   * Creates every unit the preview proposed — owners and coordinating units alike — and links
   * each where the document named it. Afterwards every name a kept row gave must resolve to a
   * linked unit, or the commit fails with the reason: nothing the preview promised is dropped.
   */
  private async createProposedUnits(m: EntityManager, actor: Actor, rows: PreviewRow[], report: CommitReport): Promise<void> {
    const units = await m.find(Unit, { where: { committeeId: actor.committeeId } });
    // Names the directory already knew were matched at preview time (and may have been edited
    // away by the office since): only the proposed ones are linked here.
    const proposed = new Set(rows.flatMap((r) => r.coNames).filter((n) => !matchUnit(units, n)));
    const resolve = async (name: string): Promise<Unit> => {
      let unit = matchUnit(units, name);
      if (!unit) {
        unit = await this.units.insert(m, actor, { name, kind: 'other' });
        units.push(unit);
        report.unitsCreated.push(unit.name);
      }
      return unit;
    };
    for (const row of rows) {
      if (row.dropped) continue;
      if (row.ownerUnitId === null && row.ownerName) row.ownerUnitId = (await resolve(row.ownerName)).id;
      for (const name of row.coNames) {
        if (!proposed.has(name)) continue;
        const unit = await resolve(name);
        if (unit.id !== row.ownerUnitId && !row.coUnitIds.includes(unit.id)) row.coUnitIds.push(unit.id);
      }
    }
    for (const row of rows) {
      if (row.dropped) continue;
      if (row.ownerName && row.ownerUnitId === null)
        throw new DomainError(`Không tạo được đơn vị "${row.ownerName}" (mục ${row.ref}): chưa nhập văn bản`, 409, 'createProposedUnits');
      for (const name of row.coNames) {
        const unit = matchUnit(units, name);
        if (!unit) throw new DomainError(`Không tạo được đơn vị phối hợp "${name}" (mục ${row.ref}): chưa nhập văn bản`, 409, 'createProposedUnits');
      }
    }
  }

  private async find(m: EntityManager, p: Principal, id: number): Promise<ImportPreview> {
    const preview = await m.findOneBy(ImportPreview, { id, committeeId: p.committeeId });
    if (!preview) throw notFound('bản xem trước', id);
    return preview;
  }

  private view(x: ImportPreview): PreviewView {
    // A job whose reader stopped reporting (the instance restarted mid-read) has failed.
    if (x.status === 'reading') {
      const c = this.config.imports;
      const last = x.progress?.at ? Date.parse(x.progress.at) : instant(x.createdAt).getTime();
      if (Date.now() - last > 2 * 1000 * (c.toolTimeoutSeconds + c.readerTimeoutSeconds)) {
        x.status = 'failed';
        x.error = 'việc đọc tệp bị gián đoạn (máy chủ khởi động lại?): hãy tải lên lại';
      }
    }
    const warnings = currentWarnings(x);
    const byOwner: Record<string, number> = {};
    for (const r of x.rows) if (!r.dropped) byOwner[r.ownerName ?? '(chưa xác định)'] = (byOwner[r.ownerName ?? '(chưa xác định)'] ?? 0) + 1;
    return {
      id: x.id,
      status: x.status,
      fileName: x.fileName,
      fileType: x.fileType,
      program: x.program,
      tasks: x.rows,
      targets: x.targets,
      warnings,
      summary: {
        tasks: x.rows.filter((r) => !r.dropped).length,
        dropped: x.rows.filter((r) => r.dropped).length,
        targets: x.targets.length,
        warnings: warnings.length,
        byCode: warnings.reduce<Record<string, number>>((acc, w) => ((acc[w.code] = (acc[w.code] ?? 0) + 1), acc), {}),
        review: x.rows.filter(needsReview).length,
        byOwner,
      },
      result: x.result,
      progress: x.status === 'reading' ? x.progress : null,
      error: x.error,
      header: x.header,
    };
  }
}

function assertEditable(x: ImportPreview): void {
  if (x.status === 'reading') throw new DomainError('Tệp đang được đọc, hãy chờ bản xem trước', 409);
  if (x.status === 'failed') throw new DomainError(`Không đọc được tệp: ${x.error ?? ''}`, 409);
  if (x.status === 'committed') throw new DomainError('Bản xem trước này đã được ghi', 409);
}

/** Warnings about one row: they follow the row as the office fixes, drops or breaks it. */
const ROW_CODES = new Set(['no_owner', 'no_deadline', 'unknown_deadline', 'low_confidence', 'proposed', 'before_issue']);

/**
 * The preview's warnings as of now: the document's own (cleaned footers…), proposed units
 * still named by a kept row, and each kept row's problems computed from the row itself.
 * The ref is a field of its own, never repeated in the message.
 */
function currentWarnings(x: ImportPreview): ImportPreview['warnings'] {
  const issued = x.program.issuedDate;
  const kept = x.rows.filter((r) => !r.dropped);
  const named = new Set(
    kept.flatMap((r) => [...(r.ownerUnitId === null && r.ownerName ? [r.ownerName] : []), ...(r.coNames.length > r.coUnitIds.length ? r.coNames : [])]),
  );
  const out = x.warnings.filter((w) => !ROW_CODES.has(w.code) && (w.code !== 'unknown_unit' || (w.proposedUnit !== undefined && named.has(w.proposedUnit))));
  // A dropped row has only one problem left: a proposal the office has not decided on yet.
  for (const r of x.rows)
    for (const p of rowProblems(rowState(r), issued)) if (!r.dropped || p.code === 'proposed') out.push({ code: p.code, ref: r.ref, message: p.message });
  return out;
}

function rowState(r: PreviewRow): RowState {
  return { owned: r.ownerUnitId !== null || !!r.ownerName, deadline: r.deadline, confidence: r.confidence, proposed: r.proposed, decided: r.edited };
}

/**
 * A row the office should look at: what the "chỉ các dòng cần xem lại" filter shows — the
 * row's problems (the issue-date check aside: a dated deadline is filled in), or an undecided
 * proposal even while it is out.
 */
export function needsReview(r: PreviewRow): boolean {
  if (r.dropped) return r.proposed && !r.edited;
  return rowProblems(rowState(r), null).length > 0;
}

const sameText = (a: string, b: string) => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

/**
 * Pairs the rows of a re-imported document with the program's tasks: first the same
 * reference and text, then the same text (the document was renumbered), then the same
 * reference (the text was edited). What stays unpaired is new.
 */
function matchRows(rows: PreviewRow[], tasks: Task[]): Map<PreviewRow, Task> {
  const pairs = new Map<PreviewRow, Task>();
  const used = new Set<number>();
  const pass = (same: (r: PreviewRow, t: Task) => boolean) => {
    for (const r of rows) {
      if (pairs.has(r)) continue;
      const t = tasks.find((x) => !used.has(x.id) && same(r, x));
      if (t) {
        pairs.set(r, t);
        used.add(t.id);
      }
    }
  };
  pass((r, t) => t.ref === r.ref && sameText(t.text, r.text));
  pass((r, t) => sameText(t.text, r.text));
  pass((r, t) => t.ref === r.ref);
  return pairs;
}
