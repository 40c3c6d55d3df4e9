/**
 * npm run --silent bench:reader [-- --pages 4 --rows 1000 --runs 3]
 *
 * What reading costs beyond plain text: OCR seconds per page of a scan (tesseract -l vie via
 * the reader's child process, pages in parallel up to the core count), a phân công table of
 * N rows in a .docx (the whole upload path: zip check, mammoth, the table reader), and a .doc
 * through LibreOffice. The documents are made here: text pages printed to PDF (pdfkit),
 * photographed at 300 dpi (pdftoppm) and put back in a PDF with no text layer.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { cpus, tmpdir } from 'os';
import { join } from 'path';
import { loadConfig } from '../src/config/configuration';
import { extractDocument } from '../src/documents/extract';
import { docxBlocks } from '../src/imports/adapters/docx-blocks';
import * as sourceReader from '../src/imports/reader';
import { makeScan } from '../test/support/scan';
import { RowSpec, makeTableDocx } from '../test/support/table-docx';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const PAGES = arg('pages', 4);
const ROWS = arg('rows', 1000);
const RUNS = arg('runs', 3);
const UNITS = ['Ban Xây dựng Đảng', 'Văn phòng Đảng ủy', 'Ủy ban Kiểm tra Đảng ủy', 'Đảng bộ UBND phường'].map((name, i) => ({ id: i + 1, name, aliases: [] }));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function page(k: number): string[] {
  const lines = [`${['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII'][k % 8]}. NỘI DUNG PHẦN ${k + 1}`];
  for (let i = 1; i <= 8; i++)
    lines.push(
      `${i}. ${UNITS[i % 4].name} chủ trì triển khai nội dung số ${i} của phần ${k + 1}, báo cáo kết quả, hoàn thành trước ngày ${10 + i}/${k + 1}/2026.`,
    );
  return lines;
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = process.hrtime.bigint();
  const r = await fn();
  return [Number(process.hrtime.bigint() - t0) / 1e6, r];
}

/** The compiled reader when built (`npm run build`): its child process is plain JS, as under `npm start`. */
function reader(): typeof sourceReader & { compiled: boolean } {
  const dist = join(__dirname, '..', 'dist', 'src', 'imports', 'reader.js');
  return existsSync(dist) ? { ...(require(dist) as typeof sourceReader), compiled: true } : { ...sourceReader, compiled: false };
}

async function main(): Promise<void> {
  const { readDocument, readerLimits, compiled } = reader();
  const limits = readerLimits(loadConfig().imports);
  const options = { units: UNITS, context: { issued: '2025-09-01' } };
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-bench-reader-'));
  try {
    process.stdout.write(`machine: ${cpus().length} × ${cpus()[0].model}, node ${process.version}\n`);

    const { pdf } = await makeScan(
      Array.from({ length: PAGES }, (_, k) => page(k)),
      { dpi: 300 },
    );
    const ocr: number[] = [];
    let tasks = 0;
    for (let r = 0; r < RUNS; r++) {
      const [ms, res] = await time(() => readDocument('scan.pdf', pdf, options, limits));
      ocr.push(ms);
      tasks = res.extraction.tasks.length;
    }
    process.stdout.write(
      `OCR, ${PAGES}-page scan (300 dpi): median ${(median(ocr) / 1000).toFixed(1)} s → ${(median(ocr) / 1000 / PAGES).toFixed(2)} s per page (${cpus().length} pages in parallel); ${tasks} of ${PAGES * 8} tasks read\n`,
    );

    const rows: RowSpec[] = [['TT', 'Nội dung nhiệm vụ', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian hoàn thành']];
    for (let i = 1; i <= ROWS; i++) {
      if (i % 50 === 1) rows.push([{ text: `${['I', 'II', 'III', 'IV', 'V'][Math.floor(i / 50) % 5]}. NHÓM NHIỆM VỤ ${Math.ceil(i / 50)}`, colSpan: 5 }]);
      rows.push([
        String(((i - 1) % 50) + 1),
        `Triển khai nhiệm vụ số ${i} theo kế hoạch`,
        UNITS[i % 4].name,
        UNITS[(i + 1) % 4].name,
        `Quý ${['I', 'II', 'III', 'IV'][i % 4]}/2026`,
      ]);
    }
    const docx = await makeTableDocx(['KẾ HOẠCH', 'phân công thực hiện'], rows);
    const table: number[] = [];
    for (let r = 0; r < RUNS + 2; r++) {
      const [ms, res] = await time(() => readDocument('bang.docx', docx, options, limits));
      if (r >= 2) table.push(ms);
      tasks = res.extraction.tasks.length;
    }
    // The same in this process: the .docx parsed (mammoth, HTML) and read, without starting a child.
    const inProcess: number[] = [];
    for (let r = 0; r < RUNS + 2; r++) {
      const [ms] = await time(async () => extractDocument({ blocks: await docxBlocks(docx) }, options));
      if (r >= 2) inProcess.push(ms);
    }
    process.stdout.write(
      `table import, .docx with ${ROWS} rows (${(docx.length / 1024).toFixed(0)} kB): median ${median(table).toFixed(0)} ms through the reader's child process (${compiled ? 'compiled, as under npm start' : 'ts-node: run npm run build first for the compiled figure'}), ${median(inProcess).toFixed(0)} ms parsing and reading in process; ${tasks} tasks\n`,
    );

    writeFileSync(join(dir, 'bang.docx'), docx);
    execFileSync('soffice', [`-env:UserInstallation=file://${join(dir, 'lo')}`, '--headless', '--convert-to', 'doc', '--outdir', dir, join(dir, 'bang.docx')], {
      stdio: 'ignore',
    });
    const doc = readFileSync(join(dir, 'bang.doc'));
    const conv: number[] = [];
    for (let r = 0; r < RUNS; r++) conv.push((await time(() => readDocument('bang.doc', doc, options, limits)))[0]);
    process.stdout.write(`.doc (same table) through LibreOffice: median ${(median(conv) / 1000).toFixed(1)} s\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
