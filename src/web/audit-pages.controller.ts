import { ACTION_LABELS } from '../audit/action-labels';
import { Controller, Get, HttpException, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditEvent } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { AUDIT_ENTITIES, AuditQueryDto } from '../audit/dto/audit.dto';
import { validateDto } from '../common/validation';
import { field } from './forms';
import { Page, messageOf } from './page.guard';
import { PageRequest, renderPage } from './views';

const ENTITY_LABELS: Record<string, string> = {
  task: 'Nhiệm vụ',
  unit: 'Đơn vị',
  program: 'Văn bản',
  user: 'Người dùng',
  committee: 'Đảng bộ',
  target: 'Chỉ tiêu',
};
const ENTITY_LINKS: Record<string, (id: number) => string | null> = {
  task: (id) => `/tasks/${id}`,
  unit: (id) => `/units/${id}`,
  program: (id) => `/programs/${id}`,
  user: () => null,
  committee: () => null,
};

/** What a row of the trail shows: the fields that changed, "field: before → after", kept short. */
function changes(e: AuditEvent): string[] {
  const before = (e.before ?? {}) as Record<string, unknown>;
  const after = (e.after ?? {}) as Record<string, unknown>;
  const show = (v: unknown) => {
    const s = v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
    return s.length > 80 ? `${s.slice(0, 79)}…` : s;
  };
  return Object.keys(after).map((k) => (k in before ? `${k}: ${show(before[k])} → ${show(after[k])}` : `${k}: ${show(after[k])}`));
}

/** The audit trail for the office and the inspection committee: who changed what, when; filters; the data export. */
@ApiExcludeController()
@Controller('audit')
export class AuditPagesController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Page('office', 'inspection', 'admin')
  async list(@Req() req: PageRequest, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const p = req.principal!;
    const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''));
    for (const k of ['from', 'to']) if (k in given) given[k] = field.date(given[k]);
    let q: AuditQueryDto;
    let error: string | null = null;
    let status = 200;
    try {
      q = await validateDto(AuditQueryDto, given);
    } catch (e) {
      if (!(e instanceof HttpException)) throw e;
      error = messageOf(e);
      status = e.getStatus();
      q = await validateDto(AuditQueryDto, {});
    }
    const [page, actions] = await Promise.all([this.audit.list(p.committeeId, q), this.audit.actions(p.committeeId)]);
    const pages = Math.max(1, Math.ceil(page.total / q.pageSize));
    const link = (n: number) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(raw)) if (k !== 'page' && typeof v === 'string' && v) params.set(k, v);
      params.set('page', String(n));
      return `/audit?${params.toString()}`;
    };
    renderPage(
      req,
      res,
      'audit',
      'Nhật ký thay đổi',
      {
        error,
        q: { ...q, from: raw.from ?? '', to: raw.to ?? '' },
        items: page.items.map((e) => ({
          at: e.at,
          who: e.actorName,
          entity: ENTITY_LABELS[e.entity] ?? e.entity,
          entityId: e.entityId,
          href: ENTITY_LINKS[e.entity]?.(e.entityId) ?? null,
          action: ACTION_LABELS[e.action] ?? e.action,
          changes: changes(e),
          note: e.note,
        })),
        total: page.total,
        page: q.page,
        pages,
        prev: q.page > 1 ? link(q.page - 1) : null,
        next: q.page < pages ? link(q.page + 1) : null,
        entities: AUDIT_ENTITIES.map((v) => ({ value: v, label: ENTITY_LABELS[v] })),
        actions: actions.map((v) => ({ value: v, label: ACTION_LABELS[v] ?? v })),
        canExport: p.role === 'office' || p.role === 'admin',
      },
      status,
    );
  }
}
