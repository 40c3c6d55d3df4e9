/**
 * An old Word file (.doc) becomes a .docx through LibreOffice headless (Debian's
 * libreoffice-writer-nogui), then takes the .docx path. Each conversion gets its own profile
 * directory: two soffice processes sharing one profile block each other.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { runTool, ToolLimits } from './run-tool';

/**
 * The import filter is named: left to guess, LibreOffice opens any bytes it cannot read as
 * Word as plain text, and a broken file would "convert" into a page of noise.
 */
export async function docToDocx(bytes: Buffer, limits: ToolLimits): Promise<Buffer> {
  const filter = bytes.subarray(0, 5).toString('latin1') === '{\\rtf' ? 'Rich Text Format' : 'MS Word 97';
  const dir = await mkdtemp(join(tmpdir(), 'dondoc-doc-'));
  try {
    const input = join(dir, 'input.doc');
    await writeFile(input, bytes);
    await runTool(
      'soffice',
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--norestore',
        '--nolockcheck',
        `--infilter=${filter}`,
        '--convert-to',
        'docx',
        '--outdir',
        join(dir, 'out'),
        input,
      ],
      limits,
      { HOME: dir },
    );
    const out = (await readdir(join(dir, 'out')).catch(() => [] as string[])).find((f) => f.endsWith('.docx'));
    // soffice exits 0 and writes nothing for a file it cannot read.
    if (!out) throw new Error('the converter wrote no .docx');
    return await readFile(join(dir, 'out', out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
