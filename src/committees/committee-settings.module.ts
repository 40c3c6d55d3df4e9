import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Committee } from './committee.entity';
import { CommitteeSettingsService } from './committee-settings.service';

/**
 * The settings each committee works by, for every feature that reads them (reminders, mail,
 * deadlines, imports). Apart from CommitteesModule, which sits above tasks and programs
 * (provisioning creates them), so that those features can read settings without a cycle.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Committee])],
  providers: [CommitteeSettingsService],
  exports: [CommitteeSettingsService],
})
export class CommitteeSettingsModule {}
