import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import nodemailer, { Transporter } from 'nodemailer';

export interface OutgoingMail {
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  html: string;
  text: string;
  /** Sent as a header so a receiving system can spot duplicates of one planned message. */
  idempotencyKey: string;
  attachments?: { filename: string; contentType: string; content: Buffer; cid?: string }[];
}

export interface SendResult {
  messageId: string;
  /** Recipients the server refused while accepting the others. */
  rejected: { address: string; error: string }[];
}

export abstract class MailTransport {
  abstract send(mail: OutgoingMail, fileName: string): Promise<SendResult>;
  async close(): Promise<void> {}
}

function toNodemailer(mail: OutgoingMail) {
  return {
    from: mail.from,
    to: mail.to,
    cc: mail.cc.length ? mail.cc : undefined,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    headers: { 'X-Dondoc-Key': mail.idempotencyKey },
    // Vietnamese text is mostly non-ASCII: base64 is smaller than quoted-printable and
    // encoded natively, where quoted-printable costs JavaScript time per character.
    textEncoding: 'base64' as const,
    attachments: mail.attachments,
  };
}

/**
 * SMTP through nodemailer's pool. `maxRequeues: 0`: the pool must not re-queue a message in
 * memory after a dropped connection (that both duplicates and loses mail); retries belong to
 * the outbox, which knows what was accepted.
 */
export class SmtpTransport extends MailTransport {
  private readonly transporter: Transporter;

  constructor(url: string, timeoutSeconds: number, connections: number) {
    super();
    const ms = timeoutSeconds * 1000;
    // One options object: a second argument to createTransport would be message defaults, not transport options.
    this.transporter = nodemailer.createTransport({
      url,
      pool: true,
      maxConnections: Math.max(1, connections),
      maxMessages: 100,
      maxRequeues: 0,
      connectionTimeout: ms,
      greetingTimeout: ms,
      socketTimeout: ms,
    } as object);
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    const info = await this.transporter.sendMail(toNodemailer(mail));
    const rejected = (info.rejected ?? []).map((r: unknown) => {
      const address = typeof r === 'string' ? r : String((r as { address?: string }).address ?? r);
      const detail = (info.rejectedErrors ?? []).find((e: { recipient?: string }) => e.recipient === address) as
        { response?: string; message?: string } | undefined;
      return { address, error: detail?.response ?? detail?.message ?? 'rejected' };
    });
    return { messageId: info.messageId, rejected };
  }

  override async close(): Promise<void> {
    this.transporter.close();
  }
}

/**
 * The embedded default when no SMTP server is configured: each message is written as an .eml
 * file (openable by any mail client) under ./data/outbox, so `npm start` works anywhere.
 */
export class EmlTransport extends MailTransport {
  private readonly transporter: Transporter;

  constructor(private readonly dir: string) {
    super();
    this.transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(mail: OutgoingMail, fileName: string): Promise<SendResult> {
    const info = await this.transporter.sendMail(toNodemailer(mail));
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(join(this.dir, `${fileName}.eml`), info.message as Buffer);
    return { messageId: info.messageId, rejected: [] };
  }
}
