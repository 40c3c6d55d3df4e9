import { ChildProcess, spawn } from 'child_process';
import http from 'http';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Client } from 'pg';
import request from 'supertest';
import { Db } from '../src/database/db.service';
import { addDays } from '../src/deadlines/calendar';
import { PASSWORD, createProgram, createTask, startApp } from './support/app';
import { dbEnv, itOnPostgres } from './support/databases';
import { freePort } from './support/net';
import { TestSmtp } from './support/smtp';

const ROOT = join(__dirname, '..');
// A fresh connection per request: Node 20's keep-alive agent may reuse a socket at the moment
// the service closes it as idle (ECONNRESET on a loaded machine), which is the client's race.
http.globalAgent = new http.Agent({ keepAlive: false });
const SECRET = 'three-instances-share-this-secret-0123456789';

interface Instance {
  child: ChildProcess;
  pid: number;
  url: string;
  out: () => string;
  exited: Promise<number | null>;
}

/** Starts src/main.ts as a real service process (what `npm start` runs), resolved once it listens. */
async function startInstance(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: '', LOG_FORMAT: '', LOG_LEVEL: '' },
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const deadline = Date.now() + 60_000;
  while (!out.includes('dondoc on ')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`instance did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, pid: child.pid!, url: `http://127.0.0.1:${port}`, out: () => out, exited };
}

