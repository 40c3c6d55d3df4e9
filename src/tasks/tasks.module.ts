import { TypeOrmModule } from '@nestjs/typeorm';
import { Task } from './task.entity';
import { TaskNote } from './task-note.entity';
import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module';
import { DeadlinesController } from './deadlines.controller';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [TypeOrmModule.forFeature([Task, TaskNote]), UnitsModule],
  controllers: [TasksController, DeadlinesController],
  providers: [TasksService],
  exports: [TasksService],
})
export class TasksModule {}
