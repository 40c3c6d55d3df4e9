/**
 * Where files become the reader's blocks: .txt (UTF-8 or UTF-16 with its BOM), .docx
 * (mammoth → HTML, so tables keep their cells), .doc (LibreOffice → .docx), PDF with a text
 * layer (pdf-parse over pdfjs), and scans — PDFs without a text layer and .png/.jpg photos of
 * a page — through OCR. The type is decided by the file's bytes, not its name alone.
 *
 * These functions trust nothing about the file but still run its parsers: callers run them in
 * the reader's child process (reader.ts), which has its own memory and time limits; the
 * external tools get theirs from run-tool.ts.
 */
import { extname } from 'path';
import { DomainError } from '../common/errors';
import { repairOcrMarkers } from '../documents/clean';
import type { Block, DocumentContent } from '../documents/extract';
import { docToDocx } from './adapters/doc-convert';
import { docxBlocks } from './adapters/docx-blocks';
import { OcrPage, imageSize, ocrImage, ocrPdf } from './adapters/ocr';
import { ToolError, ToolLimits } from './adapters/run-tool';
import { checkZip } from './zip-check';

export type FileType = 'txt' | 'docx' | 'doc' | 'pdf' | 'image';

export const fileError = (message: string) => new DomainError(`file: ${message}`, 400, 'file');

export interface ReadProgress {
  stage: 'text' | 'convert' | 'ocr' | 'structure';
  /** OCR: pages read so far and in all. */
  page?: number;
  pages?: number;
}

export interface FileReadOptions {
  /** Limits of one external tool run: one page of OCR, one conversion. */
  tool: ToolLimits;
  maxPages: number;
  onProgress?: (p: ReadProgress) => void;
}

export interface FileContent {
  type: FileType;
  content: DocumentContent;
  chars: number;
  /** Pages read by OCR (0 when the file had text). */
  ocrPages: number;
}

/** The smallest photo of a page that OCR can read: a page photographed at this width still has legible 10-point text. */
const MIN_IMAGE = { width: 600, height: 400 };
const ACCEPTED = 'chỉ nhận tệp .txt, .docx, .doc, .rtf, .pdf, .png hoặc .jpg';

export function detectType(name: string, bytes: Buffer): FileType {
  const ext = extname(name).toLowerCase();
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    if (ext === '.docx' || ext === '') return 'docx';
    throw fileError(`"${name}" là tệp nén (zip) không phải .docx`);
  }
  // The OLE compound file of Office 97–2003.
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0xd0cf11e0 && bytes.readUInt32BE(4) === 0xa1b11ae1) {
    if (ext === '.doc' || ext === '') return 'doc';
    throw fileError(`"${name}" là tệp Office cũ không phải văn bản Word (.doc)`);
  }
  // Many ".doc" files are RTF that Word saved under that name.
  if (bytes.subarray(0, 5).toString('latin1') === '{\\rtf' && (ext === '.doc' || ext === '.rtf')) return 'doc';
  if ((bytes.length > 8 && bytes.readUInt32BE(0) === 0x89504e47) || (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)) return 'image';
  if (ext === '.txt' || ext === '.text' || ext === '') {
    if (utf16Bom(bytes)) return 'txt';
    if (bytes.includes(0)) {
      // UTF-16 without a BOM: every other byte of Latin text is 0.
      const sample = bytes.subarray(0, 4096);
      const zeros = sample.filter((b) => b === 0).length;
      if (zeros > sample.length / 4) throw fileError(`"${name}" có vẻ mã hóa UTF-16 không có BOM: hãy lưu lại dạng UTF-8 (Notepad: Lưu thành → Mã hóa UTF-8)`);
      throw fileError(`"${name}" không phải tệp văn bản`);
    }
    return 'txt';
  }
  throw fileError(`${ACCEPTED} (đã gửi "${name}")`);
}

