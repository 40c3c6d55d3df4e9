import { TypeOrmModule } from '@nestjs/typeorm';
import { Program } from './program.entity';
import { ProgramEvent } from './program-event.entity';
import { Target } from './target.entity';
import { TargetResult } from './target-result.entity';
import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { UnitsModule } from '../units/units.module';
import { ProgramsController } from './programs.controller';
import { ProgramsService } from './programs.service';
import { TargetsController } from './targets.controller';
import { TargetsService } from './targets.service';

@Module({
  imports: [TypeOrmModule.forFeature([Program, ProgramEvent, Target, TargetResult]), TasksModule, UnitsModule],
  controllers: [ProgramsController, TargetsController],
  providers: [ProgramsService, TargetsService],
  exports: [ProgramsService, TargetsService],
})
export class ProgramsModule {}
