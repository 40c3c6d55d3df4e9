/**
 * Reminder figures on a temp SQLite file, or PostgreSQL with --db postgres:
 *  - sweep: 100,000 tasks across 500 units, one sweep deciding and writing its outbox
 *    (time and peak RSS of this process);
 *  - sender: messages per second delivered to a local SMTP server (smtp-server on loopback,
 *    in this process, accepting everything).
 *   npm run --silent bench:reminders [-- --db sqlite|postgres --tasks 100000 --units 500 --messages 2000]
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'fs';
import { cpus, tmpdir } from 'os';
import { join } from 'path';
import { arg, benchDatabase, seedBenchDirectory } from './bench-data';
import { AddressInfo } from 'net';
import { execFile, execFileSync } from 'child_process';
import { SMTPServer } from 'smtp-server';

const TASKS = arg('tasks', 100_000);
const UNITS = arg('units', 500);
const MESSAGES = arg('messages', 2000);
const DATE = '2025-09-15';
/** The heap limit `npm start` gives the service (package.json), so the sweep is measured as it runs. */
const SERVICE_HEAP_FLAG = '--max-old-space-size=192';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-bench-'));
  const database = await benchDatabase(dir);
  let received = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _s, cb) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        cb();
      });
    },
  });
  // A connection's socket error is re-emitted on the server: heard, so one client's reset is not fatal.
  smtp.on('error', () => undefined);
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  Object.assign(process.env, {
    ...database.env,
    DEMO: 'false',
    BACKGROUND_JOBS: 'false',
    ADMIN_PASSWORD: 'bench-admin-password',
    SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    SENDER_BATCH_SIZE: '200',
    DONDOC_NOW: `${DATE}T02:00:00.000Z`,
  });
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module');
  const { ProvisioningService } = await import('../src/committees/provisioning.service');
  const { OutboxSender } = await import('../src/mail/outbox-sender.service');
  const { Db } = await import('../src/database/db.service');
  const { addDays } = await import('../src/deadlines/calendar');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    const { committeeId } = await app.get(ProvisioningService).seedIfEmpty();
    const db = app.get(Db);
    // Data: 500 units with an email each, one program, 100,000 tasks of every kind.
    const { programId: pid, unitIds } = await seedBenchDirectory(db, committeeId, UNITS);
    const units = unitIds.map((id) => ({ id }));
    const kinds = ['date', 'window', 'continuous', 'recurring', 'relative', 'unknown'];
    for (let i = 0; i < TASKS; i += 500) {
      const rows = Array.from({ length: Math.min(500, TASKS - i) }, (_, k) => i + k);
      const params: Record<string, unknown> = {};
      const tuples = rows.map((n, r) => {
        const values = (() => {
          const kind = kinds[n % kinds.length];
          const due = kind === 'continuous' || kind === 'unknown' ? null : addDays(DATE, (n % 41) - 20);
          return [
            committeeId,
            pid,
            `B.${n}`,
            n,
            `Nhiệm vụ số ${n}: tổ chức thực hiện, báo cáo kết quả`,
            `nhiem vu so ${n}`,
            units[n % units.length].id,
            'chậm nhất ngày …',
            kind,
            kind === 'window' ? addDays(due!, -30) : null,
            due,
            kind === 'recurring' ? 'month' : null,
            n % 10 === 0 ? 'done' : 'not_started',
          ];
        })();
        return `(${values.map((v, c) => ((params[`p${r}_${c}`] = v), `:p${r}_${c}`)).join(', ')}, 1)`;
      });
      await db.write((m) =>
        db.query(
          `INSERT INTO tasks ("committeeId", "programId", ref, position, text, "searchText", "leadUnitId", "deadlineRaw", "scheduleKind", "startDate", "dueDate", every, status, version) VALUES ${tuples.join(', ')}`,
          params,
          m,
        ),
      );
    }
    await db.optimize();

    // Sweep, in a fresh process of its own so its time and memory are the sweep's alone.
    const sweep = await sweepInChild(database.env);
    const result = { written: sweep.written as number };

    // Sender: the sweep's messages plus copies up to MESSAGES, all due now.
    await db.write(async (m) => {
      const extra = Math.max(0, MESSAGES - result.written);
      const [sample] = await db.query<Record<string, unknown>>('SELECT * FROM outbox LIMIT 1', {}, m);
      for (let i = 0; i < extra; i += 200) {
        const rows = Array.from({ length: Math.min(200, extra - i) }, (_, k) => i + k);
        await db.query(
          `INSERT INTO outbox ("committeeId", "idempotencyKey", kind, "unitId", "forDate", "to", cc, subject, template, data, items, status, attempts, "nextAttemptAt", ambiguous)
           VALUES ${rows.map((n) => `(:committeeId, 'bench:${n}', 'reminder', :unitId, :date, :to, '[]', :subject, :template, :data, '[]', 'pending', 0, '2000-01-01T00:00:00.000Z', 0)`).join(',')}`,
          { committeeId, unitId: sample.unitId, date: DATE, to: sample.to, subject: sample.subject, template: sample.template, data: sample.data },
          m,
        );
      }
    });
    const [{ n: total }] = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'`);
    const t1 = process.hrtime.bigint();
    const sent = await app.get(OutboxSender).drain();
    const sendMs = Number(process.hrtime.bigint() - t1) / 1e6;

    console.log(
      JSON.stringify(
        {
          db: database.db,
          sweep: { tasks: TASKS, units: UNITS, ...sweep },
          sender: { messages: Number(total), sent: sent.sent, received, ms: Math.round(sendMs), perSecond: Math.round((sent.sent / sendMs) * 1000) },
          machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
        },
        null,
        1,
      ),
    );
  } finally {
    await app.close();
    smtp.close(() => undefined);
    database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the compiled script with --phase sweep against the database and returns what it
 * measured: compiled, as the service runs, so the TypeScript compiler is not in the figures.
 */
function sweepInChild(dbEnv: Record<string, string>): Promise<Record<string, number>> {
  const root = join(__dirname, '..');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [...(process.env.DONDOC_TRACE ? ['--expose-gc'] : []), SERVICE_HEAP_FLAG, join(root, 'dist/scripts/bench-reminders.js'), '--phase', 'sweep'],
      { env: { ...process.env, ...dbEnv }, maxBuffer: 1 << 24 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`${err.message}\n${stderr}`));
        if (process.env.DONDOC_TRACE) process.stderr.write(stderr);
        resolve(JSON.parse(stdout.trim().split('\n').pop()!));
      },
    );
    child.stdin?.end();
  });
}

async function sweepPhase(): Promise<void> {
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module');
  const { SweepService } = await import('../src/reminders/sweep.service');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  const rssBefore = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  const [result] = await app.get(SweepService).run({ date: DATE });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  await app.close();
  process.stdout.write(
    JSON.stringify({
      messages: result.messages.length,
      items: result.messages.reduce((s, m) => s + m.items.length, 0),
      written: result.written,
      byRule: result.messages.flatMap((m) => m.items).reduce((a: Record<string, number>, i) => ((a[i.rule] = (a[i.rule] ?? 0) + 1), a), {}),
      ms: Math.round(ms),
      rssBeforeSweepMb: Math.round(rssBefore / 2 ** 20),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }) + '\n',
  );
}

if (process.argv.includes('--phase')) void sweepPhase();
else void main();
