import { Document, Packer, Paragraph } from 'docx';
import { existsSync } from 'fs';
import PDFDocument from 'pdfkit';

/** A real .docx written by the docx library, one paragraph per line. */
export async function makeDocx(lines: string[]): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: lines.map((l) => new Paragraph(l)) }] });
  return Packer.toBuffer(doc);
}

export const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

/**
 * A real PDF with a text layer (pdfkit, DejaVu Sans for Vietnamese glyphs), one page per
 * entry, each page ending with a footer and its page number as printed documents do.
 */
export function makePdf(pages: string[][], footer?: string): Promise<Buffer> {
  if (!existsSync(DEJAVU)) throw new Error(`${DEJAVU} missing: install fonts-dejavu-core (.ci/run does)`);
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 60 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font(DEJAVU).fontSize(12);
    pages.forEach((lines, i) => {
      if (i > 0) doc.addPage();
      for (const l of lines) doc.text(l);
      if (footer) doc.moveDown(2).fontSize(9).text(footer).fontSize(12);
      doc.moveDown().text(String(i + 1), { align: 'center' });
    });
    doc.end();
  });
}

/** A PDF with no text layer (only a drawn shape), like a scan. */
export function makeImageOnlyPdf(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.rect(100, 100, 200, 100).fill('#333');
    doc.end();
  });
}