export async function fileContent(name: string, bytes: Buffer, opts: FileReadOptions): Promise<FileContent> {
  const type = detectType(name, bytes);
  const progress = opts.onProgress ?? (() => undefined);
  let blocks: Block[];
  let ocr: OcrPage[] | null = null;
  try {
    if (type === 'txt') blocks = [{ kind: 'text', text: decodeText(bytes) }];
    else if (type === 'docx') blocks = await docxFile(bytes);
    else if (type === 'doc') {
      progress({ stage: 'convert' });
      blocks = await docxFile(await docToDocx(bytes, opts.tool));
    } else if (type === 'pdf') {
      const pdf = await pdfText(bytes);
      if (pdf.pages > opts.maxPages) throw fileError(`"${name}" có ${pdf.pages} trang, quá giới hạn ${opts.maxPages} trang: hãy tách văn bản`);
      if (pdf.text.replace(/\s+/g, '') !== '') blocks = pdf.blocks ?? [{ kind: 'text', text: pdf.text }];
      else {
        ocr = await ocrPdf(bytes, pdf.pages, { limits: opts.tool, onPage: (page, pages) => progress({ stage: 'ocr', page, pages }) });
        blocks = [{ kind: 'text', text: ocrText(ocr) }];
      }
    } else {
      const size = imageSize(bytes);
      if (!size) throw fileError(`không đọc được ảnh "${name}": tệp hỏng hoặc không phải PNG/JPEG`);
      if (size.width < MIN_IMAGE.width || size.height < MIN_IMAGE.height)
        throw fileError(
          `ảnh "${name}" quá nhỏ để nhận dạng chữ (${size.width}×${size.height} điểm ảnh; cần ít nhất ${MIN_IMAGE.width}×${MIN_IMAGE.height}): hãy chụp hoặc quét lại rõ hơn`,
        );
      ocr = await ocrImage(bytes, bytes[0] === 0x89 ? 'png' : 'jpg', { limits: opts.tool, onPage: (page, pages) => progress({ stage: 'ocr', page, pages }) });
      blocks = [{ kind: 'text', text: ocrText(ocr) }];
    }
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw fileError(readFailure(name, type, e));
  }
  const chars = blocks.reduce((n, b) => n + (b.kind === 'text' ? b.text.length : b.rows.reduce((m, r) => m + r.reduce((k, c) => k + c.text.length, 0), 0)), 0);
  const empty = blocks.every((b) => (b.kind === 'text' ? b.text.replace(/\s+/g, '') === '' : b.rows.every((r) => r.every((c) => !c.text.trim()))));
  if (empty) {
    throw fileError(
      ocr
        ? `không nhận dạng được chữ trong "${name}" (${ocr.length} trang): bản quét quá mờ, nghiêng hoặc không có chữ`
        : `"${name}" không có nội dung văn bản`,
    );
  }
  const lines = ocr
    ?.flatMap((p) => p.lines)
    .filter((l) => l.text)
    .map((l) => ({ ...l, text: repairOcrMarkers(l.text) }));
  return { type, content: { blocks, ...(lines ? { ocr: { lines } } : {}) }, chars, ocrPages: ocr?.length ?? 0 };
}

function readFailure(name: string, type: FileType, e: unknown): string {
  if (e instanceof ToolError) {
    const what = type === 'doc' ? 'chuyển đổi tệp .doc' : 'nhận dạng chữ (OCR)';
    if (e.reason === 'timeout') return `${what} "${name}" quá thời gian cho phép: tệp quá lớn hoặc hỏng`;
    if (e.reason === 'missing') return `máy chủ chưa cài công cụ ${type === 'doc' ? 'LibreOffice' : 'tesseract-ocr'} để ${what}: hãy báo quản trị`;
    return type === 'doc'
      ? `không chuyển đổi được tệp .doc "${name}": tệp hỏng, có mật khẩu hoặc không phải văn bản Word`
      : `không nhận dạng được chữ trong "${name}": tệp ảnh hỏng`;
  }
  if ((e as { name?: string }).name === 'PasswordException') return `"${name}" là PDF có mật khẩu: hãy gửi bản không khóa`;
  if (type === 'doc') return `không chuyển đổi được tệp .doc "${name}": tệp hỏng, có mật khẩu hoặc không phải văn bản Word`;
  return `không đọc được tệp ${type === 'image' ? 'ảnh' : type.toUpperCase()} "${name}": tệp hỏng hoặc sai định dạng`;
}

