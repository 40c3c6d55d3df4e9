import { Module } from '@nestjs/common';
import { RemindersModule } from '../reminders/reminders.module';
import { TasksModule } from '../tasks/tasks.module';
import { LinkController } from './link.controller';

@Module({ imports: [TasksModule, RemindersModule], controllers: [LinkController] })
export class WebModule {}
