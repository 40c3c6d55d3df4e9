// Pure domain: document text → structure → tasks, targets and warnings. File adapters
// (docx, pdf) live at the edge in src/imports/; nothing here does I/O or imports Nest/TypeORM.
export { cleanText } from './clean';
export { parseStructure } from './structure';
export type { DocNode } from './structure';
export { extractDocument } from './extract';
export type { ExtractedTask, ExtractedTarget, Extraction, ImportWarning, Owner } from './extract';
