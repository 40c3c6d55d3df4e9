import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ParseId, validateDto } from '../common/validation';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { CreateUnitDto, UpdateUnitDto } from '../units/dto/unit.dto';
import { UnitsService } from '../units/units.service';
import { field, submitForm } from './forms';
import { Page } from './page.guard';
import { PageRequest, renderPage } from './views';

/** The unit directory: names, other names documents use, and where reminders go. */
@ApiExcludeController()
@Controller('units')
export class UnitPagesController {
  constructor(
    private readonly units: UnitsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Page('office', 'admin')
  list(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    return this.render(req, res);
  }

  @Post()
  @Page('office', 'admin')
  async create(@Req() req: PageRequest, @Res() res: Response, @Body() b: Record<string, unknown>): Promise<void> {
    await submitForm(
      res,
      this.config,
      async () =>
        this.units.create(
          req.principal!,
          await validateDto(CreateUnitDto, { name: field.text(b.name), aliases: field.lines(b.aliases), emails: field.emails(b.emails) }),
        ),
      { redirect: '/units', flash: 'Đã thêm đơn vị.' },
      (status, error) => this.render(req, res, status, { form: 'new', error, values: b }),
    );
  }

  @Post(':id')
  @Page('office', 'admin')
  async update(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseId()) id: number, @Body() b: Record<string, unknown>): Promise<void> {
    await submitForm(
      res,
      this.config,
      async () =>
        this.units.update(
          req.principal!,
          id,
          await validateDto(UpdateUnitDto, {
            name: field.text(b.name),
            aliases: field.lines(b.aliases),
            emails: field.emails(b.emails),
            active: field.bool(b.active),
          }),
        ),
      { redirect: `/units#unit-${id}`, flash: 'Đã lưu thông tin đơn vị.' },
      (status, error) => this.render(req, res, status, { form: id, error, values: b }),
    );
  }

  private async render(
    req: PageRequest,
    res: Response,
    status = 200,
    state: { form?: number | 'new'; error?: string; values?: Record<string, unknown> } = {},
  ): Promise<void> {
    const units = await this.units.list(req.principal!.committeeId, true);
    renderPage(
      req,
      res,
      'units',
      'Đơn vị và địa chỉ email',
      {
        units: units.map((u) => {
          // A form that comes back with an error keeps what the user typed.
          const typed = state.form === u.id ? (state.values ?? {}) : null;
          return {
            ...u,
            name: typed ? String(typed.name ?? '') : u.name,
            aliasesText: typed ? String(typed.aliases ?? '') : u.aliases.join('\n'),
            emailsText: typed ? String(typed.emails ?? '') : u.emails.join('\n'),
            error: typed ? state.error : null,
          };
        }),
        newError: state.form === 'new' ? state.error : null,
        values: state.form === 'new' ? state.values : {},
      },
      status,
    );
  }
}
