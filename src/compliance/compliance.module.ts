import { Module } from '@nestjs/common';
import { ProgramsModule } from '../programs/programs.module';
import { ComplianceController } from './compliance.controller';
import { ComplianceService } from './compliance.service';
import { DigestsService } from './digests.service';
import { OverdueService } from './overdue.service';

@Module({
  imports: [ProgramsModule],
  controllers: [ComplianceController],
  providers: [ComplianceService, DigestsService, OverdueService],
  exports: [ComplianceService, DigestsService, OverdueService],
})
export class ComplianceModule {}
