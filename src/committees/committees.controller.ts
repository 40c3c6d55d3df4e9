import { Body, Controller, Get, Param, Patch, Post, Res } from '@nestjs/common';
import { ParseId } from '../common/validation';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { CommitteeExportService } from './committee-export.service';
import { CommitteesService } from './committees.service';
import { CreateCommitteeDto, UpdateCommitteeDto } from './dto/committee.dto';
import { CommitteeSettingsService } from './committee-settings.service';

@ApiTags('committees')
@ApiBearerAuth()
@Controller('api')
export class CommitteesController {
  constructor(
    private readonly settingsService: CommitteeSettingsService,
    private readonly exporter: CommitteeExportService,
    private readonly committees: CommitteesService,
  ) {}

  /** The committee's whole data as one JSON file (a download; the pages link to it). */
  @Get('committee/export.json')
  @Roles('office', 'admin')
  async export(@CurrentPrincipal() p: Principal, @Res() res: Response): Promise<void> {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="dondoc-du-lieu-${await this.settingsService.today(p.committeeId)}.json"`);
    await this.exporter.write(p.committeeId, (chunk) => {
      // Respect the client's pace: wait for the socket to drain before the next batch.
      if (!res.write(chunk)) return new Promise<void>((ok) => res.once('drain', () => ok()));
    });
    res.end();
  }

  /** The caller's committee and those below it (a super-admin: every committee). */
  @Get('committees')
  @Roles('office', 'inspection', 'admin', 'province')
  list(@CurrentPrincipal() p: Principal) {
    return this.committees.list(p);
  }

  /** Super-admin: a new committee with its units and, optionally, its first admin. */
  @Post('committees')
  @Roles('admin')
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateCommitteeDto) {
    return this.committees.create(p, dto);
  }

  /** Super-admin: rename or move a committee (never below itself). */
  @Patch('committees/:id')
  @Roles('admin')
  update(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: UpdateCommitteeDto) {
    return this.committees.update(p, id, dto);
  }

  /** Its own settings and those it works by (time zone, mail sender, reminder rules, holidays). */
  @Get('committees/:id/settings')
  @Roles('office', 'inspection', 'admin', 'province')
  settings(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number) {
    return this.committees.settings(p, id);
  }

  /**
   * Sets some of them: `{"mailFrom": "…", "reminderRules": {"beforeDays": [5, 1]}}`; a key set to
   * null is inherited again. Checked whole (settings.ts): one bad value and nothing is written.
   */
  @Patch('committees/:id/settings')
  @Roles('admin')
  updateSettings(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() body: Record<string, unknown>) {
    return this.committees.updateSettings(p, id, body);
  }
}
