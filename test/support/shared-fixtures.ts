import { existsSync, readFileSync } from 'fs';
import { join, resolve } from 'path';

/** ../shared/fixtures beside the project root (CI puts shared/ there); DONDOC_SHARED_FIXTURES moves it (tests of the skip). */
export const SHARED_FIXTURES = resolve(process.env.DONDOC_SHARED_FIXTURES ?? resolve(__dirname, '../../../shared/fixtures'));

/**
 * Reads a shared fixture. When the folder is absent (a clone outside CI) the caller's tests
 * skip with a message; under CI=true a missing fixture is a failure, never a silent skip.
 */
export function sharedFixture(name: string): { text: string | null; describeIf: jest.Describe } {
  const file = join(SHARED_FIXTURES, name);
  if (existsSync(file)) return { text: readFileSync(file, 'utf8'), describeIf: describe };
  if (process.env.CI === 'true') throw new Error(`shared fixture ${file} is missing (CI=true: refusing to skip)`);

  console.warn(`SKIPPED: ${file} not found — tests on the shared reference documents are skipped outside CI`);
  // describe.skip still runs its body to collect the tests, and bodies read the fixture: the
  // skipped block gets one placeholder test instead of the caller's body.
  const skipped = (name: string) => describe.skip(String(name), () => it(`needs ${name}`, () => undefined));
  return { text: null, describeIf: skipped as unknown as jest.Describe };
}
