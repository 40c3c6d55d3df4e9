import { Module } from '@nestjs/common';
import { ComplianceController } from './compliance.controller';
import { ComplianceService } from './compliance.service';
import { DigestsService } from './digests.service';

@Module({ controllers: [ComplianceController], providers: [ComplianceService, DigestsService], exports: [ComplianceService, DigestsService] })
export class ComplianceModule {}
