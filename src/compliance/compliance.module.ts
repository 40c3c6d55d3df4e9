import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClosedPeriod } from './closed-period.entity';
import { ProgramsModule } from '../programs/programs.module';
import { ComplianceController } from './compliance.controller';
import { ClosingService } from './closing.service';
import { ComplianceService } from './compliance.service';
import { DigestsService } from './digests.service';
import { OverdueService } from './overdue.service';
import { TallyService } from './tally.service';
import { CommitteeTallyDay, CommitteeTallyMonth, TallyDay, TallyMark, TallyMonth, TallyQueue, TallyReport, TallyShape, TallyState } from './tally.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      ClosedPeriod,
      TallyDay,
      TallyMonth,
      CommitteeTallyDay,
      CommitteeTallyMonth,
      TallyShape,
      TallyReport,
      TallyMark,
      TallyQueue,
      TallyState,
    ]),
    ProgramsModule,
  ],
  controllers: [ComplianceController],
  providers: [ComplianceService, DigestsService, OverdueService, ClosingService, TallyService],
  exports: [ComplianceService, DigestsService, OverdueService, ClosingService, TallyService],
})
export class ComplianceModule {}
