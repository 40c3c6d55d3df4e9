import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClosedPeriod } from './closed-period.entity';
import { ProgramsModule } from '../programs/programs.module';
import { ComplianceController } from './compliance.controller';
import { ClosingService } from './closing.service';
import { ComplianceService } from './compliance.service';
import { DigestsService } from './digests.service';
import { OverdueService } from './overdue.service';

@Module({
  imports: [TypeOrmModule.forFeature([ClosedPeriod]), ProgramsModule],
  controllers: [ComplianceController],
  providers: [ComplianceService, DigestsService, OverdueService, ClosingService],
  exports: [ComplianceService, DigestsService, OverdueService, ClosingService],
})
export class ComplianceModule {}
