/**
 * The edge where files become text: .txt (UTF-8), .docx (mammoth) and PDF with a text layer
 * (pdf-parse over pdfjs). The type is decided by the file's bytes, not its name alone.
 */
import { execFile } from 'child_process';
import { extname } from 'path';
import { DomainError } from '../common/errors';

export type FileType = 'txt' | 'docx' | 'pdf';

const fileError = (message: string) => new DomainError(`file: ${message}`, 400, 'file');

export function detectType(name: string, bytes: Buffer): FileType {
  const ext = extname(name).toLowerCase();
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    if (ext === '.docx' || ext === '') return 'docx';
    throw fileError(`"${name}" là tệp nén (zip) không phải .docx`);
  }
  if (ext === '.txt' || ext === '.text' || ext === '') {
    if (bytes.includes(0)) throw fileError(`"${name}" không phải tệp văn bản`);
    return 'txt';
  }
  throw fileError(`chỉ nhận tệp .txt, .docx hoặc .pdf (đã gửi "${name}")`);
}

export async function fileText(name: string, bytes: Buffer): Promise<{ type: FileType; text: string }> {
  const type = detectType(name, bytes);
  let text: string;
  try {
    text = type === 'txt' ? decodeUtf8(bytes) : type === 'docx' ? await docxText(bytes) : await pdfText(bytes);
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw fileError(`không đọc được tệp ${type.toUpperCase()} "${name}" (${(e as Error).message})`);
  }
  if (text.replace(/\s+/g, '').length === 0) {
    throw fileError(type === 'pdf' ? `"${name}" không có lớp chữ (bản quét?): cần PDF có văn bản hoặc tệp .docx` : `"${name}" không có nội dung văn bản`);
  }
  return { type, text };
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '');
  } catch {
    throw fileError('tệp .txt phải mã hóa UTF-8');
  }
}

async function docxText(bytes: Buffer): Promise<string> {
  const mammoth = await import('mammoth');
  const r = await mammoth.extractRawText({ buffer: bytes });
  return r.value;
}

/**
 * PDF text runs in a child process: pdfjs on an untrusted file gets its own memory limit and
 * a timeout, and a crash or hang cannot take the service down with it.
 */
const PDF_SCRIPT = `
const { PDFParse } = require(process.argv[1]);
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  try {
    const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
    const r = await parser.getText();
    await parser.destroy();
    process.stdout.write(JSON.stringify({ pages: r.pages.map((p) => ({ num: p.num, text: p.text })) }));
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: String((e && e.message) || e) }));
  }
});`;

const PDF_TIMEOUT_MS = 60_000;

function pdfText(bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--max-old-space-size=512', '-e', PDF_SCRIPT, require.resolve('pdf-parse')],
      { timeout: PDF_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout) => {
        if (err && !stdout) return reject(new Error(err.killed ? 'quá thời gian đọc PDF' : err.message));
        try {
          const out = JSON.parse(stdout) as { pages?: { num: number; text: string }[]; error?: string };
          if (out.error) return reject(new Error(out.error));
          const pages = out.pages ?? [];
          if (pages.every((p) => p.text.trim() === '')) return resolve('');
          // Each page ends with its number on a line of its own, so the cleaner sees page breaks.
          resolve(pages.map((p) => `${p.text}\n${p.num}\n`).join('\n'));
        } catch {
          reject(new Error('không đọc được kết quả trích xuất PDF'));
        }
      },
    );
    child.stdin?.end(bytes);
  });
}