/** OCR'd pages as text: lines as recognised, a blank line between paragraphs, the page number after each page. */
function ocrText(pages: OcrPage[]): string {
  return pages.map((p) => `${p.lines.map((l) => repairOcrMarkers(l.text)).join('\n')}\n`).join('\n');
}

function utf16Bom(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** UTF-8 (BOM optional) or UTF-16 with a BOM (Windows Notepad's "Unicode"). */
export function decodeText(bytes: Buffer): string {
  const bom = utf16Bom(bytes);
  try {
    if (bom) return new TextDecoder(bom, { fatal: true }).decode(bytes.subarray(2));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '');
  } catch {
    throw fileError(bom ? 'tệp .txt UTF-16 bị hỏng (có ký tự không hợp lệ)' : 'tệp .txt phải mã hóa UTF-8 hoặc UTF-16 (có BOM)');
  }
}

async function docxFile(bytes: Buffer): Promise<Block[]> {
  await checkZip(bytes);
  return docxBlocks(bytes);
}

async function pdfText(bytes: Buffer): Promise<{ text: string; pages: number; blocks: Block[] | null }> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const r = await parser.getText();
    const pages = r.pages.map((p) => ({ num: p.num, text: p.text }));
    if (pages.every((p) => p.text.trim() === '')) return { text: '', pages: r.total ?? pages.length, blocks: null };
    // Each page ends with its number on a line of its own, so the cleaner sees page breaks.
    const text = pages.map((p) => `${p.text}\n${p.num}\n`).join('\n');
    // Tables drawn with ruled cells (what Word and LibreOffice export) keep their columns:
    // pdfjs's drawing operators give the grid, the text items fill its cells.
    const found = await parser.getTable().catch(() => null);
    const byPage = new Map((found?.pages ?? []).map((p) => [p.num, p.tables]));
    if (![...byPage.values()].some((t) => t.length > 0)) return { text, pages: pages.length, blocks: null };
    const blocks: Block[] = [];
    for (const p of pages) {
      for (const b of withTables(`${p.text}\n${p.num}\n`, byPage.get(p.num) ?? [])) blocks.push(b);
    }
    return { text, pages: pages.length, blocks };
  } finally {
    await parser.destroy();
  }
}

/**
 * A page's text with each of its tables in place of the lines that printed it. The text layer
 * prints a table row by row with the cells of one baseline on one line ("TT Nội dung công");
 * a line is the table's when it is made of its cells' lines, in order.
 */
export function withTables(pageText: string, tables: string[][][]): Block[] {
  const lines = pageText.split('\n');
  const out: Block[] = [];
  let from = 0;
  for (const table of tables) {
    const fragments = new Set(
      table.flatMap((row) =>
        row.flatMap((cell) =>
          cell
            .split('\n')
            .map((l) => norm(l))
            .filter(Boolean),
        ),
      ),
    );
    const covered = (line: string) => {
      let rest = norm(line);
      if (!rest) return false;
      for (let guard = 0; rest && guard < 40; guard++) {
        let best = '';
        for (const f of fragments) if (f.length > best.length && (rest === f || rest.startsWith(`${f} `))) best = f;
        if (!best) return false;
        rest = rest.slice(best.length).trim();
      }
      return rest === '';
    };
    const first = norm(table[0]?.find((c) => c.trim())?.split('\n')[0] ?? '');
    let start = -1;
    for (let i = from; i < lines.length; i++) {
      if (covered(lines[i]) && norm(lines[i]).startsWith(first)) {
        start = i;
        break;
      }
    }
    if (start < 0) continue;
    let end = start;
    while (end < lines.length && (covered(lines[end]) || norm(lines[end]) === '')) end++;
    if (start > from) out.push({ kind: 'text', text: lines.slice(from, start).join('\n') });
    out.push({ kind: 'table', rows: table.map((row) => row.map((text) => ({ text }))) });
    from = end;
  }
  if (from < lines.length) out.push({ kind: 'text', text: lines.slice(from).join('\n') });
  return out;
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
