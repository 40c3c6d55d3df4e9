import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { UnitsModule } from '../units/units.module';
import { ProgramsController } from './programs.controller';
import { ProgramsService } from './programs.service';

@Module({ imports: [TasksModule, UnitsModule], controllers: [ProgramsController], providers: [ProgramsService], exports: [ProgramsService] })
export class ProgramsModule {}
