import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { AuditService } from './audit.service';
import { AuditQueryDto } from './dto/audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Who changed what and when, newest first, for the office and the inspection committee. */
  @Get()
  @Roles('office', 'inspection', 'admin')
  list(@CurrentPrincipal() p: Principal, @Query() q: AuditQueryDto) {
    return this.audit.list(p.committeeId, q);
  }
}
