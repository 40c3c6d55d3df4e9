/**
 * Reads an uploaded document in a child process: every parser of an untrusted file, and the
 * document reader itself, run there with a heap limit and a time limit, so a crafted file or
 * a huge one can neither exhaust the service's memory nor hold its event loop.
 */
import { fork } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';
import type { ExtractOptions, Extraction } from '../documents/extract';
import type { FileType, ReadProgress } from './file-text';
import { fileError } from './file-text';

export interface ReadRequest {
  name: string;
  bytes: Uint8Array;
  options: ExtractOptions;
  file: { tool: { timeoutMs: number; memoryMb: number | null }; maxPages: number };
}

export interface ReadResult {
  type: FileType;
  chars: number;
  /** Pages read by OCR; 0 when the file had text. */
  ocrPages: number;
  extraction: Extraction;
}

export type ReadResponse = { ok: ReadResult } | { error: string };

export interface ReaderLimits {
  /** V8 heap of the child, MB. */
  heapMb: number;
  /** Time without progress after which the reader is killed: reading a text, or one page of OCR. */
  timeoutMs: number;
  /** Limits of one external tool run (one OCR page, one .doc conversion). */
  tool: { timeoutMs: number; memoryMb: number | null };
  maxPages: number;
}

/** The reader's limits from the configuration (service and CLI alike). */
export function readerLimits(c: {
  readerHeapMb: number;
  readerTimeoutSeconds: number;
  toolTimeoutSeconds: number;
  toolMemoryMb: number;
  maxPages: number;
}): ReaderLimits {
  return {
    heapMb: c.readerHeapMb,
    timeoutMs: c.readerTimeoutSeconds * 1000,
    tool: { timeoutMs: c.toolTimeoutSeconds * 1000, memoryMb: c.toolMemoryMb },
    maxPages: c.maxPages,
  };
}

export const DEFAULT_READER_LIMITS: ReaderLimits = { heapMb: 512, timeoutMs: 60_000, tool: { timeoutMs: 120_000, memoryMb: 2048 }, maxPages: 60 };

/** The child's entry: compiled .js in dist, or the .ts source through ts-node in tests and CLIs. */
function childEntry(): { file: string; execArgv: string[] } {
  const js = join(__dirname, 'reader.child.js');
  if (existsSync(js)) return { file: js, execArgv: [] };
  return { file: join(__dirname, 'reader.child.ts'), execArgv: ['-r', 'ts-node/register/transpile-only'] };
}

export function readDocument(
  name: string,
  bytes: Buffer,
  options: ExtractOptions,
  limits: ReaderLimits = DEFAULT_READER_LIMITS,
  onProgress?: (p: ReadProgress) => void,
): Promise<ReadResult> {
  const entry = childEntry();
  return new Promise((resolve, reject) => {
    const child = fork(entry.file, [], {
      execArgv: [...entry.execArgv, `--max-old-space-size=${limits.heapMb}`, '--stack-size=4000'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    let settled = false;
    let stderr = '';
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      fn();
    };
    // The limit is on time without progress: a scan of 40 pages reports each page, a text
    // reports nothing between reading the file and its structure.
    const expire = () =>
      finish(() =>
        reject(fileError(`đọc tệp "${name}" quá ${Math.round(limits.timeoutMs / 1000)} giây: tệp quá lớn hoặc quá phức tạp, hãy chia nhỏ tài liệu`)),
      );
    const window = Math.max(limits.timeoutMs, limits.tool.timeoutMs + 5_000);
    let timer = setTimeout(expire, limits.timeoutMs);
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
    child.on('message', (m: ReadResponse | { progress: ReadProgress }) => {
      if ('progress' in m) {
        clearTimeout(timer);
        // While an external tool runs (a page of OCR, a conversion), it has its own limit.
        timer = setTimeout(expire, m.progress.stage === 'ocr' || m.progress.stage === 'convert' ? window : limits.timeoutMs);
        return onProgress?.(m.progress);
      }
      if ('ok' in m) finish(() => resolve(m.ok));
      else finish(() => reject(fileError(m.error.replace(/^file: /, ''))));
    });
    child.on('error', (e) => finish(() => reject(fileError(`không đọc được tệp "${name}" (${e.message})`))));
    child.on('exit', (code, signal) =>
      finish(() => {
        const oom = /heap limit|out of memory|Allocation failed/i.test(stderr);
        reject(
          fileError(
            oom
              ? `tệp "${name}" cần quá nhiều bộ nhớ để đọc (giới hạn ${limits.heapMb} MB): tệp quá lớn hoặc bất thường`
              : `không đọc được tệp "${name}" (tiến trình đọc dừng: ${signal ?? code})`,
          ),
        );
      }),
    );
    child.send({
      name,
      bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      options,
      file: { tool: limits.tool, maxPages: limits.maxPages },
    } satisfies ReadRequest);
  });
}
