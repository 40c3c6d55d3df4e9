// Pure domain: Vietnamese deadline phrases → schedules and report periods.
// Nothing here may import Nest, TypeORM or anything with I/O.
export * from './calendar';
export * from './schedule';
export { parseDeadline, applyOffset } from './parse';
export { findDeadlines, combineClauses, parseClauses } from './find';
export type { DeadlineClause } from './find';
export { occurrences, periodContaining } from './occurrences';
export type { Occurrence } from './occurrences';
export { fold, foldKey } from './text';
