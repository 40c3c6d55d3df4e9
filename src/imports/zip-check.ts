/**
 * A .docx is a zip. Before a parser inflates it, check what it declares and what it really
 * holds: a 300 KB file can inflate to gigabytes (a "zip bomb"). yauzl reads the central
 * directory, and its entry streams fail when an entry inflates to more than it declared, so
 * a lying header is caught while inflating, never after.
 */
import { Entry, ZipFile, fromBuffer } from 'yauzl';
import { fileError } from './file-text';

export const ZIP_LIMITS = {
  /** Entries in a Word document: a few dozen normally; thousands only in crafted files. */
  maxEntries: 2000,
  /** Uncompressed size of one entry (word/document.xml of a 200-page plan is a few MB). */
  maxEntryBytes: 50 * 1024 * 1024,
  /** All entries together. */
  maxTotalBytes: 120 * 1024 * 1024,
  /** Compression ratio of an entry larger than 1 MB; Word XML compresses about 10:1. */
  maxRatio: 200,
};

const MB = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

export async function checkZip(bytes: Buffer, limits = ZIP_LIMITS): Promise<void> {
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, z) =>
      err ? reject(fileError('không đọc được tệp .docx: tệp hỏng hoặc không phải .docx')) : resolve(z!),
    ),
  );
  if (zip.entryCount > limits.maxEntries) throw fileError(`tệp .docx có ${zip.entryCount} thành phần, quá giới hạn ${limits.maxEntries}`);
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    const fail = (e: Error) => {
      zip.close();
      reject(e);
    };
    zip.on('error', () => fail(fileError('không đọc được tệp .docx: tệp hỏng')));
    zip.on('end', () => resolve());
    zip.on('entry', (entry: Entry) => {
      const size = entry.uncompressedSize;
      if (size > limits.maxEntryBytes)
        return fail(fileError(`"${entry.fileName}" trong tệp .docx giải nén ra ${MB(size)}, quá giới hạn ${MB(limits.maxEntryBytes)}`));
      total += size;
      if (total > limits.maxTotalBytes) return fail(fileError(`tệp .docx giải nén ra hơn ${MB(limits.maxTotalBytes)}, quá giới hạn`));
      if (size > 1024 * 1024 && size / Math.max(1, entry.compressedSize) > limits.maxRatio) {
        return fail(
          fileError(`"${entry.fileName}" trong tệp .docx nén bất thường (tỉ lệ ${Math.round(size / Math.max(1, entry.compressedSize))}:1), không đọc`),
        );
      }
      if (/\/$/.test(entry.fileName)) return zip.readEntry();
      // Inflate it once to prove the declared size: the stream errors past it.
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return fail(fileError('không đọc được tệp .docx: tệp hỏng'));
        stream.on('error', () => fail(fileError(`"${entry.fileName}" trong tệp .docx không khớp kích thước khai báo (tệp hỏng)`)));
        stream.on('data', () => undefined);
        stream.on('end', () => zip.readEntry());
      });
    });
    zip.readEntry();
  });
}
