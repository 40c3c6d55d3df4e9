/**
 * Reads an uploaded document in a child process: every parser of an untrusted file, and the
 * document reader itself, run there with a heap limit and a time limit, so a crafted file or
 * a huge one can neither exhaust the service's memory nor hold its event loop.
 */
import { fork } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';
import type { ExtractOptions, Extraction } from '../documents/extract';
import type { FileType } from './file-text';
import { fileError } from './file-text';

export interface ReadRequest {
  name: string;
  bytes: Uint8Array;
  options: ExtractOptions;
}

export type ReadResponse = { ok: { type: FileType; chars: number; extraction: Extraction } } | { error: string };

export interface ReaderLimits {
  /** V8 heap of the child, MB. */
  heapMb: number;
  timeoutMs: number;
}

export const DEFAULT_READER_LIMITS: ReaderLimits = { heapMb: 512, timeoutMs: 60_000 };

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
  onProgress?: (stage: string) => void,
): Promise<{ type: FileType; chars: number; extraction: Extraction }> {
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
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(fileError(`đọc tệp "${name}" quá ${Math.round(limits.timeoutMs / 1000)} giây: tệp quá lớn hoặc quá phức tạp, hãy chia nhỏ tài liệu`)),
        ),
      limits.timeoutMs,
    );
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
    child.on('message', (m: ReadResponse | { progress: string }) => {
      if ('progress' in m) return onProgress?.(m.progress);
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
    child.send({ name, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), options } satisfies ReadRequest);
  });
}
