/**
 * Text from scans and photos: each page of a PDF is rendered to an image (poppler's
 * pdftoppm, 300 dpi greyscale) and read by tesseract with the Vietnamese model
 * (tesseract-ocr-vie). Pages are read in parallel up to the core count, each tool in its own
 * process with a time and memory limit; tesseract's own threads are capped at one, since the
 * parallelism is across pages.
 *
 * tesseract's TSV output gives each word its confidence; a line's confidence is the mean of
 * its words', so the reader can flag rows read from doubtful lines.
 */
import { mkdtemp, rm, writeFile } from 'fs/promises';
import { cpus, tmpdir } from 'os';
import { join } from 'path';
import { runTool, ToolLimits } from './run-tool';

export interface OcrLine {
  text: string;
  /** 0–1 */
  confidence: number;
}

export interface OcrPage {
  page: number;
  lines: OcrLine[];
}

export interface OcrOptions {
  /** Limits of one tool run (one page). */
  limits: ToolLimits;
  onPage?: (done: number, pages: number) => void;
  concurrency?: number;
}

const TESSERACT_ENV = { OMP_THREAD_LIMIT: '1' };

/** Lines of a tesseract TSV: words grouped by block, paragraph and line; a blank line between paragraphs. */
export function tsvLines(tsv: string): OcrLine[] {
  const lines: OcrLine[] = [];
  let key = '';
  let para = '';
  let words: { text: string; conf: number }[] = [];
  const flush = () => {
    if (words.length) lines.push({ text: words.map((w) => w.text).join(' '), confidence: words.reduce((s, w) => s + w.conf, 0) / words.length / 100 });
    words = [];
  };
  for (const row of tsv.split('\n').slice(1)) {
    const f = row.split('\t');
    if (f.length < 12 || f[0] !== '5') continue;
    const text = f[11].trim();
    const conf = Number(f[10]);
    if (!text || conf < 0) continue;
    const k = `${f[2]}.${f[3]}.${f[4]}`;
    const p = `${f[2]}.${f[3]}`;
    if (k !== key) {
      flush();
      if (para && p !== para) lines.push({ text: '', confidence: 1 });
      key = k;
      para = p;
    }
    words.push({ text, conf });
  }
  flush();
  return lines;
}

async function tesseract(image: string, limits: ToolLimits): Promise<OcrLine[]> {
  const { stdout } = await runTool('tesseract', [image, 'stdout', '-l', 'vie', '--psm', '3', 'tsv'], limits, TESSERACT_ENV);
  return tsvLines(stdout.toString('utf8'));
}

/** Runs `work` for 1..n with at most `limit` at a time, in page order of completion reporting. */
async function pool<T>(n: number, limit: number, work: (k: number) => Promise<T>, onDone: (done: number) => void): Promise<T[]> {
  const out: T[] = new Array<T>(n);
  let next = 1;
  let done = 0;
  const worker = async () => {
    while (next <= n) {
      const k = next++;
      out[k - 1] = await work(k);
      onDone(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
  return out;
}

export async function ocrPdf(bytes: Buffer, pages: number, opts: OcrOptions): Promise<OcrPage[]> {
  const dir = await mkdtemp(join(tmpdir(), 'dondoc-ocr-'));
  try {
    const pdf = join(dir, 'in.pdf');
    await writeFile(pdf, bytes);
    opts.onPage?.(0, pages);
    return await pool(
      pages,
      opts.concurrency ?? Math.max(1, cpus().length),
      async (k) => {
        const prefix = join(dir, `p${k}`);
        await runTool('pdftoppm', ['-r', '300', '-gray', '-png', '-singlefile', '-f', String(k), '-l', String(k), pdf, prefix], opts.limits);
        const lines = await tesseract(`${prefix}.png`, opts.limits);
        await rm(`${prefix}.png`, { force: true });
        return { page: k, lines };
      },
      (done) => opts.onPage?.(done, pages),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function ocrImage(bytes: Buffer, ext: 'png' | 'jpg', opts: OcrOptions): Promise<OcrPage[]> {
  const dir = await mkdtemp(join(tmpdir(), 'dondoc-ocr-'));
  try {
    const file = join(dir, `in.${ext}`);
    await writeFile(file, bytes);
    opts.onPage?.(0, 1);
    const lines = await tesseract(file, opts.limits);
    opts.onPage?.(1, 1);
    return [{ page: 1, lines }];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Width and height of a PNG or JPEG from its header; null when the header cannot be read. */
export function imageSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length > 24 && bytes.readUInt32BE(0) === 0x89504e47) return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return null;
      const marker = bytes[i + 1];
      const len = bytes.readUInt16BE(i + 2);
      // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), carry the frame's size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
        return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
      i += 2 + len;
    }
  }
  return null;
}
