import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { SeedService } from './database/seed.service';
import { ImportsModule } from './imports/imports.module';
import { ProgramsModule } from './programs/programs.module';
import { TasksModule } from './tasks/tasks.module';
import { UnitsModule } from './units/units.module';
import { UsersModule } from './users/users.module';

@Module({
  imports: [AppConfigModule, DatabaseModule, AuditModule, AuthModule, UnitsModule, TasksModule, ProgramsModule, UsersModule, ImportsModule],
  providers: [SeedService],
})
export class AppModule {}
