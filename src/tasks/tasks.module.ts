import { TypeOrmModule } from '@nestjs/typeorm';
import { Task } from './task.entity';
import { TaskNote } from './task-note.entity';
import { Extension } from './extension.entity';
import { ExtensionsController } from './extensions.controller';
import { ExtensionsService } from './extensions.service';
import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module';
import { DeadlinesController } from './deadlines.controller';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [TypeOrmModule.forFeature([Task, TaskNote, Extension]), UnitsModule],
  controllers: [TasksController, DeadlinesController, ExtensionsController],
  providers: [TasksService, ExtensionsService],
  exports: [TasksService, ExtensionsService],
})
export class TasksModule {}
