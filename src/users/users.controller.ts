import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ParseId } from '../common/validation';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(@CurrentPrincipal() p: Principal) {
    return this.users.list(p.committeeId);
  }

  @Post()
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateUserDto) {
    return this.users.create(p, dto);
  }

  /** Deactivate with {active: false}; users are never deleted (audit rows name them). */
  @Patch(':id')
  update(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: UpdateUserDto) {
    return this.users.update(p, id, dto);
  }
}
