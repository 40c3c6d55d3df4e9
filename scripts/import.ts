/**
 * npm run --silent import -- FILE [--prose] [--issued YYYY-MM-DD] [--event "NAME=YYYY-MM-DD"]... [--dry-run] [--json]
 *                                 [--program ID | --kind KIND --title TITLE --number NUMBER] [--create-units] [--committee ID]
 *
 * FILE: .txt, .docx, .doc, .pdf (with a text layer or scanned), .png or .jpg. A scan is read
 * by OCR page by page; progress goes to stderr.
 *
 * --dry-run reads the document and prints {program, tasks, targets, warnings} without touching the
 * database (units come from the configured database when it exists, else config/units.yaml).
 * Without --dry-run it previews and commits into the configured database (DB_PATH / DATABASE_URL)
 * as the office would, and prints the commit report.
 */
import 'reflect-metadata';
import { existsSync, readFileSync } from 'fs';
import { basename, join } from 'path';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig, loadHolidays, readYaml } from '../src/config/configuration';
import { isLocalDate } from '../src/deadlines/calendar';
import { NamedDate } from '../src/deadlines/schedule';
import type { ReadProgress } from '../src/imports/file-text';
import { readDocument, readerLimits } from '../src/imports/reader';
import { PROGRAM_KINDS, ProgramKind } from '../src/programs/program.entity';
import { UnitNames } from '../src/units/unit-match';
import { committeeArgOf, resolveCommittee } from './committee-arg';

interface Args {
  file: string;
  issued: string | null;
  events: NamedDate[];
  dryRun: boolean;
  json: boolean;
  program: number | null;
  kind: ProgramKind | null;
  prose: boolean;
  title: string | null;
  number: string | null;
  createUnits: boolean;
  committee: number | undefined;
}

