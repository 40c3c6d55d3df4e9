import { ChildProcess, spawn, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { freshDb, itOnSqlite } from './support/databases';

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
      ...(await freshDb(dir)),
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

  it('runs the import examples: the API upload, a row fix and the commit; the CLI dry run and import', async () => {
    const { makeDocx, makePdf } = await import('./support/documents');
    const { writeFileSync } = await import('fs');
    const plan = readFileSync(join(__dirname, 'fixtures', 'ke-hoach-dai-hoi-chi-bo.txt'), 'utf8').split('\n');
    // The API example fixes row 12: a program with a dozen tasks or more.
    const items = Array.from(
      { length: 14 },
      (_, i) => `${i + 1}. Chi bộ Khu phố ${i + 1} tổ chức hội nghị quán triệt Nghị quyết, hoàn thành trong quý IV/2025.`,
    );
    const work = mkdtempSync(join(tmpdir(), 'dondoc-readme-files-'));
    try {
      writeFileSync(join(work, 'chuong-trinh.pdf'), await makePdf([['CHƯƠNG TRÌNH HÀNH ĐỘNG', 'I. NHIỆM VỤ', ...items]]));
      const signIn = block('TOKEN=$(curl').split('\n\n')[0];
      const api = spawnSync('bash', ['-c', `set -euo pipefail\n${signIn}\n${block('localhost:3000/api/imports -H')}`], {
        cwd: work,
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
      expect(api.stderr).toBe('');
      expect(api.status).toBe(0);
      const answers = api.stdout
        .replace(/}\s*(?=\{)/g, '}\n')
        .split('\n')
        .filter(Boolean)
        .map((x) => JSON.parse(x));
      expect(answers).toHaveLength(4);
      expect(answers[0]).toMatchObject({ id: 1, status: 'preview', summary: { tasks: 14 } });
      // GET /api/imports/1 answers the same preview.
      expect(answers[1]).toMatchObject({ id: 1, status: 'preview', summary: { tasks: 14 } });
      expect(answers[2].tasks.find((r: { row: number }) => r.row === 12)).toMatchObject({ ownerUnitId: 4, deadline: { due: '2025-09-30' } });
      expect(answers[3]).toMatchObject({ status: 'committed' });
      expect(answers[3].result.created).toHaveLength(14);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    // The CLI examples name plan.docx, scan.pdf and ket-luan.docx in the project folder.
    const { makeScan } = await import('./support/scan');
    const conclusion = readFileSync(join(__dirname, 'fixtures', 'thong-bao-ket-luan-hoi-nghi.txt'), 'utf8').split('\n');
    writeFileSync(join(ROOT, 'plan.docx'), await makeDocx(plan));
    writeFileSync(join(ROOT, 'scan.pdf'), (await makeScan([plan.slice(0, 24)])).pdf);
    writeFileSync(join(ROOT, 'ket-luan.docx'), await makeDocx(conclusion));
    try {
      const r = run(block('npm run --silent import -- plan.docx'), env);
      // Only the OCR progress goes to stderr.
      expect(r.stderr.trim().split('\n')).toEqual(['nhận dạng chữ (OCR): trang 0/1', 'nhận dạng chữ (OCR): trang 1/1']);
      expect(r.status).toBe(0);
      const [first, scan, prose, ...rest] = r.stdout.trim().split('\n');
      expect(JSON.parse(first).tasks.length).toBe(11);
      expect(JSON.parse(first).program).toMatchObject({ kind: 'ke_hoach', number: '07-KH/ĐU', issuedDate: '2025-06-05' });
      // The first page of the plan, printed and scanned: its header and first tasks, read by OCR.
      const scanned = JSON.parse(scan);
      expect(scanned.program).toMatchObject({ number: '07-KH/ĐU', issuedDate: '2025-06-05' });
      expect(scanned.tasks.length).toBeGreaterThan(0);
      expect(scanned.tasks.every((t: { source: string; confidence: number }) => t.source === 'ocr' && t.confidence > 0)).toBe(true);
      expect(JSON.parse(prose).tasks.map((t: { proposed: boolean }) => t.proposed)).toEqual([true, true, true, true, true]);
      // Without --json the import reports in words.
      expect(rest.join('\n')).toMatch(/^Đã ghi văn bản #\d+: 11 mới, 0 cập nhật, 0 không đổi/);
    } finally {
      for (const f of ['plan.docx', 'scan.pdf', 'ket-luan.docx']) rmSync(join(ROOT, f), { force: true });
    }
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

  it('starts the service with `npm start` as printed (build, migrations, demo logins)', async () => {
    const line = block('npm install && npm start')
      .split('\n')
      .find((l) => l.includes('npm start'))!;
    const command = line.replace(/^npm install && /, ''); // installing is what CI's `npm ci` just did
    expect(command).toBe('npm start');
    const dir2 = mkdtempSync(join(tmpdir(), 'dondoc-start-'));
    const child = spawn('bash', ['-c', `exec ${command}`], {
      cwd: ROOT,
      detached: true,
      env: {
        ...process.env,
        PORT: '3002',
        HOST: '127.0.0.1',
        ...(await freshDb(dir2)),
        OUTBOX_DIR: join(dir2, 'outbox'),
        DEMO: 'true',
        BACKGROUND_JOBS: 'false',
        AUTH_SECRET: '',
        PUBLIC_URL: '',
        DONDOC_NOW: '',
      },
    });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`npm start exited (${code}): ${out}`)));
        timer = setInterval(() => out.includes('congan / dondoc-congan-2026') && resolve(), 100);
      }).finally(() => clearInterval(timer));
      expect(out).toMatch(/dondoc on http:\/\/localhost:3002/);
      const health = spawnSync('curl', ['-sS', 'localhost:3002/health/ready'], { encoding: 'utf8' });
      expect(JSON.parse(health.stdout)).toMatchObject({ ok: true, migrations: { pending: false } });
    } finally {
      // npm runs the service as a child: stop the whole group.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
      rmSync(dir2, { recursive: true, force: true });
    }
  });

  // The README's backup commands are the SQLite file's; PostgreSQL's pg_dump is tested in operations.
  itOnSqlite('takes a backup while the service runs, and restores the newest one once it is stopped, with the commands shown', async () => {
    const backup = run(block('npm run --silent backup'), env);
    expect(backup.status).toBe(0);
    const taken = JSON.parse(backup.stdout) as { file: string; bytes: number };
    expect(Object.keys(taken).sort()).toEqual(['bytes', 'file']);
    // While the service runs the restore refuses; stopped, it restores the newest backup.
    const refused = run(block('npm run --silent restore'), env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/stop the service first/);
    service.kill('SIGTERM');
    await new Promise((r) => service.once('exit', r));
    const restored = run(block('npm run --silent restore'), env);
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ restored: taken.file, integrity: 'ok' });
  });
});
