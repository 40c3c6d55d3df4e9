import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, NoWrite } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ChangePasswordDto } from './dto/user.dto';
import { UsersService } from './users.service';

/** What every signed-in user does for themself. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('api/account')
export class AccountController {
  constructor(private readonly users: UsersService) {}

  /** Changes the caller's own password; every session ends (sign in again with the new one). */
  @Post('password')
  @NoWrite()
  @HttpCode(200)
  async changePassword(@CurrentPrincipal() p: Principal, @Body() dto: ChangePasswordDto) {
    await this.users.changeOwnPassword(p, dto.currentPassword, dto.newPassword);
    return { ok: true };
  }
}
