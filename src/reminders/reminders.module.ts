import { TypeOrmModule } from '@nestjs/typeorm';
import { ReminderLog } from './reminder-log.entity';
import { TaskReport } from './task-report.entity';
import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance/compliance.module';
import { MailModule } from '../mail/mail.module';
import { TasksModule } from '../tasks/tasks.module';
import { RemindersController } from './reminders.controller';
import { AlertsService } from './alerts.service';
import { ReportsService } from './reports.service';
import { SweepService } from './sweep.service';

@Module({
  // ComplianceModule: the controller's overdue list.
  imports: [TypeOrmModule.forFeature([ReminderLog, TaskReport]), MailModule, ComplianceModule, TasksModule],
  controllers: [RemindersController],
  providers: [SweepService, ReportsService, AlertsService],
  exports: [SweepService, ReportsService, AlertsService],
})
export class RemindersModule {}
