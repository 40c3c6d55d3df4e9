import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, NoWrite, Public, Roles } from './auth.decorators';
import { AuthService } from './auth.service';
import { LoginDto, UnitLinkDto } from './dto/auth.dto';
import type { Principal } from './principal';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() req: Request) {
    return this.auth.login(dto.username, dto.password, req.ip, dto.committee);
  }

  @ApiBearerAuth()
  @Get('me')
  me(@CurrentPrincipal() p: Principal) {
    const { sessionId: _, ...rest } = p;
    return rest;
  }

  /** Revokes the session of the token it is called with: that token gets 401 from now on. */
  @ApiBearerAuth()
  @Post('logout')
  @NoWrite()
  @HttpCode(200)
  async logout(@Req() req: Request) {
    await this.auth.logout(bearerOf(req));
    return { ok: true };
  }

  /** Revokes every session of the caller (every browser and API client). */
  @ApiBearerAuth()
  @Post('logout-all')
  @NoWrite()
  @HttpCode(200)
  async logoutAll(@CurrentPrincipal() p: Principal) {
    return { ok: true, revoked: await this.auth.logoutAll(p.userId!) };
  }

  /** Office: a signed, expiring link token identifying a unit (optionally for one task). */
  @ApiBearerAuth()
  @Roles('office')
  @Post('unit-links')
  unitLink(@CurrentPrincipal() p: Principal, @Body() dto: UnitLinkDto) {
    return this.auth.issueUnitLink(p.committeeId, dto.unitId, dto.taskId, dto.ttlDays);
  }
}

function bearerOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}
