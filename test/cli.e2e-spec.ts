import { execFileSync, spawnSync } from 'child_process';
import { join } from 'path';
import { TestApp, startApp } from './support/app';
import { freshDb } from './support/databases';

const ROOT = join(__dirname, '..');

function deadlineCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/deadline.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('deadline CLI and API', () => {
  it('prints exactly kind, start, due, every, event, reason', () => {
    const r = deadlineCli([
      '--issued',
      '2025-08-25',
      '--event',
      'Đại hội Đảng bộ phường=2025-08-20',
      'chậm nhất 10 ngày sau đại hội, hoàn thành trước ngày 31/8/2025',
    ]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      kind: 'relative',
      start: null,
      due: '2025-08-30',
      every: null,
      event: { name: 'Đại hội Đảng bộ phường', offsetDays: 10 },
      reason: null,
    });
  });

  it('exits 0 with a reason for unknown phrases', () => {
    const r = deadlineCli(['sớm']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'unknown', start: null, due: null, reason: expect.any(String) });
  });

  it('rejects bad arguments with exit 2', () => {
    const r = deadlineCli(['--issued', '2025-02-31', 'quý IV']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--issued/);
  });

  it('is reachable through npm run --silent deadline', () => {
    const out = execFileSync('npm', ['run', '--silent', 'deadline', '--', 'quý IV/2025'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(JSON.parse(out)).toEqual({ kind: 'window', start: '2025-10-01', due: '2025-12-31', every: null, event: null, reason: null });
  });

  describe('POST /api/deadlines/parse', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startApp()));
    afterAll(() => t.close());

    it('returns the same object as the CLI', async () => {
      const body = {
        phrase: 'chậm nhất 10 ngày sau đại hội, hoàn thành trước ngày 31/8/2025',
        issued: '2025-08-25',
        events: [{ name: 'Đại hội Đảng bộ phường', date: '2025-08-20' }],
      };
      const res = await t.http().post('/api/deadlines/parse').set(t.as('xdd')).send(body).expect(200);
      const cli = deadlineCli(['--issued', '2025-08-25', '--event', 'Đại hội Đảng bộ phường=2025-08-20', body.phrase]);
      expect(res.body).toEqual(JSON.parse(cli.stdout));
    });

    it('answers 400 naming the field for an impossible issue date', async () => {
      const res = await t.http().post('/api/deadlines/parse').set(t.as('xdd')).send({ phrase: 'quý IV', issued: '2025-02-31' }).expect(400);
      expect(res.body.message).toMatch(/issued/);
    });
  });
});

describe('import CLI', () => {
  const importCli = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/import.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
  const plan = join(ROOT, 'test/fixtures/ke-hoach-dai-hoi-chi-bo.txt');

  it('--dry-run --json prints tasks, targets and warnings without a database', () => {
    const r = importCli([plan, '--issued', '2025-06-05', '--event', 'Đại hội Đảng bộ phường=2025-08-12', '--dry-run', '--json'], {
      DB_PATH: join(require('os').tmpdir(), `none-${process.pid}.sqlite`),
    });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['program', 'tasks', 'targets', 'warnings']);
    expect(out.tasks).toHaveLength(11);
    expect(out.tasks.find((x: any) => x.ref === 'II.1-1+3')).toEqual({
      ref: 'II.1-1+3',
      owner: 'Ban Thường vụ Đảng ủy',
      coOwners: [],
      text: expect.stringMatching(/^Tổng hợp kết quả đại hội các chi bộ/),
      deadline: { raw: 'chậm nhất 10 ngày sau đại hội, hoàn thành trước ngày 31/8/2025', kind: 'relative', start: null, due: '2025-08-22', every: null },
      proposed: false,
      source: 'text',
    });
    expect(out.warnings).toContainEqual(expect.objectContaining({ code: 'no_deadline', ref: 'II.4' }));
    // The header block of the plan, as printed at its top.
    expect(out.program).toEqual({
      kind: 'ke_hoach',
      number: '07-KH/ĐU',
      title: 'Kế hoạch tổ chức đại hội các chi bộ trực thuộc và Đại hội Đảng bộ phường lần thứ I, nhiệm kỳ 2025 - 2030',
      issuingBody: 'ĐẢNG BỘ PHƯỜNG AN HÒA / ĐẢNG ỦY PHƯỜNG',
      issuedDate: '2025-06-05',
      place: 'An Hòa',
    });
  });

  it('commits into the configured database, and a second run changes nothing', async () => {
    const dir = require('fs').mkdtempSync(join(require('os').tmpdir(), 'dondoc-cli-'));
    const env = { ...(await freshDb(dir, 'cli.sqlite')), DEMO: 'false', ADMIN_PASSWORD: 'cli-admin-password' };
    try {
      const first = importCli([plan, '--issued', '2025-06-05', '--kind', 'ke_hoach', '--title', 'Kế hoạch đại hội', '--create-units', '--json'], env);
      expect(first.status).toBe(0);
      const r1 = JSON.parse(first.stdout).result;
      expect(r1.created).toHaveLength(11);
      expect(r1.unitsCreated).toEqual(['Hội Cựu chiến binh phường']);
      const second = JSON.parse(importCli([plan, '--program', String(r1.programId), '--json'], env).stdout).result;
      expect(second).toMatchObject({ programId: r1.programId, created: [], updated: [], unchanged: 11 });
    } finally {
      require('fs').rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a file of another type with exit 2 and a message', () => {
    const r = importCli([join(ROOT, 'package.json'), '--dry-run']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/file: chỉ nhận tệp/);
  });
});

