/**
 * Document import throughput: reads the reference action program (../shared/fixtures) into
 * tasks — cleaning, structure, owners, deadline clauses — after a warm-up, then 1×, 10×, 50×
 * and 100× concatenations of it to show the cost grows linearly with size.
 *   npm run --silent bench:import
 */
import { existsSync, readFileSync } from 'fs';
import { cpus } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { extractDocument } from '../src/documents/extract';

const FIXTURE = join(__dirname, '../../shared/fixtures/chuong-trinh-hanh-dong-mong-cai-1.txt');
if (!existsSync(FIXTURE)) {
  console.error(`bench-import: ${FIXTURE} not found (the shared fixtures sit beside the project)`);
  process.exit(2);
}
const doc = readFileSync(FIXTURE, 'utf8').normalize('NFC');
// For the scaling runs each copy keeps its body only: the recipients list ("Nơi nhận") ends a
// document, so a plain concatenation would stop after the first copy.
const body = doc.slice(0, doc.indexOf('Trong quá trình triển khai thực hiện'));
const units = (parse(readFileSync(join(__dirname, '../config/units.yaml'), 'utf8')).units as { name: string; aliases?: string[] }[]).map((u, i) => ({
  id: i + 1,
  name: u.name,
  aliases: u.aliases ?? [],
}));
const ctx = { issued: '2025-08-25' };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(text: string, rounds: number): { ms: number; tasks: number } {
  const ms: number[] = [];
  let tasks = 0;
  for (let i = 0; i < rounds; i++) {
    const t0 = process.hrtime.bigint();
    tasks = extractDocument(text, { units, context: ctx }).tasks.length;
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { ms: median(ms), tasks };
}

for (let i = 0; i < 20; i++) extractDocument(doc, { units, context: ctx }); // warm-up
const single = time(doc, 51);
const scaling = [1, 10, 50, 100].map((n) => {
  const r = time(Array(n).fill(body).join('\n'), n >= 50 ? 3 : 7);
  return { copies: n, chars: body.length * n, tasks: r.tasks, ms: Math.round(r.ms * 10) / 10, msPerCopy: Math.round((r.ms / n) * 100) / 100 };
});
console.log(
  JSON.stringify(
    {
      document: 'chuong-trinh-hanh-dong-mong-cai-1.txt',
      chars: doc.length,
      tasks: single.tasks,
      medianMs: Math.round(single.ms * 10) / 10,
      scaling,
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
    },
    null,
    1,
  ),
);
