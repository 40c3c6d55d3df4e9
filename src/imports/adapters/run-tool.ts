/**
 * Runs an external tool (tesseract, pdftoppm, soffice) on an untrusted file with a time limit
 * and an address-space limit. The tool runs in its own process group, so a converter that
 * forks (soffice starts soffice.bin) is killed whole when time is up.
 */
import { spawn } from 'child_process';
import { existsSync } from 'fs';

export interface ToolLimits {
  timeoutMs: number;
  /** Address space of the tool, MB (prlimit --as); null for none. */
  memoryMb: number | null;
}

export interface ToolResult {
  stdout: Buffer;
  stderr: string;
}

export class ToolError extends Error {
  constructor(
    message: string,
    readonly reason: 'timeout' | 'failed' | 'missing',
  ) {
    super(message);
  }
}

const PRLIMIT = '/usr/bin/prlimit';

export function runTool(cmd: string, args: string[], limits: ToolLimits, env: Record<string, string> = {}): Promise<ToolResult> {
  const useLimit = limits.memoryMb !== null && existsSync(PRLIMIT);
  const [file, argv] = useLimit ? [PRLIMIT, [`--as=${limits.memoryMb! * 1024 * 1024}`, '--', cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, limits.timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new ToolError(e.code === 'ENOENT' ? `${cmd} is not installed` : e.message, e.code === 'ENOENT' ? 'missing' : 'failed'));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return reject(new ToolError(`${cmd} timed out after ${limits.timeoutMs} ms`, 'timeout'));
      if (code !== 0) return reject(new ToolError(`${cmd} exited with ${signal ?? code}: ${err.trim().slice(-500)}`, 'failed'));
      resolve({ stdout: Buffer.concat(out), stderr: err });
    });
  });
}
