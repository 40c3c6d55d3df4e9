import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ParseId, validateDto } from '../common/validation';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { CommitDto, CreateImportDto, UpdateRowDto } from '../imports/dto/import.dto';
import { ImportsService, PreviewView, UploadedDocument, needsReview } from '../imports/imports.service';
import { LOW_CONFIDENCE } from '../documents/extract';
import { UploadInterceptor } from '../common/upload.interceptor';
import { PROGRAM_KINDS } from '../programs/program.entity';
import { ProgramsService } from '../programs/programs.service';
import { UnitsService } from '../units/units.service';
import { field, submitForm } from './forms';
import { Page } from './page.guard';
import { PROGRAM_KIND_LABELS } from './program-pages.controller';
import { PageRequest, renderPage } from './views';

/** Upload a document, check and fix the tasks read from it, then commit them in one go. */
@ApiExcludeController()
@Controller('imports')
export class ImportPagesController {
  constructor(
    private readonly imports: ImportsService,
    private readonly programs: ProgramsService,
    private readonly units: UnitsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('new')
  @Page('office')
  form(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    return this.renderForm(req, res, 200);
  }

  /** Multipart: the CSRF token rides in the action URL (the guard runs before the body is read). */
  @Post()
  @Page('office')
  @UseInterceptors(UploadInterceptor)
  async upload(@Req() req: PageRequest & { file?: UploadedDocument }, @Res() res: Response, @Body() b: Record<string, unknown>): Promise<void> {
    await submitForm(
      res,
      this.config,
      async () => {
        const eventName = field.text(b.eventName)?.trim();
        const eventDate = field.date(b.eventDate);
        const plain: Record<string, unknown> = {};
        if (field.date(b.issuedDate)) plain.issuedDate = field.date(b.issuedDate);
        for (const k of ['kind', 'title', 'number', 'issuingBody'] as const) if (field.text(b[k])?.trim()) plain[k] = field.text(b[k])!.trim();
        for (const k of ['programId', 'termStart', 'termEnd'] as const) if (field.text(b[k])) plain[k] = field.text(b[k]);
        if (eventName) plain.events = JSON.stringify([{ name: eventName, date: eventDate || null }]);
        if (field.bool(b.prose)) plain.prose = 'true';
        return this.imports.preview(req.principal!, req.file, await validateDto(CreateImportDto, plain));
      },
      {
        redirect: (r) => `/imports/${(r as PreviewView).id}`,
        flash: (r) => {
          const v = r as PreviewView;
          if (v.status === 'reading') return 'Đang đọc tệp (bản quét được nhận dạng chữ từng trang). Trang này tự cập nhật tiến độ.';
          const proposed = v.tasks.filter((t) => t.proposed).length;
          return proposed
            ? `Đã đề xuất ${proposed} nhiệm vụ từ các câu văn. Chọn “Giữ” cho những dòng đúng là nhiệm vụ rồi bấm “Ghi vào hệ thống”.`
            : `Đã đọc ${v.summary.tasks} nhiệm vụ từ tệp. Kiểm tra, sửa nếu cần rồi bấm “Ghi vào hệ thống”.`;
        },
      },
      (status, error) => this.renderForm(req, res, status, error, b),
    );
  }

  @Get(':id')
  @Page('office')
  show(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseId()) id: number): Promise<void> {
    return this.renderPreview(req, res, id, 200, undefined, req.query.review === '1');
  }

  @Post(':id/rows/:row')
  @Page('office')
  async fixRow(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', ParseId()) id: number,
    @Param('row', ParseId('row')) row: number,
    @Body() b: Record<string, unknown>,
  ): Promise<void> {
    await submitForm(
      res,
      this.config,
      async () =>
        this.imports.updateRow(
          req.principal!,
          id,
          row,
          await validateDto(UpdateRowDto, {
            ownerUnitId: field.idOrNull(b.ownerUnitId),
            coUnitIds: field.ids(b.coUnitIds),
            deadline: field.text(b.deadline) ?? '',
            text: field.text(b.text),
            drop: field.bool(b.drop),
          }),
        ),
      { redirect: `/imports/${id}#row-${row}`, flash: `Đã sửa dòng ${row}.` },
      (status, error) => this.renderPreview(req, res, id, status, `Dòng ${row}: ${error}`),
    );
  }

  /** Keep or drop a row with one button (a proposed row from prose, a doubtful OCR row). */
  @Post(':id/rows/:row/decision')
  @Page('office')
  async decide(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', ParseId()) id: number,
    @Param('row', ParseId('row')) row: number,
    @Body() b: Record<string, unknown>,
  ): Promise<void> {
    const keep = field.text(b.keep) === '1';
    const review = field.text(b.review) === '1' ? '?review=1' : '';
    await submitForm(
      res,
      this.config,
      async () => this.imports.updateRow(req.principal!, id, row, await validateDto(UpdateRowDto, { drop: !keep })),
      { redirect: `/imports/${id}${review}#row-${row}`, flash: keep ? `Đã giữ dòng ${row}.` : `Đã bỏ dòng ${row}.` },
      (status, error) => this.renderPreview(req, res, id, status, `Dòng ${row}: ${error}`),
    );
  }

