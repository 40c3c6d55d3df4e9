import { ParsedMail, simpleParser } from 'mailparser';
import { AddressInfo } from 'net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  key: string;
  from: string;
  rcpt: string[];
  subject: string;
  html: string;
  text: string;
  parsed: ParsedMail;
}

export interface SmtpOptions {
  /** Refuse (451) the first N attempts of every message, told apart by its X-Dondoc-Key header. */
  failFirst?: number;
  /** Recipients refused permanently (550) at RCPT TO. */
  rejectRcpt?: string[];
  /** Refuse (451) every Nth message the server is handed, whatever it is. */
  failEvery?: number;
  /** Wait this long before answering each message (a slow server keeps deliveries in flight). */
  delayMs?: number;
}

/** A real SMTP server (the smtp-server package) on a loopback port, recording what it accepted. */
export class TestSmtp {
  readonly received: Received[] = [];
  readonly attempts = new Map<string, number>();
  private handed = 0;
  private server: SMTPServer;
  port = 0;

  constructor(private readonly opts: SmtpOptions = {}) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, cb) => {
        if (opts.rejectRcpt?.includes(address.address)) return cb(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }));
        cb();
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks);
          const parsed = await simpleParser(raw);
          const key = String(parsed.headers.get('x-dondoc-key') ?? '');
          const n = (this.attempts.get(key) ?? 0) + 1;
          this.attempts.set(key, n);
          this.handed++;
          if (this.opts.delayMs) await new Promise((r) => setTimeout(r, this.opts.delayMs));
          if (this.opts.failFirst && n <= this.opts.failFirst) return cb(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }));
          if (this.opts.failEvery && this.handed % this.opts.failEvery === 0)
            return cb(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }));
          this.received.push({
            key,
            from: session.envelope.mailFrom ? (session.envelope.mailFrom as { address: string }).address : '',
            rcpt: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            text: parsed.text ?? '',
            parsed,
          });
          cb();
        });
      },
    });
  }

  /** Connection errors the server saw (a client killed mid-session resets its socket). */
  readonly errors: Error[] = [];

  async start(): Promise<string> {
    // smtp-server re-emits a connection's socket error on the server; unheard, Node throws it
    // and fails whatever test is running ("read ECONNRESET" when the three-instance test
    // SIGKILLs a sender mid-message). A real server logs it and serves the others: so do we.
    this.server.on('error', (e: Error) => this.errors.push(e));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this.url;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  byKey(): Map<string, number> {
    const m = new Map<string, number>();
    for (const r of this.received) m.set(r.key, (m.get(r.key) ?? 0) + 1);
    return m;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
