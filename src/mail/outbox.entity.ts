import { queryIn } from '../database/db.service';
import { Column, CreateDateColumn, Entity, EntityManager, Index, PrimaryGeneratedColumn } from 'typeorm';
import { render } from './templates';

/**
 * pending → sending → sent | failed. `held`: written but nobody to send it to yet (the unit
 * has no email address); released to pending when the unit gets one.
 */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'held';

export interface OutboxItem {
  taskId: number;
  ref: string | null;
  rule: string;
  due: string;
  key: string;
}

/**
 * Every email dondoc sends goes through here first. The idempotency key is unique, so a
 * repeated sweep, a restart or a second instance cannot plan the same message twice; the
 * sender claims rows atomically and marks them sent only after the SMTP server accepted them.
 */
@Entity('outbox')
@Index(['status', 'nextAttemptAt'])
@Index(['committeeId', 'createdAt'])
export class OutboxMessage {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) committeeId: number;
  @Column({ type: 'varchar', length: 200, unique: true }) idempotencyKey: string;
  @Column({ type: 'varchar', length: 32 }) kind: string;
  @Column({ type: 'integer', nullable: true }) unitId: number | null;
  /** Local day the message is for. */
  @Column({ type: 'varchar', length: 10 }) forDate: string;
  @Column({ type: 'simple-json' }) to: string[];
  @Column({ type: 'simple-json' }) cc: string[];
  @Column({ type: 'varchar', length: 300 }) subject: string;
  /**
   * The message is stored as its template and data, and rendered when sent or previewed: the
   * data is a fraction of the size of the HTML and text bodies it produces.
   */
  @Column({ type: 'varchar', length: 40 }) template: string;
  @Column({ type: 'simple-json' }) data: object;
  @Column({ type: 'simple-json' }) items: OutboxItem[];
  /** Files to attach (e.g. the XLSX of a summary), base64. */
  @Column({ type: 'simple-json', nullable: true }) attachments: { filename: string; contentType: string; base64: string; cid?: string }[] | null;
  @Column({ type: 'varchar', length: 10, default: 'pending' }) status: OutboxStatus;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  /** ISO instant; the sender takes pending rows whose time has come. */
  @Column({ type: 'varchar', length: 30 }) nextAttemptAt: string;
  @Column({ type: 'varchar', length: 100, nullable: true }) claimedBy: string | null;
  @Column({ type: 'varchar', length: 30, nullable: true }) claimedUntil: string | null;
  @Column({ type: 'varchar', length: 30, nullable: true }) sentAt: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) messageId: string | null;
  @Column({ type: 'text', nullable: true }) lastError: string | null;
  /** Recipients the SMTP server refused permanently while accepting the others. */
  @Column({ type: 'simple-json', nullable: true }) recipientErrors: { address: string; error: string }[] | null;
  /**
   * Times this message was sent again after an attempt whose outcome is unknown (the sender
   * died between claiming and marking it sent): each may be a duplicate, so it is counted.
   */
  @Column({ type: 'integer', default: 0 }) ambiguous: number;
  @CreateDateColumn() createdAt: Date;
}

/** The HTML and plain-text bodies of a message, from its template and data. */
export function bodies(msg: Pick<OutboxMessage, 'template' | 'data'>): { html: string; text: string } {
  // "compliance/summary" is the summary template of the compliance feature; a bare name is mail's.
  const [feature, name] = msg.template.includes('/') ? msg.template.split('/', 2) : ['mail', msg.template];
  return { html: render(name, 'html', msg.data, feature), text: render(name, 'txt', msg.data, feature) };
}

/**
 * Plans a message in the caller's transaction unless one with the same idempotency key exists.
 * Returns the new row's id, or null when the key was taken (a rerun, a second instance).
 */
export async function enqueue(m: EntityManager, msg: Partial<OutboxMessage>, now: string): Promise<number | null> {
  const run = (sql: string, params: Record<string, unknown>) => queryIn(m, sql, params);
  const key = { key: msg.idempotencyKey };
  // SQLite: write transactions are exclusive, so check-then-insert cannot race. PostgreSQL:
  // several instances plan at once; the unique key decides, and losing is "already planned".
  const postgres = m.connection.options.type === 'postgres';
  if (!postgres && (await run(`SELECT 1 FROM outbox WHERE "idempotencyKey" = :key`, key)).length) return null;
  // A plain INSERT: the sweep plans hundreds of these with large data, and the ORM's insert
  // path costs it about half a second and tens of MB more.
  const inserted = await run(
    `INSERT INTO outbox ("committeeId", "idempotencyKey", kind, "unitId", "forDate", "to", cc, subject, template, data, items, attachments, status, attempts, "nextAttemptAt", ambiguous)
     VALUES (:committeeId, :key, :kind, :unitId, :forDate, :to, :cc, :subject, :template, :data, :items, :attachments, :status, 0, :now, 0)${
       postgres ? ' ON CONFLICT ("idempotencyKey") DO NOTHING RETURNING id' : ''
     }`,
    {
      committeeId: msg.committeeId,
      key: msg.idempotencyKey,
      kind: msg.kind,
      unitId: msg.unitId ?? null,
      forDate: msg.forDate,
      to: JSON.stringify(msg.to ?? []),
      cc: JSON.stringify(msg.cc ?? []),
      subject: msg.subject,
      template: msg.template,
      data: JSON.stringify(msg.data ?? {}),
      items: JSON.stringify(msg.items ?? []),
      attachments: msg.attachments ? JSON.stringify(msg.attachments) : null,
      status: msg.status ?? 'pending',
      now,
    },
  );
  if (postgres && inserted.length === 0) return null;
  if (msg.status === 'held' && msg.lastError)
    await run(`UPDATE outbox SET "lastError" = :reason WHERE "idempotencyKey" = :key`, { ...key, reason: msg.lastError });
  const [{ id }] = await run(`SELECT id FROM outbox WHERE "idempotencyKey" = :key`, key);
  return id as number;
}
