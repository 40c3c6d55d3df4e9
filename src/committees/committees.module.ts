import { Module } from '@nestjs/common';
import { CommitteeExportService } from './committee-export.service';
import { CommitteesController } from './committees.controller';

@Module({ controllers: [CommitteesController], providers: [CommitteeExportService], exports: [CommitteeExportService] })
export class CommitteesModule {}
