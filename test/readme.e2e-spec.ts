import { ChildProcess, spawn, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const ROOT = join(__dirname, '..');

/** The README's ```bash blocks, in order. */
function bashBlocks(): string[] {
  const md = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...md.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
}

const block = (needle: string) => {
  const b = bashBlocks().find((x) => x.includes(needle));
  if (!b) throw new Error(`README has no bash block with ${needle}`);
  return b;
};

/** Runs a block with bash, failing on the first command that fails (curl's exit 3 included). */
function run(script: string, env: Record<string, string>) {
  return spawnSync('bash', ['-c', `set -euo pipefail\n${script}`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
}

/**
 * The README's commands, run as printed, against the service started as `npm start` would on a
 * fresh database (the demo plan) on port 3000, with the clock set to the README's day.
 */
describe('the README, as printed', () => {
  jest.setTimeout(120_000);
  let dir: string;
  let service: ChildProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dondoc-readme-'));
    env = {
      DB_PATH: join(dir, 'dondoc.sqlite'),
      OUTBOX_DIR: join(dir, 'outbox'),
      BACKUP_DIR: join(dir, 'backups'),
      DONDOC_NOW: '2026-11-25T02:00:00Z',
      SMTP_URL: '',
      PUBLIC_URL: '',
    };
    service = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env, PORT: '3000', HOST: '127.0.0.1', DEMO: 'true', BACKGROUND_JOBS: 'false', AUTH_SECRET: '', ADMIN_PASSWORD: '' },
    });
    let out = '';
    service.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    service.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve, reject) => {
      service.once('exit', (code) => reject(new Error(`service exited (${code}): ${out}`)));
      timer = setInterval(() => {
        if (out.includes('First start')) {
          clearInterval(timer);
          setTimeout(resolve, 300);
        }
      }, 50);
    }).finally(() => clearInterval(timer));
  });
  afterAll(() => {
    service?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the curl session: every command succeeds and answers JSON', () => {
    const script = block('TOKEN=$(curl');
    const r = run(script, env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // Each answer is one JSON document, in the order of the commands.
    const answers = r.stdout
      .replace(/}\s*(?=[{[])|]\s*(?=[{[])/g, (m) => `${m.trim()}\n`)
      .split('\n')
      .filter(Boolean)
      .map((x) => JSON.parse(x));
    expect(answers).toHaveLength(6);
    const [units, overdue, search, created, confirm, parsed] = answers;
    expect(units.length).toBeGreaterThan(10);
    expect(overdue.items.map((t: { ref: string }) => t.ref)).toContain('II.1');
    expect(search).toHaveProperty('items');
    expect(created).toMatchObject({ ref: 'II.10', deadline: { due: '2026-12-15' } });
    expect(confirm.statusCode).toBe(409);
    expect(parsed).toMatchObject({ kind: 'relative', due: '2025-08-30' });
  });

  it('prints what the deadline example says it prints', () => {
    const script = block('npm run --silent deadline');
    const expected = /^# (\{.*\})$/m.exec(script)![1];
    const r = run(script, env);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(expected));
  });

  it('runs the reminder examples: the CLI dry run and the API call agree', () => {
    // In the same shell as the curl session: its first lines set $TOKEN and $H.
    const signIn = block('TOKEN=$(curl').split('\n\n')[0];
    const r = run(`${signIn}\n${block('npm run --silent remind')}`, env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [cli, api] = r.stdout
      .trim()
      .split('\n')
      .map((x) => JSON.parse(x));
    const ubkt = cli.messages.find((m: { unit: string }) => m.unit === 'Ủy ban Kiểm tra Đảng ủy');
    expect(ubkt).toMatchObject({
      to: ['ubkt@example.vn'],
      subject: '[dondoc] Ủy ban Kiểm tra Đảng ủy: 1 sắp đến hạn',
      items: [{ ref: 'II.3', rule: 'before_3', due: '2026-11-28' }],
    });
    expect(api.messages).toEqual(cli.messages);
  });

  it('takes a backup with the command shown', () => {
    const line = block('npm run --silent backup').split('\n')[0];
    const r = run(line, env);
    expect(r.status).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout)).sort()).toEqual(['bytes', 'file']);
  });
});