describe('three service processes on one PostgreSQL', () => {
  jest.setTimeout(240_000);

  itOnPostgres(
    'sweep together: every reminder planned once, sent at least once through a flaky SMTP server, one instance SIGKILLed mid-send, duplicates only where the kill left the outcome unknown',
    async () => {
      const smtp = new TestSmtp({ failEvery: 5, delayMs: 60 });
      const smtpUrl = await smtp.start();
      const { DATABASE_URL } = await dbEnv('postgres');
      const dir = mkdtempSync(join(tmpdir(), 'dondoc-three-'));
      const instances: Instance[] = [];
      try {
        // The committee, its users and a plan, written by one app; then it stops.
        const days = Array.from({ length: 8 }, (_, i) => addDays('2025-08-12', i));
        const expected = new Set<string>();
        const setup = await startApp('2025-08-10', { env: { DB_TYPE: 'postgres', DATABASE_URL, AUTH_SECRET: SECRET } });
        try {
          const pid = await createProgram(setup);
          const units = [
            'Ban Xây dựng Đảng',
            'Chi bộ Công an phường',
            'Chi bộ Quân sự phường',
            'Văn phòng Đảng ủy',
            'Ủy ban Kiểm tra Đảng ủy',
            'Đảng bộ UBND phường',
          ];
          for (const [i, unit] of units.entries())
            for (let d = 0; d < 12; d++) {
              const [y, m, dd] = addDays('2025-08-12', d + (i % 3)).split('-');
              await createTask(setup, pid, {
                leadUnitId: setup.unitId(unit),
                ref: `${i + 1}.${d + 1}`,
                deadline: `chậm nhất ngày ${Number(dd)}/${Number(m)}/${y}`,
              });
            }
          // What each day's sweep should send, asked before any sweep ran (a dry run writes nothing).
          const [{ id: committeeId }] = await setup.app.get(Db).query<{ id: number }>('SELECT id FROM committees');
          for (const date of days) {
            const dry = await setup.http().post('/api/reminders/run').set(setup.as('office')).send({ date, dryRun: true }).expect(200);
            for (const msg of dry.body.messages) expected.add(`reminder:${committeeId}:${setup.unitId(msg.unit)}:${date}`);
          }
        } finally {
          await setup.close();
        }
        expect(expected.size).toBeGreaterThan(30);

        // Three instances with their jobs on (pg-boss), each sending every 200 ms.
        const env = {
          DB_TYPE: 'postgres',
          DATABASE_URL,
          AUTH_SECRET: SECRET,
          DEMO: 'false',
          BACKGROUND_JOBS: 'true',
          SMTP_URL: smtpUrl,
          DONDOC_START: '2025-08-19T02:00:00Z',
          OUTBOX_DIR: join(dir, 'outbox'),
          SENDER_INTERVAL_SECONDS: '1',
          SENDER_BATCH_SIZE: '4',
          SENDER_CONCURRENCY: '2',
          SENDER_BACKOFF_SECONDS: '0',
          SENDER_CLAIM_SECONDS: '3',
          SENDER_MAX_ATTEMPTS: '20',
          SMTP_TIMEOUT_SECONDS: '5',
        };
        instances.push(...(await Promise.all([0, 1, 2].map(() => startInstance(env)))));
        // A failure here names the instance and shows its log, not a bare socket error.
        const tokens = await Promise.all(
          instances.map(async (s, i) => {
            try {
              return (await request(s.url).post('/api/auth/login').send({ username: 'office', password: PASSWORD }).expect(200)).body.token;
            } catch (e) {
              throw new Error(`login on instance ${i}: ${(e as Error).message}; ${s.child.exitCode === null ? 'up' : 'exited'}: ${s.out().slice(-3000)}`);
            }
          }),
        );

        // Every instance sweeps every day at the same moment.
        const results = await Promise.all(
          days.flatMap((date) =>
            instances.map((s, i) =>
              request(s.url)
                .post('/api/reminders/run')
                .set({ Authorization: `Bearer ${tokens[i]}` })
                .send({ date })
                .then(
                  (r) => ({ date, status: r.status, written: Number(r.body.written ?? 0) }),
                  (e: Error) => ({
                    date,
                    status: 0,
                    written: 0,
                    error: `${e.message}; instance ${i}: ${s.child.exitCode === null ? 'up' : s.out().slice(-3000)}`,
                  }),
                ),
            ),
          ),
        );
        // An instance that died on its own says why here, not as a bare ECONNRESET.
        expect(instances.map((s) => (s.child.exitCode === null ? 'up' : s.out().slice(-3000)))).toEqual(['up', 'up', 'up']);
        expect(results.filter((r) => r.status !== 200)).toEqual([]);

        // Kill the second instance while it holds messages in flight.
        const pg = new Client({ connectionString: DATABASE_URL });
        await pg.connect();
        try {
          const victim = instances[1];
          const held = async () =>
            Number((await pg.query(`SELECT COUNT(*) AS n FROM outbox WHERE status = 'sending' AND "claimedBy" LIKE $1`, [`%:${victim.pid}:%`])).rows[0].n);
          const killBy = Date.now() + 60_000;
          while ((await held()) === 0 && Date.now() < killBy) await new Promise((r) => setTimeout(r, 20));
          expect(await held()).toBeGreaterThan(0);
          victim.child.kill('SIGKILL');
          await victim.exited;

          // The two left finish everything, the killed one's claims once they expire.
          const settleBy = Date.now() + 120_000;
          let open = 1;
          while (open > 0 && Date.now() < settleBy) {
            await new Promise((r) => setTimeout(r, 500));
            open = Number((await pg.query(`SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'sending')`)).rows[0].n);
          }
          expect(open).toBe(0);

          const rows = (
            await pg.query<{ key: string; status: string; ambiguous: number }>(
              `SELECT "idempotencyKey" AS key, status, ambiguous FROM outbox WHERE kind = 'reminder'`,
            )
          ).rows;
          // Planned once: exactly the messages the dry runs named, one row each; what the sweeps
          // said they wrote adds up to them (the catch-up sweep at start wrote the rest).
          expect(rows.map((r) => r.key).sort()).toEqual([...expected].sort());
          const catchUpLogged = instances[0].out() + instances[2].out() + instances[1].out();
          const written = results.reduce((s, r) => s + r.written, 0);
          expect(written).toBeLessThanOrEqual(expected.size);
          if (written < expected.size) expect(catchUpLogged).toMatch(/\[sweep\] swept/);
          // Sent at least once, nothing lost.
          expect(rows.every((r) => r.status === 'sent')).toBe(true);
          const got = smtp.byKey();
          for (const key of expected) expect([key, got.get(key) ?? 0]).toEqual([key, expect.any(Number)]);
          expect([...expected].filter((k) => !got.has(k))).toEqual([]);
          // Twice only where a killed sender's outcome was unknown, and then counted.
          const ambiguous = new Set(rows.filter((r) => Number(r.ambiguous) > 0).map((r) => r.key));
          const twice = [...got].filter(([k, n]) => k.startsWith('reminder:') && n > 1).map(([k]) => k);
          expect(twice.filter((k) => !ambiguous.has(k))).toEqual([]);
          expect(twice.length).toBeLessThanOrEqual(ambiguous.size);
          // The kill did leave claims behind: their messages went again, counted as ambiguous.
          expect(ambiguous.size).toBeGreaterThan(0);
          // The SMTP server did refuse some attempts, and they were retried.
          expect([...smtp.attempts.values()].some((n) => n > 1)).toBe(true);
          // The catch-up at start ran once across the three (pg-boss), not once per instance.
          const sweeps = (await pg.query(`SELECT COUNT(*) AS n FROM pgboss.job WHERE name = 'sweep' AND singleton_key = 'trigger'`)).rows[0].n;
          expect(Number(sweeps)).toBe(1);
        } finally {
          await pg.end();
        }
      } finally {
        for (const s of instances) if (s.child.exitCode === null) s.child.kill('SIGTERM');
        await Promise.all(instances.map((s) => s.exited));
        await smtp.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