function fail(message: string): never {
  process.stderr.write(`import: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    file: '',
    issued: null,
    events: [],
    dryRun: false,
    json: false,
    program: null,
    kind: null,
    prose: false,
    title: null,
    number: null,
    createUnits: false,
    committee: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? fail(`${arg} needs a value`);
    if (arg === '--issued') {
      a.issued = value();
      if (!isLocalDate(a.issued)) fail(`--issued needs a real date YYYY-MM-DD, got "${a.issued}"`);
    } else if (arg === '--event') {
      const v = value();
      const eq = v.lastIndexOf('=');
      const name = v.slice(0, eq).trim();
      const date = v.slice(eq + 1).trim();
      if (eq <= 0 || !name || !isLocalDate(date)) fail(`--event needs "NAME=YYYY-MM-DD", got "${v}"`);
      a.events.push({ name, date });
    } else if (arg === '--dry-run') a.dryRun = true;
    else if (arg === '--json') a.json = true;
    else if (arg === '--prose') a.prose = true;
    else if (arg === '--create-units') a.createUnits = true;
    else if (arg === '--program') a.program = Number(value());
    else if (arg === '--committee') {
      try {
        a.committee = committeeArgOf(value());
      } catch (e) {
        fail((e as Error).message);
      }
    } else if (arg === '--kind') {
      const k = value() as ProgramKind;
      if (!PROGRAM_KINDS.includes(k)) fail(`--kind must be one of ${PROGRAM_KINDS.join(', ')}`);
      a.kind = k;
    } else if (arg === '--title') a.title = value();
    else if (arg === '--number') a.number = value();
    else if (arg.startsWith('--')) fail(`unknown option ${arg}`);
    else if (!a.file) a.file = arg;
    else fail(`unexpected argument ${arg}`);
  }
  if (!a.file) fail('usage: npm run --silent import -- FILE [--prose] [--issued YYYY-MM-DD] [--event "NAME=YYYY-MM-DD"] [--dry-run] [--json]');
  if (!existsSync(a.file)) fail(`no such file: ${a.file}`);
  if (a.program !== null && !Number.isInteger(a.program)) fail('--program needs a program id');
  return a;
}

/** The unit directory: the configured (SQLite) database's when it has one, else config/units.yaml. */
async function unitDirectory(config: AppConfig, committee: number | undefined): Promise<UnitNames[]> {
  if (config.database.type === 'sqlite' && existsSync(config.database.path)) {
    const ds = new DataSource({ type: 'sqlite', database: config.database.path });
    await ds.initialize();
    try {
      // The committee's own units (--committee, else the first committee's).
      const rows: { id: number; name: string; aliases: string }[] = await ds
        .query('SELECT id, name, aliases FROM units WHERE active = 1 AND "committeeId" = COALESCE(?, (SELECT MIN(id) FROM committees))', [committee ?? null])
        .catch(() => []);
      if (rows.length) return rows.map((r) => ({ id: r.id, name: r.name, aliases: JSON.parse(r.aliases) }));
    } finally {
      await ds.destroy();
    }
  }
  const y = readYaml<{ units: { name: string; aliases?: string[] }[] }>(join(config.configDir, 'units.yaml'));
  return y.units.map((u, i) => ({ id: i + 1, name: u.name, aliases: u.aliases ?? [] }));
}

/** Progress on stderr: every OCR page (a scan takes minutes), the other stages on a terminal. */
function progressPrinter(): (p: ReadProgress) => void {
  return (p) => {
    if (p.stage === 'ocr' && p.pages) process.stderr.write(`nhận dạng chữ (OCR): trang ${p.page}/${p.pages}\n`);
    else if (p.stage === 'convert') process.stderr.write('đang chuyển tệp .doc sang .docx…\n');
    else if (process.stderr.isTTY) process.stderr.write(`${p.stage === 'text' ? 'đang đọc tệp…' : 'đang phân tích cấu trúc…'}\n`);
  };
}

const NO_STRUCTURE =
  'không tìm thấy cấu trúc nhiệm vụ (mục đánh số I-, 1., (1), -, + hay bảng phân công); nếu là kết luận hội nghị viết thành đoạn văn, chạy lại với --prose';

async function dryRun(a: Args, config: AppConfig): Promise<void> {
  const holidays = loadHolidays(config.configDir);
  const options = {
    units: await unitDirectory(config, a.committee),
    context: { issued: a.issued, events: a.events, holidays, lunarNewYear: holidays.lunarNewYear },
    prose: a.prose,
  };
  // The same child process, limits and progress as an upload to the service.
  const { extraction: r } = await readDocument(basename(a.file), readFileSync(a.file), options, readerLimits(config.imports), progressPrinter());
  const h = r.header;
  const out = {
    // Read from the document; a flag given on the command line wins.
    program: {
      kind: a.kind ?? h.kind,
      number: a.number ?? h.number,
      title: a.title ?? h.title,
      issuingBody: h.issuingBody,
      issuedDate: a.issued ?? h.issuedDate,
      place: h.place,
    },
    tasks: r.tasks.map((t) => ({
      ref: t.ref,
      owner: t.owner?.name ?? null,
      coOwners: t.coOwners.map((c) => c.name),
      text: t.text,
      deadline: { raw: t.deadline.raw, kind: t.deadline.kind, start: t.deadline.start, due: t.deadline.due, every: t.deadline.every },
      proposed: t.proposed,
      source: t.source,
      ...(t.source === 'ocr' || t.confidence !== null ? { confidence: t.confidence === null ? null : Math.round(t.confidence * 1000) / 1000 } : {}),
    })),
    targets: r.targets,
    warnings: r.warnings.map((w) => ({ code: w.code, ref: w.ref, message: w.message })),
  };
  if (a.json) process.stdout.write(JSON.stringify(out) + '\n');
  else {
    for (const t of out.tasks)
      process.stdout.write(`${t.ref.padEnd(18)} ${(t.owner ?? '—').padEnd(36)} ${t.deadline.kind.padEnd(10)} ${t.deadline.due ?? ''}\n`);
    process.stdout.write(`\n${out.tasks.length} nhiệm vụ, ${out.targets.length} chỉ tiêu, ${out.warnings.length} cảnh báo\n`);
    for (const w of out.warnings) process.stdout.write(`! ${w.message}\n`);
  }
  if (out.tasks.length === 0 && out.targets.length === 0) {
    process.stderr.write(`import: ${NO_STRUCTURE}\n`);
    process.exitCode = 1;
  }
}

async function commit(a: Args): Promise<void> {
  // A CLI writes what it was asked to and exits: the sweep, digests and sender belong to the
  // service (they would send a day's reminders from here).
  process.env.BACKGROUND_JOBS = 'false';
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module');
  const { ImportsService } = await import('../src/imports/imports.service');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    const committeeId = await resolveCommittee(app, a.committee);
    const office = { userId: null, name: 'Dòng lệnh (import)', role: 'office' as const, committeeId, unitId: null, via: 'session' as const };
    const bytes = readFileSync(a.file);
    const meta =
      a.program !== null
        ? { programId: a.program }
        : { kind: a.kind ?? undefined, title: a.title ?? undefined, number: a.number ?? undefined, issuedDate: a.issued ?? undefined };
    const imports = app.get(ImportsService);
    const preview = await imports.preview(
      office,
      { originalname: basename(a.file), buffer: bytes, size: bytes.length },
      { ...meta, prose: a.prose, events: a.events.map((e) => ({ name: e.name, date: e.date })) },
      progressPrinter(),
      Infinity,
    );
    const done = await imports.commit(office, preview.id, { createProposedUnits: a.createUnits });
    const out = { previewId: done.id, result: done.result, warnings: done.warnings.map((w) => ({ code: w.code, ref: w.ref, message: w.message })) };
    if (a.json) process.stdout.write(JSON.stringify(out) + '\n');
    else
      process.stdout.write(
        `Đã ghi văn bản #${done.result!.programId}: ${done.result!.created.length} mới, ${done.result!.updated.length} cập nhật, ${done.result!.unchanged} không đổi\n`,
      );
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  try {
    if (a.dryRun) await dryRun(a, config);
    else await commit(a);
  } catch (e) {
    const err = e as { getResponse?: () => { message?: string }; message?: string };
    fail(err.getResponse?.().message ?? err.message ?? String(e));
  }
}

void main();
