import { Module } from '@nestjs/common';
import { OutboxSender } from './outbox-sender.service';
import { OutboxController } from './outbox.controller';

@Module({ controllers: [OutboxController], providers: [OutboxSender], exports: [OutboxSender] })
export class MailModule {}
