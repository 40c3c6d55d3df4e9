import { TypeOrmModule } from '@nestjs/typeorm';
import { Program } from './program.entity';
import { ProgramEvent } from './program-event.entity';
import { Target } from './target.entity';
import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { UnitsModule } from '../units/units.module';
import { ProgramsController } from './programs.controller';
import { ProgramsService } from './programs.service';

@Module({
  imports: [TypeOrmModule.forFeature([Program, ProgramEvent, Target]), TasksModule, UnitsModule],
  controllers: [ProgramsController],
  providers: [ProgramsService],
  exports: [ProgramsService],
})
export class ProgramsModule {}
