import { Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Public, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ParseId } from '../common/validation';
import { CalendarsService } from './calendars.service';

@ApiTags('calendars')
@Controller()
export class CalendarsController {
  constructor(private readonly calendars: CalendarsService) {}

  /** A new private calendar link for the unit (earlier ones stop working): `{url}`. */
  @Post('api/units/:id/calendar-token')
  @ApiBearerAuth()
  @Roles('office', 'unit')
  @HttpCode(200)
  issue(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number) {
    return this.calendars.issue(p, id);
  }

  @Delete('api/units/:id/calendar-token')
  @ApiBearerAuth()
  @Roles('office', 'unit')
  revoke(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number) {
    return this.calendars.revoke(p, id);
  }

  /** The feed itself, for calendar apps: the token is the only credential. */
  @Get('calendar/:token')
  @Public()
  async feed(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const { ics, unit } = await this.calendars.feed(token.replace(/\.ics$/, ''));
    res
      .set({
        'Content-Type': 'text/calendar; charset=utf-8',
        'Content-Disposition': `inline; filename="dondoc-${encodeURIComponent(unit)}.ics"`,
        'Cache-Control': 'private, max-age=300',
      })
      .send(ics);
  }
}
