/**
 * npm run --silent restore -- FILE
 *
 * Restores a backup made by `npm run backup` (or the daily one) into the configured SQLite
 * database. Refused while dondoc runs on that database; the backup's database must pass
 * PRAGMA integrity_check first. The database it replaces is kept beside it
 * (*.before-restore-<time>). Prints {"restored","database","previous","integrity","tables"}.
 * On PostgreSQL use pg_restore (README, "Backups").
 */
import { loadConfig } from '../src/config/configuration';
import { restore } from '../src/backup/backup';

async function main(argv: string[]): Promise<void> {
  if (argv.length !== 1 || argv[0].startsWith('-')) {
    process.stderr.write('usage: npm run --silent restore -- FILE\n');
    process.exit(2);
  }
  process.umask(0o077);
  const r = await restore(loadConfig(), argv[0]);
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`restore: ${(e as Error).message}\n`);
  process.exit(1);
});
