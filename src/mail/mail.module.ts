import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxMessage } from './outbox.entity';
import { Module } from '@nestjs/common';
import { OutboxSender } from './outbox-sender.service';
import { OutboxController } from './outbox.controller';
import { OutboxService } from './outbox.service';

@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage])],
  controllers: [OutboxController],
  providers: [OutboxSender, OutboxService],
  exports: [OutboxSender, OutboxService],
})
export class MailModule {}
