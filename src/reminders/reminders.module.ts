import { TypeOrmModule } from '@nestjs/typeorm';
import { ReminderLog } from './reminder-log.entity';
import { TaskReport } from './task-report.entity';
import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance/compliance.module';
import { MailModule } from '../mail/mail.module';
import { RemindersController } from './reminders.controller';
import { ReportsService } from './reports.service';
import { SweepService } from './sweep.service';

@Module({
  // ComplianceModule: the controller's overdue list.
  imports: [TypeOrmModule.forFeature([ReminderLog, TaskReport]), MailModule, ComplianceModule],
  controllers: [RemindersController],
  providers: [SweepService, ReportsService],
  exports: [SweepService, ReportsService],
})
export class RemindersModule {}
