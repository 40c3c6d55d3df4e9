import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ParseId } from '../common/validation';
import { ApproveExtensionDto, RejectExtensionDto, RequestExtensionDto } from './dto/extension.dto';
import { ExtensionsService } from './extensions.service';

@ApiTags('extensions')
@ApiBearerAuth()
@Controller('api')
export class ExtensionsController {
  constructor(private readonly extensions: ExtensionsService) {}

  /** Lead unit or office: đề nghị điều chỉnh thời hạn. */
  @Post('tasks/:id/extensions')
  @Roles('office', 'unit')
  request(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: RequestExtensionDto) {
    return this.extensions.request(p, id, dto);
  }

  @Get('tasks/:id/extensions')
  list(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number) {
    return this.extensions.forTask(p, id);
  }

  /** Office: requests waiting for a decision. */
  @Get('extensions')
  @Roles('office', 'inspection')
  pending(@CurrentPrincipal() p: Principal) {
    return this.extensions.pending(p.committeeId);
  }

  @Post('extensions/:id/approve')
  @Roles('office')
  @HttpCode(200)
  approve(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: ApproveExtensionDto) {
    return this.extensions.approve(p, id, dto);
  }

  @Post('extensions/:id/reject')
  @Roles('office')
  @HttpCode(200)
  reject(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: RejectExtensionDto) {
    return this.extensions.reject(p, id, dto);
  }
}
