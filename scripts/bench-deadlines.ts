/**
 * Deadline parser throughput: parses 100,000 phrases (a mix of every kind, including
 * unknowns and PDF line breaks) after a warm-up, five rounds, and prints the median.
 *   npm run --silent bench:deadlines
 */
import { cpus } from 'os';
import { parseDeadline } from '../src/deadlines/parse';

const PHRASES = [
  'hoàn thành trong tháng 8/2025',
  '(thực hiện thường xuyên)',
  '(thực \nhiện thường xuyên)',
  'trước ngày 25/7/2025',
  'chậm nhất ngày 5/1/2026',
  'quý IV/2025',
  '6 tháng đầu năm 2026',
  'từ ngày 10/7/2025 đến ngày 10/8/2025',
  'giai đoạn 2026 - 2030',
  'thực hiện từ năm 2025',
  'định kỳ hằng năm',
  'định kỳ (1 lần/1 tuần)',
  'chậm nhất 10 ngày sau đại hội, hoàn thành trước ngày 31/8/2025',
  'trước khi diễn ra Đại hội Đảng bộ phường 07 ngày',
  'sớm',
  'trước ngày 31/02/2025',
];
const CTX = { issued: '2025-08-25', events: [{ name: 'Đại hội Đảng bộ phường', date: '2025-08-20' }] };
const N = 100_000;

function round(): number {
  const t0 = process.hrtime.bigint();
  let sink = 0;
  for (let i = 0; i < N; i++) sink += parseDeadline(PHRASES[i % PHRASES.length], CTX).kind.length;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (sink === 0) throw new Error('unreachable');
  return ms;
}

for (let i = 0; i < 2; i++) round(); // warm-up
const times = Array.from({ length: 5 }, round).sort((a, b) => a - b);
const median = times[2];
console.log(
  JSON.stringify({
    phrases: N,
    medianMs: Math.round(median),
    phrasesPerSecond: Math.round((N / median) * 1000),
    roundsMs: times.map((t) => Math.round(t)),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
  }),
);
