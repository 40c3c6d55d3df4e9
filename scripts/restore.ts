/**
 * npm run --silent restore -- FILE | --latest
 *
 * Restores a backup made by `npm run backup` (or the daily one) into the configured SQLite
 * database. Refused while dondoc runs on that database; the backup's database must pass
 * PRAGMA integrity_check first. The database it replaces is kept beside it
 * (*.before-restore-<time>). Prints {"restored","database","previous","integrity","tables"}.
 * On PostgreSQL use pg_restore (README, "Backups").
 */
import { loadConfig } from '../src/config/configuration';
import { latestBackup, restore } from '../src/backup/backup';

async function main(argv: string[]): Promise<void> {
  if (argv.length !== 1 || (argv[0].startsWith('-') && argv[0] !== '--latest')) {
    process.stderr.write('usage: npm run --silent restore -- FILE | --latest\n');
    process.exit(2);
  }
  process.umask(0o077);
  const config = loadConfig();
  // --latest: the newest backup in BACKUP_DIR, daily or on demand.
  const file = argv[0] === '--latest' ? latestBackup(config) : argv[0];
  if (!file) throw new Error(`no backup in ${config.backup.dir}`);
  const r = await restore(config, file);
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`restore: ${(e as Error).message}\n`);
  process.exit(1);
});
