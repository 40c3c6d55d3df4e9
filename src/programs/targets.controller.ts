import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ParseId } from '../common/validation';
import { AssignTargetDto, CreateTargetDto, TargetResultDto } from './dto/target.dto';
import { TargetsService } from './targets.service';

@ApiTags('targets')
@ApiBearerAuth()
@Controller('api')
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  /** The program's chỉ tiêu: indicators read from each text, yearly values and their status. */
  @Get('programs/:id/targets')
  list(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number) {
    return this.targets.list(p.committeeId, id);
  }

  /** Adds a target by hand (a program entered without its document). */
  @Post('programs/:id/targets')
  @Roles('office')
  create(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: CreateTargetDto) {
    return this.targets.create(p, id, dto);
  }

  /** Records a year's value of one indicator (the office, or the target's lead unit). */
  @Put('targets/:id/results')
  @Roles('office', 'unit')
  record(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: TargetResultDto) {
    return this.targets.record(p, id, dto);
  }

  /** Assigns the lead unit that reports the target's results. */
  @Patch('targets/:id')
  @Roles('office')
  assign(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: AssignTargetDto) {
    return this.targets.assign(p, id, dto);
  }
}
