import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CommitteesService } from '../committees/committees.service';
import { CreateCommitteeDto, UpdateCommitteeDto } from '../committees/dto/committee.dto';
import { ParseId, validateDto } from '../common/validation';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { field, submitForm } from './forms';
import { Page } from './page.guard';
import { PageRequest, renderPage } from './views';

type FormState = { form?: number | 'new'; error?: string; values?: Record<string, unknown> };

/**
 * Đảng bộ: the committee tree. The super-admin (made on first start) adds a committee with
 * its first admin and renames or moves one; a committee's own admin sees where it stands.
 * The same service as POST/PATCH /api/committees and `npm run committee`.
 */
@ApiExcludeController()
@Controller()
export class CommitteePagesController {
  constructor(
    private readonly committees: CommitteesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('committees')
  @Page('admin')
  list(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    return this.render(req, res);
  }

  @Post('committees')
  @Page('admin')
  async create(@Req() req: PageRequest, @Res() res: Response, @Body() b: Record<string, unknown>): Promise<void> {
    const admin = field.text(b.adminUsername);
    await submitForm(
      res,
      this.config,
      async () =>
        this.committees.create(
          req.principal!,
          await validateDto(CreateCommitteeDto, {
            name: field.text(b.name),
            parentId: field.idOrNull(b.parentId),
            ...(admin || field.text(b.adminPassword) ? { adminUsername: admin, adminPassword: field.text(b.adminPassword) } : {}),
          }),
        ),
      { redirect: '/committees', flash: (c) => `Đã tạo ${(c as { name: string }).name}${admin ? ` và tài khoản quản trị ${admin}` : ''}.` },
      (status, error) => this.render(req, res, status, { form: 'new', error, values: b }),
    );
  }

  @Post('committees/:id')
  @Page('admin')
  async update(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseId()) id: number, @Body() b: Record<string, unknown>): Promise<void> {
    await submitForm(
      res,
      this.config,
      async () =>
        this.committees.update(req.principal!, id, await validateDto(UpdateCommitteeDto, { name: field.text(b.name), parentId: field.idOrNull(b.parentId) })),
      { redirect: `/committees#committee-${id}`, flash: 'Đã lưu đảng bộ.' },
      (status, error) => this.render(req, res, status, { form: id, error, values: b }),
    );
  }

  private async render(req: PageRequest, res: Response, status = 200, state: FormState = {}): Promise<void> {
    const p = req.principal!;
    const all = await this.committees.list(p);
    const byId = new Map(all.map((c) => [c.id, c]));
    // Depth-first, children under their parent, as the tree reads. A committee whose parent
    // the viewer cannot see (a ward's own admin) starts the tree.
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'vi');
    const children = new Map<number, typeof all>();
    for (const c of all) if (c.parentId !== null && byId.has(c.parentId)) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
    const rows: { id: number; name: string; parentId: number | null; depth: number }[] = [];
    const visit = (list: typeof all, depth: number) => {
      for (const c of [...list].sort(byName)) {
        rows.push({ ...c, depth });
        visit(children.get(c.id) ?? [], depth + 1);
      }
    };
    visit(
      all.filter((c) => c.parentId === null || !byId.has(c.parentId)),
      0,
    );
    const parents = (self: number | null, selected: number | null) =>
      rows.filter((c) => c.id !== self).map((c) => ({ id: c.id, label: `${'— '.repeat(c.depth)}${c.name}`, selected: c.id === selected }));
    renderPage(
      req,
      res,
      'committees',
      'Đảng bộ',
      {
        superAdmin: p.superAdmin === true,
        committees: rows.map((c) => {
          const typed = state.form === c.id ? (state.values ?? {}) : null;
          const parentId = typed ? Number(typed.parentId) || null : c.parentId;
          return {
            ...c,
            label: `${'— '.repeat(c.depth)}${c.name}`,
            own: c.id === p.committeeId,
            parentName: c.parentId ? (byId.get(c.parentId)?.name ?? null) : null,
            name: typed ? String(typed.name ?? '') : c.name,
            parents: parents(c.id, parentId),
            error: state.form === c.id ? state.error : null,
          };
        }),
        parents: parents(null, state.form === 'new' ? Number(state.values?.parentId) || null : null),
        newError: state.form === 'new' ? state.error : null,
        values: state.form === 'new' ? { ...state.values, adminPassword: '' } : {},
      },
      status,
    );
  }
}
