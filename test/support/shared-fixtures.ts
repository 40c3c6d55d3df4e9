import { existsSync, readFileSync } from 'fs';
import { join, resolve } from 'path';

/** ../shared/fixtures beside the project root (CI puts shared/ there). */
export const SHARED_FIXTURES = resolve(__dirname, '../../../shared/fixtures');

/**
 * Reads a shared fixture. When the folder is absent (a clone outside CI) the caller's tests
 * skip with a message; under CI=true a missing fixture is a failure, never a silent skip.
 */
export function sharedFixture(name: string): { text: string | null; describeIf: jest.Describe } {
  const file = join(SHARED_FIXTURES, name);
  if (existsSync(file)) return { text: readFileSync(file, 'utf8'), describeIf: describe };
  if (process.env.CI === 'true') throw new Error(`shared fixture ${file} is missing (CI=true: refusing to skip)`);
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED: ${file} not found — tests on the shared reference documents are skipped outside CI`);
  return { text: null, describeIf: describe.skip };
}
