/**
 * npm run --silent deadline -- [--issued YYYY-MM-DD] [--event "NAME=YYYY-MM-DD"]... "PHRASE"
 * Prints one JSON object {kind, start, due, every, event, reason} and exits 0 (also for unknown).
 * Bad arguments exit 2 with a message on stderr.
 */
import { loadHolidays } from '../src/config/configuration';
import { isLocalDate } from '../src/deadlines/calendar';
import { parseDeadline } from '../src/deadlines/parse';
import { NamedDate } from '../src/deadlines/schedule';

function fail(message: string): never {
  process.stderr.write(`deadline: ${message}\nusage: npm run --silent deadline -- [--issued YYYY-MM-DD] [--event "NAME=YYYY-MM-DD"]... "PHRASE"\n`);
  process.exit(2);
}

function main(argv: string[]): void {
  let issued: string | null = null;
  const events: NamedDate[] = [];
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--issued') {
      const v = argv[++i];
      if (!isLocalDate(v)) fail(`--issued needs a real date YYYY-MM-DD, got "${v ?? ''}"`);
      issued = v;
    } else if (a === '--event') {
      const v = argv[++i] ?? '';
      const eq = v.lastIndexOf('=');
      const name = v.slice(0, eq).trim();
      const date = v.slice(eq + 1).trim();
      if (eq <= 0 || !name || !isLocalDate(date)) fail(`--event needs "NAME=YYYY-MM-DD", got "${v}"`);
      events.push({ name, date });
    } else if (a === '--') {
      words.push(...argv.slice(i + 1));
      break;
    } else if (a.startsWith('--')) {
      fail(`unknown option ${a}`);
    } else words.push(a);
  }
  const holidays = loadHolidays();
  const s = parseDeadline(words.join(' '), { issued, events, holidays, lunarNewYear: holidays.lunarNewYear });
  const out = { kind: s.kind, start: s.start, due: s.due, every: s.every, event: s.event, reason: s.reason };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main(process.argv.slice(2));
