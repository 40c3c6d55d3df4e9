/**
 * Committees of one database (a province and its wards):
 *   npm run --silent committee -- add --name NAME [--parent ID] [--admin-username U --admin-password P] [--demo] [--json]
 *   npm run --silent committee -- list [--json]
 * `add` prints {"id","name","parentId"}; `list` prints [{"id","name","parentId"}].
 */
import 'reflect-metadata';

const USAGE =
  'usage: npm run --silent committee -- add --name NAME [--parent ID] [--admin-username U --admin-password P] [--demo] [--json]\n       npm run --silent committee -- list [--json]';

function fail(message: string, code = 2): never {
  process.stderr.write(`committee: ${message}\n${code === 2 ? USAGE + '\n' : ''}`);
  process.exit(code);
}

interface Args {
  command: 'add' | 'list';
  name?: string;
  parentId: number | null;
  adminUsername?: string;
  adminPassword?: string;
  demo: boolean;
  json: boolean;
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command !== 'add' && command !== 'list') fail(command ? `unknown command ${command}` : 'a command is needed');
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
    else fail(`unknown argument ${arg}`);
  }
  if (command === 'add' && !a.name?.trim()) fail('--name is needed');
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
