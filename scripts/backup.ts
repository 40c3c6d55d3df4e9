/**
 * npm run --silent backup -- [--json] [--dir DIR]
 *
 * Takes a consistent backup now, while the service may be running: SQLite → a .tar.gz with
 * the database (VACUUM INTO) and the outbox files; PostgreSQL → pg_dump -Fc. Prints
 * {"file": PATH, "bytes": N} with --json, a line otherwise.
 */
import { loadConfig } from '../src/config/configuration';
import { backup } from '../src/backup/backup';

function fail(message: string): never {
  process.stderr.write(`backup: ${message}\nusage: npm run --silent backup -- [--json] [--dir DIR]\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  let json = false;
  let dir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') json = true;
    else if (argv[i] === '--dir') dir = argv[++i] ?? fail('--dir needs a folder');
    else fail(`unknown argument ${argv[i]}`);
  }
  process.umask(0o077);
  const r = await backup(loadConfig(), { kind: 'manual', dir });
  process.stdout.write(json ? `${JSON.stringify({ file: r.file, bytes: r.bytes })}\n` : `backup written: ${r.file} (${r.bytes} bytes)\n`);
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`backup: ${(e as Error).message}\n`);
  process.exit(1);
});
