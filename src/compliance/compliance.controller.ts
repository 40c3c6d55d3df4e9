import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { ComplianceService } from './compliance.service';
import { ComplianceQuery } from './dto/compliance.dto';
import { complianceCsv } from './exports';

@ApiTags('compliance')
@ApiBearerAuth()
@Roles('office', 'inspection')
@Controller('api/compliance')
export class ComplianceController {
  constructor(
    private readonly compliance: ComplianceService,
    private readonly clock: Clock,
  ) {}

  /** Tổng hợp kết quả thực hiện, as of a day, for a period (quarter by default). */
  @Get()
  summary(@CurrentPrincipal() p: Principal, @Query() q: ComplianceQuery) {
    return this.compliance.summary(p.committeeId, { asOf: q.asOf ?? this.clock.today(), period: q.period, programId: q.program });
  }

  @Get('export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async csv(@CurrentPrincipal() p: Principal, @Query() q: ComplianceQuery, @Res({ passthrough: true }) res: Response): Promise<string> {
    const s = await this.compliance.summary(p.committeeId, { asOf: q.asOf ?? this.clock.today(), period: q.period, programId: q.program });
    res.setHeader('Content-Disposition', `attachment; filename="tong-hop-${s.asOf}.csv"`);
    return complianceCsv(s);
  }
}
