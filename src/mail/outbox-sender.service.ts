import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { randomBytes } from 'crypto';
import { hostname } from 'os';
import { Brackets, WhereExpressionBuilder } from 'typeorm';
import { Clock } from '../common/clock';
import { CommitteeSettingsService } from '../committees/committee-settings.service';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { Db } from '../database/db.service';
import { EmlTransport, MailTransport, SmtpTransport } from './mail-transport';
import { OutboxMessage, bodies } from './outbox.entity';

export interface SendReport {
  sent: number;
  retried: number;
  failed: number;
}

/** Where a test may freeze the sender to kill it (SIGKILL) at a chosen point. Unset in production. */
type PausePoint = 'claimed' | 'accepted' | 'marking';

/**
 * Delivers the outbox. Each message is claimed atomically (a conditional UPDATE), sent, then
 * marked sent; nothing is marked before the SMTP server accepted it. A claim that expires
 * without a mark (the process died) is retried and counted as ambiguous: if the server had
 * accepted it, the retry is a duplicate — visible, never silent.
 */
@Injectable()
export class OutboxSender implements OnModuleDestroy {
  private readonly log = new Logger('outbox');
  private readonly me = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private transport: MailTransport;
  private running: Promise<SendReport> | null = null;
  private readonly pauseAt = process.env.DONDOC_TEST_PAUSE_AT as PausePoint | undefined;
  private batchSeq = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: CommitteeSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.transport = config.mail.smtpUrl
      ? new SmtpTransport(config.mail.smtpUrl, config.reminders.sender.timeoutSeconds, config.reminders.sender.concurrency)
      : new EmlTransport(config.outboxDir);
  }

  async onModuleDestroy(): Promise<void> {
    await this.running?.catch(() => undefined);
    await this.transport.close();
  }

  /** One pass over the messages that are due; concurrent calls share the pass in progress. */
  processDue(): Promise<SendReport> {
    if (!this.running) this.running = this.pass().finally(() => (this.running = null));
    return this.running;
  }

  /**
   * Passes until nothing more is due now: the interval sender's tick (so a large sweep goes
   * out at the transport's pace, not one batch per tick), CLIs and tests. With
   * `waitForOthersSeconds`, an empty pass while other senders still hold claimed messages waits
   * for them (up to that long): a CLI then reports once the mail is really out, or retried.
   */
  async drain(opts: { maxPasses?: number; waitForOthersSeconds?: number } = {}): Promise<SendReport> {
    const total: SendReport = { sent: 0, retried: 0, failed: 0 };
    const deadline = Date.now() + (opts.waitForOthersSeconds ?? 0) * 1000;
    for (let i = 0; i < (opts.maxPasses ?? 100_000); i++) {
      const r = await this.processDue();
      total.sent += r.sent;
      total.retried += r.retried;
      total.failed += r.failed;
      if (r.sent + r.retried + r.failed > 0) continue;
      if (Date.now() >= deadline || (await this.claimedElsewhere()) === 0) break;
      await new Promise((res) => setTimeout(res, 200));
    }
    return total;
  }

  /** Messages another sender has claimed and not yet marked. */
  private async claimedElsewhere(): Promise<number> {
    const [{ n }] = await this.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM outbox WHERE status = 'sending'`);
    return Number(n);
  }

  private async pass(): Promise<SendReport> {
    const report: SendReport = { sent: 0, retried: 0, failed: 0 };
    const batch = await this.claim();
    if (batch.length === 0) return report;
    await this.pause('claimed');
    // Several messages in flight at once over the pooled connections: one SMTP round trip per
    // message would otherwise bound the rate on a quiet network, let alone a busy one.
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const msg = batch[next++];
        report[await this.deliver(msg)]++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, batch.length) }, worker));
    return report;
  }

  private get concurrency(): number {
    return Math.max(1, this.config.reminders.sender.concurrency);
  }

  /**
   * Takes a batch of due messages in one conditional UPDATE, so two senders never take the
   * same row. A re-claimed 'sending' row (its sender died) counts as ambiguous.
   */
  private async claim(): Promise<OutboxMessage[]> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const until = new Date(now.getTime() + this.config.reminders.sender.claimSeconds * 1000).toISOString();
    const token = `${this.me}:${++this.batchSeq}`;
    const due = (w: WhereExpressionBuilder) =>
      w.where(`status = 'pending' AND "nextAttemptAt" <= :now`, { now: nowIso }).orWhere(`status = 'sending' AND "claimedUntil" < :now`, { now: nowIso });
    const claimed = await this.db.write(async (m) => {
      const pick = m
        .createQueryBuilder(OutboxMessage, 'o')
        .select('o.id', 'id')
        .where(new Brackets(due))
        .orderBy('o.id', 'ASC')
        .limit(this.config.reminders.sender.batchSize);
      // PostgreSQL: senders on other instances claim at the same moment; each skips the rows
      // another has locked instead of waiting for them and then finding them taken.
      if (this.db.dialect === 'postgres') pick.setLock('pessimistic_write').setOnLocked('skip_locked');
      const ids = (await pick.getRawMany<{ id: number }>()).map((r) => r.id);
      if (ids.length === 0) return 0;
      const res = await m
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({
          status: 'sending',
          claimedBy: token,
          claimedUntil: until,
          attempts: () => 'attempts + 1',
          ambiguous: () => "ambiguous + CASE WHEN status = 'sending' THEN 1 ELSE 0 END",
        })
        .where('id IN (:...ids)', { ids })
        .andWhere(new Brackets(due))
        .execute();
      return res.affected ?? 0;
    });
    if (!claimed) return [];
    const msgs = await this.db.manager.find(OutboxMessage, { where: { claimedBy: token, status: 'sending' }, order: { id: 'ASC' } });
    for (const msg of msgs) {
      if (msg.ambiguous > 0 && msg.attempts > 1)
        this.log.warn(
          `outbox #${msg.id} (${msg.idempotencyKey}) is sent again after an attempt with an unknown outcome: a duplicate is possible (ambiguous=${msg.ambiguous})`,
        );
    }
    return msgs;
  }

  private async deliver(msg: OutboxMessage): Promise<'sent' | 'retried' | 'failed'> {
    try {
      const result = await this.transport.send(
        {
          // The committee's own sender (inherited from its province unless set).
          from: (await this.settings.effective(msg.committeeId)).mailFrom,
          to: msg.to,
          cc: msg.cc,
          subject: msg.subject,
          ...bodies(msg),
          idempotencyKey: msg.idempotencyKey,
          attachments: msg.attachments?.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: Buffer.from(a.base64, 'base64'),
            cid: a.cid,
          })),
        },
        `${String(msg.id).padStart(6, '0')}-${msg.idempotencyKey.replace(/[^a-zA-Z0-9-]+/g, '_')}`,
      );
      await this.pause('accepted');
      await this.db.write(async (m) => {
        await m
          .createQueryBuilder()
          .update(OutboxMessage)
          .set({
            status: 'sent',
            sentAt: this.clock.now().toISOString(),
            messageId: result.messageId,
            lastError: null,
            recipientErrors: result.rejected.length ? result.rejected : null,
            claimedUntil: null,
          })
          .where('id = :id AND "claimedBy" = :token', { id: msg.id, token: msg.claimedBy })
          .execute();
        await this.pause('marking');
      });
      if (result.rejected.length) this.log.warn(`outbox #${msg.id}: refused by the server for ${result.rejected.map((r) => r.address).join(', ')}`);
      return 'sent';
    } catch (e) {
      const err = e as { message?: string; responseCode?: number; code?: string };
      const error = `${err.responseCode ? `${err.responseCode} ` : ''}${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}`.slice(0, 2000);
      const s = this.config.reminders.sender;
      const failed = msg.attempts >= s.maxAttempts;
      const delayMs = s.backoffSeconds * 1000 * 2 ** (msg.attempts - 1);
      const next = new Date(this.clock.now().getTime() + Math.min(delayMs, 24 * 3600 * 1000)).toISOString();
      await this.db.write((m) =>
        m
          .createQueryBuilder()
          .update(OutboxMessage)
          .set({ status: failed ? 'failed' : 'pending', nextAttemptAt: next, lastError: error, claimedUntil: null })
          .where('id = :id AND "claimedBy" = :token', { id: msg.id, token: msg.claimedBy })
          .execute(),
      );
      this.log.warn(`outbox #${msg.id} attempt ${msg.attempts} failed${failed ? ' (giving up)' : ''}: ${error}`);
      return failed ? 'failed' : 'retried';
    }
  }

  private async pause(point: PausePoint): Promise<void> {
    if (this.pauseAt !== point) return;
    process.stdout.write(`DONDOC_PAUSED ${point}\n`);
    await new Promise(() => undefined); // frozen until the test kills the process
  }
}
