import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance/compliance.module';
import { MailModule } from '../mail/mail.module';
import { RemindersController } from './reminders.controller';
import { RemindersScheduler } from './reminders.scheduler';
import { ReportsService } from './reports.service';
import { SweepService } from './sweep.service';

@Module({
  imports: [MailModule, ComplianceModule],
  controllers: [RemindersController],
  providers: [SweepService, ReportsService, RemindersScheduler],
  exports: [SweepService, ReportsService],
})
export class RemindersModule {}
