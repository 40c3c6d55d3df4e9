import { TypeOrmModule } from '@nestjs/typeorm';
import { Committee } from './committee.entity';
import { Module } from '@nestjs/common';
import { CommitteeExportService } from './committee-export.service';
import { CommitteesController } from './committees.controller';

@Module({
  imports: [TypeOrmModule.forFeature([Committee])],
  controllers: [CommitteesController],
  providers: [CommitteeExportService],
  exports: [CommitteeExportService],
})
export class CommitteesModule {}
