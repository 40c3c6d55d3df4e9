import { TypeOrmModule } from '@nestjs/typeorm';
import { Task } from './task.entity';
import { TaskNote } from './task-note.entity';
import { Extension } from './extension.entity';
import { Evidence } from './evidence.entity';
import { TaskChange } from './task-change.entity';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';
import { ExtensionsController } from './extensions.controller';
import { ExtensionsService } from './extensions.service';
import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module';
import { DeadlinesController } from './deadlines.controller';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [TypeOrmModule.forFeature([Task, TaskNote, Extension, Evidence, TaskChange]), UnitsModule],
  controllers: [TasksController, DeadlinesController, ExtensionsController, EvidenceController],
  providers: [TasksService, ExtensionsService, EvidenceService],
  exports: [TasksService, ExtensionsService, EvidenceService],
})
export class TasksModule {}
