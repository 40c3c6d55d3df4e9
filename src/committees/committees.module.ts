import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProgramsModule } from '../programs/programs.module';
import { TasksModule } from '../tasks/tasks.module';
import { UsersModule } from '../users/users.module';
import { CommitteeExportService } from './committee-export.service';
import { Committee } from './committee.entity';
import { CommitteesController } from './committees.controller';
import { CommitteesService } from './committees.service';
import { ProvisioningService } from './provisioning.service';

@Module({
  imports: [TypeOrmModule.forFeature([Committee]), UsersModule, ProgramsModule, TasksModule],
  controllers: [CommitteesController],
  providers: [CommitteeExportService, ProvisioningService, CommitteesService],
  exports: [CommitteeExportService, ProvisioningService, CommitteesService],
})
export class CommitteesModule {}
