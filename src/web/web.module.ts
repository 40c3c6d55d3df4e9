import { CalendarsModule } from '../calendars/calendars.module';
import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance/compliance.module';
import { CommitteesModule } from '../committees/committees.module';
import { ImportsModule } from '../imports/imports.module';
import { MailModule } from '../mail/mail.module';
import { ProgramsModule } from '../programs/programs.module';
import { RemindersModule } from '../reminders/reminders.module';
import { TasksModule } from '../tasks/tasks.module';
import { UnitsModule } from '../units/units.module';
import { UsersModule } from '../users/users.module';
import { UserPagesController } from './user-pages.controller';
import { CommitteePagesController } from './committee-pages.controller';
import { AuditPagesController } from './audit-pages.controller';
import { ImportPagesController } from './import-pages.controller';
import { InspectionController } from './inspection.controller';
import { ProvinceController } from './province.controller';
import { LinkController } from './link.controller';
import { OfficeController } from './office.controller';
import { PageGuard } from './page.guard';
import { ProgramPagesController } from './program-pages.controller';
import { SessionController } from './session.controller';
import { TaskPagesController } from './task-pages.controller';
import { UnitController } from './unit.controller';
import { UnitPagesController } from './unit-pages.controller';

/** The pages: server-rendered over the same services as the API. */
@Module({
  imports: [
    CalendarsModule,
    UsersModule,
    TasksModule,
    RemindersModule,
    ComplianceModule,
    ProgramsModule,
    UnitsModule,
    ImportsModule,
    MailModule,
    CommitteesModule,
  ],
  controllers: [
    SessionController,
    OfficeController,
    ProgramPagesController,
    ImportPagesController,
    TaskPagesController,
    UnitController,
    InspectionController,
    ProvinceController,
    UnitPagesController,
    LinkController,
    AuditPagesController,
    UserPagesController,
    CommitteePagesController,
  ],
  providers: [PageGuard],
})
export class WebModule {}
