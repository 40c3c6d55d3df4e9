/**
 * The PostgreSQL pass of `npm test`: starts one throwaway cluster (postgres.ts), runs the whole
 * Jest suite again with every test app on a fresh database of it, and stops the cluster.
 * Without Debian's `postgresql` package the pass is skipped with a message, except under
 * CI=true where a skipped pass would hide a broken half of the product.
 *
 *   ts-node --transpile-only test/support/postgres-pass.ts [jest arguments]
 */
import { spawn } from 'child_process';
import { join } from 'path';
import { pgBinDir, startPg } from './postgres';

async function main(): Promise<number> {
  if (!pgBinDir()) {
    const msg = 'PostgreSQL is not installed (apt-get install postgresql): the PostgreSQL pass of the tests is skipped';
    if (process.env.CI === 'true') {
      console.error(`${msg}, which CI does not allow`);
      return 1;
    }
    console.warn(msg);
    return 0;
  }
  const cluster = await startPg();
  console.log(`PostgreSQL pass: the e2e suites on a throwaway cluster at 127.0.0.1:${cluster.port}, TZ=Asia/Ho_Chi_Minh`);
  try {
    const jest = join(__dirname, '../../node_modules/jest/bin/jest.js');
    // The e2e suites: the unit specs beside the code are pure and touch no database.
    const args = process.argv.length > 2 ? process.argv.slice(2) : ['--testPathPattern', '/test/'];
    const child = spawn(process.execPath, [jest, ...args], {
      stdio: 'inherit',
      // In Vietnam's zone, as a ward's server may run: instants must not depend on it.
      env: { ...process.env, TEST_DB: 'postgres', TEST_PG_BASE: cluster.baseUrl, TZ: 'Asia/Ho_Chi_Minh' },
    });
    const stop = () => child.kill('SIGTERM');
    process.on('SIGINT', stop).on('SIGTERM', stop);
    return await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  } finally {
    cluster.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
