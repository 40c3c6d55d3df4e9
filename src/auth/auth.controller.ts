import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public, Roles } from './auth.decorators';
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
  login(@Body() dto: LoginDto) {
    return this.auth.login(dto.username, dto.password);
  }

  @ApiBearerAuth()
  @Get('me')
  me(@CurrentPrincipal() p: Principal) {
    return p;
  }

  /** Office: a signed, expiring link token identifying a unit (optionally for one task). */
  @ApiBearerAuth()
  @Roles('office')
  @Post('unit-links')
  unitLink(@CurrentPrincipal() p: Principal, @Body() dto: UnitLinkDto) {
    return this.auth.issueUnitLink(p.committeeId, dto.unitId, dto.taskId, dto.ttlDays);
  }
}
