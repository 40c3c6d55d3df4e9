import { CalendarsModule } from './calendars/calendars.module';
import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AuditModule } from './audit/audit.module';
import { BackupModule } from './backup/backup.module';
import { AuthModule } from './auth/auth.module';
import { CommitteeSettingsModule } from './committees/committee-settings.module';
import { CommitteesModule } from './committees/committees.module';
import { ComplianceModule } from './compliance/compliance.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { ImportsModule } from './imports/imports.module';
import { JobsModule } from './jobs/jobs.module';
import { MailModule } from './mail/mail.module';
import { ProgramsModule } from './programs/programs.module';
import { RemindersModule } from './reminders/reminders.module';
import { TasksModule } from './tasks/tasks.module';
import { UnitsModule } from './units/units.module';
import { UsersModule } from './users/users.module';
import { WebModule } from './web/web.module';

@Module({
  imports: [
    ScheduleModule.forRoot(),
    AppConfigModule,
    DatabaseModule,
    AuditModule,
    CommitteeSettingsModule,
    AuthModule,
    CalendarsModule,
    UnitsModule,
    TasksModule,
    ProgramsModule,
    UsersModule,
    ImportsModule,
    MailModule,
    RemindersModule,
    WebModule,
    ComplianceModule,
    HealthModule,
    BackupModule,
    CommitteesModule,
    JobsModule,
  ],
})
export class AppModule {}
