/**
 * Committees of one database (a province and its wards):
 *   npm run --silent committee -- add --name NAME [--parent ID] [--admin-username U --admin-password P] [--demo] [--json]
 *   npm run --silent committee -- list [--json]
 *   npm run --silent committee -- settings --committee ID [--set JSON] [--json]
 * `add` prints {"id","name","parentId"}; `list` prints [{"id","name","parentId"}]; `settings`
 * prints {committee, own, effective, source} (as GET /api/committees/:id/settings), after
 * applying `--set` (as PATCH: a key set to null is inherited again).
 */
import 'reflect-metadata';

const USAGE =
  'usage: npm run --silent committee -- add --name NAME [--parent ID] [--admin-username U --admin-password P] [--demo] [--json]\n' +
  '       npm run --silent committee -- list [--json]\n' +
  '       npm run --silent committee -- settings --committee ID [--set JSON] [--json]';

function fail(message: string, code = 2): never {
  process.stderr.write(`committee: ${message}\n${code === 2 ? USAGE + '\n' : ''}`);
  process.exit(code);
}

interface Args {
  command: 'add' | 'list' | 'settings';
  committee?: string;
  set?: Record<string, unknown>;
  name?: string;
  parentId: number | null;
  adminUsername?: string;
  adminPassword?: string;
  demo: boolean;
  json: boolean;
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command !== 'add' && command !== 'list' && command !== 'settings') fail(command ? `unknown command ${command}` : 'a command is needed');
  const a: Args = { command, parentId: null, demo: false, json: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => rest[++i] ?? fail(`${arg} needs a value`);
    if (arg === '--json') a.json = true;
    else if (command === 'add' && arg === '--name') a.name = value();
    else if (command === 'add' && arg === '--parent') {
      const v = value();
      if (!/^\d{1,9}$/.test(v) || Number(v) < 1) fail(`--parent needs a committee id, got "${v}"`);
      a.parentId = Number(v);
    } else if (command === 'add' && arg === '--admin-username') a.adminUsername = value();
    else if (command === 'add' && arg === '--admin-password') a.adminPassword = value();
    else if (command === 'add' && arg === '--demo') a.demo = true;
    else if (command === 'settings' && arg === '--committee') a.committee = value();
    else if (command === 'settings' && arg === '--set') {
      const v = value();
      try {
        a.set = JSON.parse(v) as Record<string, unknown>;
      } catch {
        fail(`--set needs a JSON object, e.g. '{"mailFrom": "Văn phòng <vp@example.vn>"}', got ${v}`);
      }
    } else fail(`unknown argument ${arg}`);
  }
  if (command === 'add' && !a.name?.trim()) fail('--name is needed');
  if (command === 'settings' && a.committee === undefined) fail('--committee is needed');
  if (command === 'add' && (a.adminUsername === undefined) !== (a.adminPassword === undefined)) fail('--admin-username and --admin-password go together');
  return a;
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  process.env.BACKGROUND_JOBS = 'false';
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module');
  const { ProvisioningService } = await import('../src/committees/provisioning.service');
  const { CommitteesService } = await import('../src/committees/committees.service');
  const { CreateCommitteeDto } = await import('../src/committees/dto/committee.dto');
  const { validateDto } = await import('../src/common/validation');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    await app.get(ProvisioningService).seedIfEmpty();
    if (a.command === 'settings') {
      const { committeeArgOf, resolveCommittee } = await import('./committee-arg');
      const id = await resolveCommittee(app, committeeArgOf(a.committee));
      // The command line is the installation's operator: it may set any committee's settings.
      const operator = {
        userId: null,
        name: 'Dòng lệnh (committee)',
        committeeId: id,
        role: 'admin' as const,
        unitId: null,
        via: 'session' as const,
        superAdmin: true,
      };
      const committees = app.get(CommitteesService);
      const out = a.set ? await committees.updateSettings(operator, id, a.set) : await committees.settings(operator, id);
      if (a.json) return void process.stdout.write(JSON.stringify(out) + '\n');
      const e = out.effective;
      const from = (src: number | null) => (src === null ? 'cấu hình' : src === id ? 'riêng' : `kế thừa từ đảng bộ ${src}`);
      process.stdout.write(
        [
          `${out.committee.id}  ${out.committee.name}`,
          `  Múi giờ:          ${e.timeZone}  (${from(out.source.timeZone)})`,
          `  Người gửi thư:    ${e.mailFrom}  (${from(out.source.mailFrom)})`,
          `  Nhắc trước hạn:   ${e.reminderRules.beforeDays.join(', ')} ngày  (${from(out.source.reminderRules.beforeDays)})`,
          `  Nhắc quá hạn:     mỗi ${e.reminderRules.overdueEveryDays} ngày  (${from(out.source.reminderRules.overdueEveryDays)})`,
          `  Ngày nghỉ:        ${e.holidays.length} ngày  (${from(out.source.holidays)})`,
          `  Quy tắc riêng:    ${Object.keys(e.reminderOverrides).join(', ') || 'không có'}`,
        ].join('\n') + '\n',
      );
      return;
    }
    if (a.command === 'list') {
      const all = await app.get(CommitteesService).list();
      if (a.json) return void process.stdout.write(JSON.stringify(all) + '\n');
      for (const c of all) process.stdout.write(`${String(c.id).padStart(4)}  ${c.name}${c.parentId ? `  (trực thuộc ${c.parentId})` : ''}\n`);
      return;
    }
    // The same checks as POST /api/committees: the DTO's rules, then the service's.
    const dto = await validateDto(CreateCommitteeDto, {
      name: a.name,
      parentId: a.parentId,
      ...(a.adminUsername !== undefined ? { adminUsername: a.adminUsername, adminPassword: a.adminPassword } : {}),
      ...(a.demo ? { demo: true } : {}),
    });
    const admin = dto.adminUsername && dto.adminPassword ? { username: dto.adminUsername, password: dto.adminPassword } : undefined;
    const c = await app.get(ProvisioningService).create(
      { userId: null, name: 'Dòng lệnh (committee)', committeeId: dto.parentId ?? 0 },
      {
        name: dto.name,
        parentId: dto.parentId ?? null,
        admin,
        demo: dto.demo,
      },
    );
    const out = { id: c.id, name: c.name, parentId: c.parentId };
    if (a.json) process.stdout.write(JSON.stringify(out) + '\n');
    else
      process.stdout.write(
        `Đã tạo đảng bộ ${c.id} "${c.name}"${c.parentId ? ` trực thuộc ${c.parentId}` : ''}${admin ? `, quản trị viên ${admin.username}` : ''}\n`,
      );
  } finally {
    await app.close();
  }
}

main().catch((e: Error & { response?: { message?: string; errors?: { message: string }[] } }) =>
  fail(e.response?.errors?.map((x) => x.message).join('; ') ?? e.response?.message ?? e.message, 1),
);