  @Post(':id/commit')
  @Page('office')
  async commit(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseId()) id: number, @Body() b: Record<string, unknown>): Promise<void> {
    await submitForm(
      res,
      this.config,
      async () => this.imports.commit(req.principal!, id, await validateDto(CommitDto, { createProposedUnits: field.bool(b.createProposedUnits) })),
      {
        redirect: `/imports/${id}`,
        flash: (r) => {
          const x = (r as PreviewView).result!;
          return `Đã ghi: ${x.created.length} nhiệm vụ mới, ${x.updated.length} cập nhật, ${x.unchanged} không đổi, ${x.dropped} bỏ qua.`;
        },
      },
      (status, error) => this.renderPreview(req, res, id, status, error),
    );
  }

  private async renderForm(req: PageRequest, res: Response, status: number, error?: string, values: Record<string, unknown> = {}): Promise<void> {
    const programs = await this.programs.list(req.principal!.committeeId);
    renderPage(
      req,
      res,
      'import-new',
      'Nhập văn bản',
      {
        error,
        values,
        programs,
        kinds: [{ value: '', label: 'Theo văn bản (tự nhận từ số, ký hiệu)' }, ...PROGRAM_KINDS.map((k) => ({ value: k, label: PROGRAM_KIND_LABELS[k] }))],
        maxMb: this.config.imports.maxFileMb,
      },
      status,
    );
  }

  private async renderPreview(req: PageRequest, res: Response, id: number, status = 200, error?: string, reviewOnly = false): Promise<void> {
    const p = req.principal!;
    const [preview, units] = await Promise.all([this.imports.get(p, id), this.units.list(p.committeeId)]);
    const rows = preview.tasks.map((r) => ({
      ...r,
      review: needsReview(r),
      undecided: r.proposed && !r.edited,
      lowConfidence: r.confidence !== null && r.confidence !== undefined && r.confidence < LOW_CONFIDENCE,
      confidencePct: r.confidence === null || r.confidence === undefined ? null : Math.round(r.confidence * 100),
    }));
    const byCode = Object.entries(preview.summary.byCode).map(([code, n]) => ({ label: WARNING_LABELS[code] ?? code, n }));
    const proposed = [...new Set(preview.warnings.filter((w) => w.proposedUnit).map((w) => w.proposedUnit!))];
    renderPage(
      req,
      res,
      'import-preview',
      `Kiểm tra văn bản nhập: ${preview.fileName}`,
      {
        preview,
        kindLabel: preview.program.kind ? PROGRAM_KIND_LABELS[preview.program.kind] : null,
        rows: reviewOnly ? rows.filter((r) => r.review) : rows,
        reviewOnly,
        byCode,
        reading: preview.status === 'reading',
        progressLabel: progressLabel(preview),
        units,
        proposed,
        editable: preview.status === 'preview',
        error,
        byOwner: Object.entries(preview.summary.byOwner).map(([name, n]) => ({ name, n })),
      },
      status,
    );
  }
}

/** Kinds of warning as the office reads them in the preview's counts. */
const WARNING_LABELS: Record<string, string> = {
  no_owner: 'chưa có đơn vị chủ trì',
  no_deadline: 'chưa có thời hạn',
  unknown_deadline: 'thời hạn chưa đọc được',
  unknown_unit: 'đơn vị chưa có trong danh bạ',
  low_confidence: 'chữ nhận dạng không chắc chắn',
  proposed: 'đề xuất từ câu văn chờ giữ/bỏ',
  cleaned: 'đã bỏ số trang, chân trang',
  appendix: 'phụ lục chưa đọc được',
  table: 'bảng không nhận ra',
  header: 'chưa rõ tên văn bản',
  before_issue: 'thời hạn trước ngày ban hành',
  prose: 'đọc từ câu văn',
};

function progressLabel(v: PreviewView): string {
  const p = v.progress;
  if (!p) return 'Đang đọc tệp…';
  if (p.stage === 'ocr') return p.pages ? `Đang nhận dạng chữ (OCR): xong ${p.page ?? 0}/${p.pages} trang` : 'Đang nhận dạng chữ (OCR)…';
  if (p.stage === 'convert') return 'Đang chuyển tệp .doc…';
  if (p.stage === 'structure') return 'Đang phân tích cấu trúc văn bản…';
  return 'Đang đọc tệp…';
}
