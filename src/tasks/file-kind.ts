/**
 * What a file is, decided by its bytes, never by its name or the browser's word: the
 * evidence a unit attaches may be a PDF, a Word or Excel file, or an image. Pure but for
 * reading a zip's directory (Office files are zips: their entry names tell which).
 */
import { Entry, fromBuffer } from 'yauzl';

export interface FileKind {
  kind: 'pdf' | 'docx' | 'xlsx' | 'png' | 'jpeg' | 'gif' | 'webp';
  contentType: string;
  ext: string;
}

const KINDS: Record<FileKind['kind'], Omit<FileKind, 'kind'>> = {
  pdf: { contentType: 'application/pdf', ext: 'pdf' },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
  png: { contentType: 'image/png', ext: 'png' },
  jpeg: { contentType: 'image/jpeg', ext: 'jpg' },
  gif: { contentType: 'image/gif', ext: 'gif' },
  webp: { contentType: 'image/webp', ext: 'webp' },
};

const of = (kind: FileKind['kind']): FileKind => ({ kind, ...KINDS[kind] });

export const ACCEPTED = 'PDF, Word (.docx), Excel (.xlsx), ảnh PNG, JPEG, GIF, WebP';

export async function fileKind(bytes: Buffer): Promise<FileKind | null> {
  const head = bytes.subarray(0, 16);
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return of('pdf');
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return of('png');
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return of('jpeg');
  if (/^GIF8[79]a/.test(head.subarray(0, 6).toString('latin1'))) return of('gif');
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP') return of('webp');
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    const names = await zipNames(bytes);
    if (!names || !names.has('[Content_Types].xml')) return null;
    if (names.has('word/document.xml')) return of('docx');
    if (names.has('xl/workbook.xml')) return of('xlsx');
  }
  return null;
}

/** The entry names of a zip (its central directory only; nothing is inflated). */
function zipNames(bytes: Buffer): Promise<Set<string> | null> {
  return new Promise((resolve) =>
    fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return resolve(null);
      const names = new Set<string>();
      zip.on('entry', (e: Entry) => {
        names.add(e.fileName);
        if (names.size > 5000) {
          zip.close();
          resolve(null);
        } else zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', () => resolve(null));
      zip.readEntry();
    }),
  );
}
