import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ParseId } from '../common/validation';
import { CreateProgramDto, ProgramEventDto, UpdateProgramDto, UpdateProgramEventDto } from './dto/program.dto';
import { ProgramsService } from './programs.service';

@ApiTags('programs')
@ApiBearerAuth()
@Controller('api/programs')
export class ProgramsController {
  constructor(private readonly programs: ProgramsService) {}

  @Get()
  list(@CurrentPrincipal() p: Principal) {
    return this.programs.list(p.committeeId);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number) {
    return this.programs.get(p.committeeId, id);
  }

  @Post()
  @Roles('office')
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateProgramDto) {
    return this.programs.create(p, dto);
  }

  @Patch(':id')
  @Roles('office')
  update(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: UpdateProgramDto) {
    return this.programs.update(p, id, dto);
  }

  /** Set a named event's date (creating the event if new); relative deadlines are recomputed. */
  @Put(':id/events')
  @Roles('office')
  setEvent(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: ProgramEventDto) {
    return this.programs.setEvent(p, id, dto);
  }

  @Patch(':id/events/:eventId')
  @Roles('office')
  updateEvent(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseId()) id: number,
    @Param('eventId', ParseId('eventId')) eventId: number,
    @Body() dto: UpdateProgramEventDto,
  ) {
    return this.programs.updateEvent(p, id, eventId, dto.date);
  }
}
