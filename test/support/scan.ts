import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import PDFDocument from 'pdfkit';
import { makePdf } from './documents';

/**
 * A scan made the way an office makes one: the document is printed (a PDF with text, written
 * here), each page photographed as a greyscale image (poppler's pdftoppm at `dpi`), and the
 * images put in a PDF with no text layer. `rotate` tilts the page by a few degrees as a
 * scanner feed does (ImageMagick is not needed: the tilt is applied when placing the image).
 */
export async function makeScan(pages: string[][], opts: { dpi?: number; rotate?: number } = {}): Promise<{ pdf: Buffer; pngs: Buffer[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-scan-'));
  try {
    writeFileSync(join(dir, 'text.pdf'), await makePdf(pages));
    execFileSync('pdftoppm', ['-r', String(opts.dpi ?? 200), '-gray', '-png', join(dir, 'text.pdf'), join(dir, 'page')]);
    const pngs = pages.map((_, i) => readFileSync(join(dir, `page-${String(i + 1).padStart(pages.length >= 10 ? 2 : 1, '0')}.png`)));
    const pdf = await new Promise<Buffer>((resolve, reject) => {
      const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false });
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      for (const png of pngs) {
        doc.addPage();
        if (opts.rotate) doc.rotate(opts.rotate, { origin: [300, 420] });
        doc.image(png, 0, 0, { width: doc.page.width, height: doc.page.height });
        if (opts.rotate) doc.rotate(-opts.rotate, { origin: [300, 420] });
      }
      doc.end();
    });
    return { pdf, pngs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