describe('remind CLI', () => {
  it('prints what the sweep would send as one JSON object, and sends it without --dry-run', async () => {
    const dir = require('fs').mkdtempSync(join(require('os').tmpdir(), 'dondoc-remind-'));
    const env = { ...process.env, ...(await freshDb(dir, 'r.sqlite')), DEMO: 'true', OUTBOX_DIR: join(dir, 'outbox'), SMTP_URL: '' };
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/remind.ts', ...args], { cwd: ROOT, encoding: 'utf8', env });
    try {
      // The demo plan (config/demo.yaml): II.3 is due 28/11/2026, II.1 was due 10/11/2026.
      const dry = run(['--date', '2026-11-25', '--dry-run']);
      expect(dry.status).toBe(0);
      const out = JSON.parse(dry.stdout);
      expect(Object.keys(out)).toEqual(['date', 'messages']);
      expect(out.date).toBe('2026-11-25');
      const ubkt = out.messages.find((m: any) => m.unit === 'Ủy ban Kiểm tra Đảng ủy');
      expect(ubkt).toEqual({
        unit: 'Ủy ban Kiểm tra Đảng ủy',
        to: ['ubkt@example.vn'],
        cc: [],
        subject: '[dondoc] Ủy ban Kiểm tra Đảng ủy: 1 sắp đến hạn',
        items: [{ taskId: expect.any(Number), ref: 'II.3', rule: 'before_3', due: '2026-11-28' }],
      });
      expect(require('fs').existsSync(join(dir, 'outbox'))).toBe(false);

      const real = JSON.parse(run(['--date', '2026-11-25']).stdout);
      expect(real.messages).toEqual(out.messages);
      expect(real.delivery.sent).toBe(out.messages.length);
      expect(
        require('fs')
          .readdirSync(join(dir, 'outbox'))
          .filter((f: string) => f.endsWith('.eml')),
      ).toHaveLength(out.messages.length);
      // Running it again plans nothing new.
      expect(JSON.parse(run(['--date', '2026-11-25']).stdout).delivery.sent).toBe(0);
      expect(run(['--date', '2026-02-30']).status).toBe(2);
    } finally {
      require('fs').rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('compliance CLI', () => {
  it('prints the same JSON object as the API', async () => {
    const dir = require('fs').mkdtempSync(join(require('os').tmpdir(), 'dondoc-comp-'));
    const env = { ...process.env, ...(await freshDb(dir, 'c.sqlite')), DEMO: 'true' };
    try {
      const r = spawnSync(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', 'scripts/compliance.ts', '--as-of', '2026-11-30', '--period', 'month', '--json'],
        { cwd: ROOT, encoding: 'utf8', env },
      );
      expect(r.status).toBe(0);
      const s = JSON.parse(r.stdout);
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['asOf', 'period', 'formulas', 'totals', 'units']));
      expect(s.units[0]).toEqual(
        expect.objectContaining({ unit: expect.any(String), counts: expect.any(Object), reports: expect.any(Object), rates: expect.any(Object) }),
      );
      expect(Object.keys(s.units[0].counts)).toEqual(['onTime', 'late', 'openInTime', 'overdue', 'notDue', 'noDeadline', 'suspended']);
      expect(Object.keys(s.units[0].reports)).toEqual(['due', 'onTime', 'late', 'missing']);
      // The demo plan as of 30/11/2026: II.1 (10/11), II.9 (20/11) and II.3 (28/11) are overdue.
      expect(s.totals.counts.overdue).toBe(3);
      expect(
        spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/compliance.ts', '--as-of', '2026-13-01'], {
          cwd: ROOT,
          encoding: 'utf8',
          env,
        }).status,
      ).toBe(2);
      // The counts kept per day agree with a scan of the tasks; a rebuild recomputes them.
      const tallies = (...args: string[]) =>
        spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/compliance.ts', ...args], { cwd: ROOT, encoding: 'utf8', env });
      const checked = tallies('--check-tallies', '--as-of', '2026-11-30');
      expect([checked.status, JSON.parse(checked.stdout)]).toEqual([0, []]);
      const rebuilt = tallies('--rebuild-tallies');
      expect(rebuilt.status).toBe(0);
      expect(rebuilt.stdout).toMatch(/Đã tính lại số liệu theo ngày của \d+ nhiệm vụ/);
    } finally {
      require('fs').rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('tests on the shared reference documents', () => {
  it('skip with a message when ../shared/fixtures is absent, instead of crashing', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/.bin/jest'), 'src/deadlines/find.spec.ts', 'src/documents/extract.spec.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CI: 'false', DONDOC_SHARED_FIXTURES: join(ROOT, 'no-such-folder') },
    });
    expect(r.stderr).toMatch(/SKIPPED: .*no-such-folder.* not found/);
    expect(r.stderr).not.toMatch(/Cannot read properties of null/);
    expect(r.stderr).toMatch(/Tests:.*skipped.*passed/);
    expect(r.status).toBe(0);
  });
});
