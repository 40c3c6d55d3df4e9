/**
 * The reader's child process: file bytes → text → tasks, targets and warnings. It runs the
 * parsers of untrusted files (zip, Word XML, pdfjs) and the document reader away from the
 * service's event loop, with its own heap limit; the parent kills it when time is up.
 * Protocol (IPC, advanced serialisation): one ReadRequest in, progress messages and one
 * ReadResponse out.
 */
import { DomainError } from '../common/errors';
import { extractDocument } from '../documents/extract';
import { fileContent, ReadProgress } from './file-text';
import type { ReadRequest, ReadResponse } from './reader';

const send = (m: ReadResponse | { progress: ReadProgress }) => process.send?.(m);

process.on('message', (req: ReadRequest) => {
  void (async () => {
    try {
      send({ progress: { stage: 'text' } });
      const file = await fileContent(req.name, Buffer.from(req.bytes), { ...req.file, onProgress: (progress) => send({ progress }) });
      send({ progress: { stage: 'structure' } });
      const extraction = extractDocument(file.content, req.options);
      send({ ok: { type: file.type, chars: file.chars, ocrPages: file.ocrPages, extraction } });
    } catch (e) {
      const message =
        e instanceof DomainError
          ? String((e.getResponse() as { message: string }).message)
          : `file: không đọc được tệp "${req.name}" (${(e as Error).message})`;
      send({ error: message });
    }
  })();
});
