import { NoWrite } from '../auth/auth.decorators';
import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { SESSION_COOKIE } from '../auth/principal';
import { ParseId, validateDto } from '../common/validation';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { UnitsService } from '../units/units.service';
import { ChangePasswordDto, CreateUserDto, UpdateUserDto } from '../users/dto/user.dto';
import { ROLES } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { field, submitForm } from './forms';
import { Page } from './page.guard';
import { PageRequest, ROLE_LABELS, renderPage } from './views';

type FormState = { form?: number | 'new'; error?: string; values?: Record<string, unknown> };

/** Admin: the people who sign in — create, role and unit, reset a password, deactivate. Everyone: "đổi mật khẩu". */
@ApiExcludeController()
@Controller()
export class UserPagesController {
  constructor(
    private readonly users: UsersService,
    private readonly units: UnitsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('users')
  @Page('admin')
  list(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    return this.render(req, res);
  }

  @Post('users')
  @Page('admin')
  async create(@Req() req: PageRequest, @Res() res: Response, @Body() b: Record<string, unknown>): Promise<void> {
    await submitForm(
      res,
      this.config,
      async () =>
        this.users.create(
          req.principal!,
          await validateDto(CreateUserDto, {
            username: field.text(b.username),
            displayName: field.text(b.displayName),
            role: field.text(b.role),
            ...(b.unitId ? { unitId: field.idOrNull(b.unitId) } : {}),
            password: field.text(b.password),
          }),
        ),
      { redirect: '/users', flash: (u) => `Đã tạo tài khoản ${(u as { username: string }).username}.` },
      (status, error) => this.render(req, res, status, { form: 'new', error, values: b }),
    );
  }

  @Post('users/:id')
  @Page('admin')
  async update(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseId()) id: number, @Body() b: Record<string, unknown>): Promise<void> {
    const password = field.text(b.password);
    await submitForm(
      res,
      this.config,
      async () =>
        this.users.update(
          req.principal!,
          id,
          await validateDto(UpdateUserDto, {
            displayName: field.text(b.displayName),
            role: field.text(b.role),
            unitId: field.idOrNull(b.unitId),
            active: field.bool(b.active),
            ...(password ? { password } : {}),
          }),
        ),
      { redirect: `/users#user-${id}`, flash: password ? 'Đã lưu và đặt lại mật khẩu; người dùng phải đăng nhập lại.' : 'Đã lưu thông tin người dùng.' },
      (status, error) => this.render(req, res, status, { form: id, error, values: b }),
    );
  }

  @Get('account')
  @Page()
  account(@Req() req: PageRequest, @Res() res: Response): void {
    renderPage(req, res, 'account', 'Đổi mật khẩu', {});
  }

  @Post('account/password')
  @NoWrite()
  @Page()
  async changePassword(@Req() req: PageRequest, @Res() res: Response, @Body() b: Record<string, unknown>): Promise<void> {
    const again = async (status: number, error: string) => renderPage(req, res, 'account', 'Đổi mật khẩu', { error }, status);
    if (field.text(b.newPassword) !== field.text(b.confirmPassword)) return again(400, 'Nhập lại mật khẩu mới: không khớp với mật khẩu mới');
    await submitForm(
      res,
      this.config,
      async () => {
        const dto = await validateDto(ChangePasswordDto, { currentPassword: field.text(b.currentPassword), newPassword: field.text(b.newPassword) });
        await this.users.changeOwnPassword(req.principal!, dto.currentPassword, dto.newPassword);
        res.clearCookie(SESSION_COOKIE, { path: '/' });
      },
      { redirect: '/login', flash: 'Đã đổi mật khẩu. Vui lòng đăng nhập lại bằng mật khẩu mới.' },
      again,
    );
  }

  private async render(req: PageRequest, res: Response, status = 200, state: FormState = {}): Promise<void> {
    const p = req.principal!;
    const [users, units] = await Promise.all([this.users.list(p.committeeId), this.units.list(p.committeeId)]);
    const roles = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
    renderPage(
      req,
      res,
      'users',
      'Người dùng',
      {
        users: users.map((u) => {
          const typed = state.form === u.id ? (state.values ?? {}) : null;
          const role = typed ? String(typed.role ?? u.role) : u.role;
          const unitId = typed ? Number(typed.unitId) || null : u.unitId;
          return {
            ...u,
            displayName: typed ? String(typed.displayName ?? '') : u.displayName,
            roleLabel: ROLE_LABELS[u.role],
            unitName: units.find((x) => x.id === u.unitId)?.name ?? null,
            roles: roles.map((r) => ({ ...r, selected: r.value === role })),
            units: units.map((x) => ({ id: x.id, name: x.name, selected: x.id === unitId })),
            error: state.form === u.id ? state.error : null,
            self: u.id === p.userId,
          };
        }),
        roles: roles.map((r) => ({ ...r, selected: r.value === (state.form === 'new' ? state.values?.role : 'unit') })),
        units: units.map((x) => ({ id: x.id, name: x.name, selected: state.form === 'new' && Number(state.values?.unitId) === x.id })),
        newError: state.form === 'new' ? state.error : null,
        values: state.form === 'new' ? { ...state.values, password: '' } : {},
      },
      status,
    );
  }
}
