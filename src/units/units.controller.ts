import { Body, Controller, DefaultValuePipe, Get, Param, ParseBoolPipe, Patch, Post, Query } from '@nestjs/common';
import { ParseId } from '../common/validation';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { CreateUnitDto, UpdateUnitDto } from './dto/unit.dto';
import { Unit } from './unit.entity';
import { UnitsService } from './units.service';

@ApiTags('units')
@ApiBearerAuth()
@Controller('api/units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query('includeInactive', new DefaultValuePipe(false), ParseBoolPipe) includeInactive: boolean): Promise<Unit[]> {
    return this.units.list(p.committeeId, includeInactive);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number): Promise<Unit> {
    return this.units.get(p.committeeId, id);
  }

  @Post()
  @Roles('office', 'admin')
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateUnitDto): Promise<Unit> {
    return this.units.create(p, dto);
  }

  /** Deactivate with {active: false}; units are never deleted (their tasks keep pointing at them). */
  @Patch(':id')
  @Roles('office', 'admin')
  update(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: UpdateUnitDto): Promise<Unit> {
    return this.units.update(p, id, dto);
  }
}
