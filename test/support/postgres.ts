/**
 * A throwaway PostgreSQL cluster for the tests: Debian's server binaries (package
 * `postgresql`), `initdb` into a temp directory with trust authentication, `pg_ctl` on a free
 * loopback port, stopped and removed at the end. A root user (CI containers) runs the server
 * as the `postgres` system user, which PostgreSQL requires; anyone else runs it as themselves.
 */
import { execFileSync, spawnSync } from 'child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir, userInfo } from 'os';
import { join } from 'path';
import { freePort } from './net';

export interface PgCluster {
  /** postgres://dondoc@127.0.0.1:PORT/ — add a database name. */
  baseUrl: string;
  port: number;
  /** A new empty database; its URL. */
  createDatabase: (name?: string) => Promise<string>;
  stop: () => void;
}

/** The directory of Debian's PostgreSQL server binaries, the newest installed; null when none. */
export function pgBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

let created = 0;

/** Creates an empty database in the cluster at `baseUrl` (postgres://user@host:port/); its URL. */
export async function createDatabaseAt(baseUrl: string, name = `t${process.pid}_${Date.now()}_${created++}`): Promise<string> {
  const { Client } = await import('pg');
  const c = new Client({ connectionString: `${baseUrl}postgres` });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE "${name}"`);
  } finally {
    await c.end();
  }
  return `${baseUrl}${name}`;
}

export async function startPg(): Promise<PgCluster> {
  const bin = pgBinDir();
  if (!bin) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-pg-'));
  const asRoot = userInfo().uid === 0;
  const run = (cmd: string, args: string[]) => {
    const full = join(bin, cmd);
    const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', full, ...args], { encoding: 'utf8' }) : spawnSync(full, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'dondoc', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  run('pg_ctl', [
    '-D',
    data,
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
    '-l',
    join(dir, 'log'),
    '-w',
    'start',
  ]);
  const baseUrl = `postgres://dondoc@127.0.0.1:${port}/`;
  return {
    baseUrl,
    port,
    createDatabase: (name) => createDatabaseAt(baseUrl, name),
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
