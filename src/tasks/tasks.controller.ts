import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ParseId } from '../common/validation';
import { CreateTaskDto, DoneDto, ListTasksQuery, NoteDto, ProgressDto, ReasonDto, UpdateTaskDto } from './dto/task.dto';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query() q: ListTasksQuery) {
    return this.tasks.list(p, q);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number) {
    return this.tasks.get(p, id);
  }

  @Get(':id/history')
  history(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number) {
    return this.tasks.changes(p, id);
  }

  @Post()
  @Roles('office')
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateTaskDto) {
    return this.tasks.create(p, dto);
  }

  /** Text, reference, owner, coordinating units and deadline phrase. Status changes have their own endpoints. */
  @Patch(':id')
  @Roles('office')
  update(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: UpdateTaskDto) {
    return this.tasks.update(p, id, dto);
  }

  /** Lead unit or office: báo cáo tiến độ (→ đang thực hiện). */
  @Post(':id/progress')
  @HttpCode(200)
  progress(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: ProgressDto) {
    return this.tasks.transition(p, id, 'progress', dto);
  }

  /** Lead unit or office: báo cáo hoàn thành (→ chờ xác nhận). */
  @Post(':id/done')
  @HttpCode(200)
  done(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: DoneDto) {
    return this.tasks.transition(p, id, 'done', dto);
  }

  /** Office: xác nhận hoàn thành. */
  @Post(':id/confirm')
  @HttpCode(200)
  confirm(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number) {
    return this.tasks.transition(p, id, 'confirm', {});
  }

  /** Office: trả lại (with a reason). */
  @Post(':id/return')
  @HttpCode(200)
  return(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: ReasonDto) {
    return this.tasks.transition(p, id, 'return', dto);
  }

  /** Office: tạm hoãn (with a reason). */
  @Post(':id/suspend')
  @HttpCode(200)
  suspend(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: ReasonDto) {
    return this.tasks.transition(p, id, 'suspend', dto);
  }

  /** Office: hủy (with a reason). Tasks are never deleted. */
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: ReasonDto) {
    return this.tasks.transition(p, id, 'cancel', dto);
  }

  /** Office: tiếp tục a suspended task. */
  @Post(':id/resume')
  @HttpCode(200)
  resume(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number) {
    return this.tasks.transition(p, id, 'resume', {});
  }

  @Get(':id/notes')
  notes(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number) {
    return this.tasks.notes(p, id);
  }

  /** Inspection (Ủy ban Kiểm tra) or office: a note on the task. */
  @Post(':id/notes')
  @Roles('inspection', 'office')
  addNote(@CurrentPrincipal() p: Principal, @Param('id', ParseId()) id: number, @Body() dto: NoteDto) {
    return this.tasks.addNote(p, id, dto.text);
  }
}
