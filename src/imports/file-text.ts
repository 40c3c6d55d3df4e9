/**
 * Where files become text: .txt (UTF-8 or UTF-16 with its BOM), .docx (mammoth, after a zip
 * check) and PDF with a text layer (pdf-parse over pdfjs). The type is decided by the file's
 * bytes, not its name alone.
 *
 * These functions trust nothing about the file but still run its parsers: callers run them in
 * the reader's child process (reader.ts), which has its own memory and time limits.
 */
import { extname } from 'path';
import { DomainError } from '../common/errors';
import { checkZip } from './zip-check';

export type FileType = 'txt' | 'docx' | 'pdf';

export const fileError = (message: string) => new DomainError(`file: ${message}`, 400, 'file');

export function detectType(name: string, bytes: Buffer): FileType {
  const ext = extname(name).toLowerCase();
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    if (ext === '.docx' || ext === '') return 'docx';
    throw fileError(`"${name}" là tệp nén (zip) không phải .docx`);
  }
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
  throw fileError(`chỉ nhận tệp .txt, .docx hoặc .pdf (đã gửi "${name}")`);
}

export async function fileText(name: string, bytes: Buffer): Promise<{ type: FileType; text: string }> {
  const type = detectType(name, bytes);
  let text: string;
  try {
    text = type === 'txt' ? decodeText(bytes) : type === 'docx' ? await docxText(bytes) : await pdfText(bytes);
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw fileError(`không đọc được tệp ${type.toUpperCase()} "${name}": tệp hỏng hoặc sai định dạng`);
  }
  if (text.replace(/\s+/g, '').length === 0) {
    throw fileError(type === 'pdf' ? `"${name}" không có lớp chữ (bản quét?): cần PDF có văn bản hoặc tệp .docx` : `"${name}" không có nội dung văn bản`);
  }
  return { type, text };
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

async function docxText(bytes: Buffer): Promise<string> {
  await checkZip(bytes);
  const mammoth = await import('mammoth');
  const r = await mammoth.extractRawText({ buffer: bytes });
  return r.value;
}

async function pdfText(bytes: Buffer): Promise<string> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const r = await parser.getText();
    const pages = r.pages.map((p) => ({ num: p.num, text: p.text }));
    if (pages.every((p) => p.text.trim() === '')) return '';
    // Each page ends with its number on a line of its own, so the cleaner sees page breaks.
    return pages.map((p) => `${p.text}\n${p.num}\n`).join('\n');
  } finally {
    await parser.destroy();
  }
}
