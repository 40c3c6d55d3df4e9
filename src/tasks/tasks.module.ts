import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module';
import { DeadlinesController } from './deadlines.controller';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({ imports: [UnitsModule], controllers: [TasksController, DeadlinesController], providers: [TasksService], exports: [TasksService] })
export class TasksModule {}
