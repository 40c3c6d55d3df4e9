import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { LocalDate } from '../deadlines/calendar';
import type { Schedule } from '../deadlines/schedule';
import type { ExtractedTarget, ImportWarning, TaskSource } from '../documents/extract';
import type { DocumentHeader } from '../documents/header';
import type { FileType, ReadProgress } from './file-text';
import type { ProgramKind } from '../programs/program.entity';

/** One task as the importer read it, editable by the office before commit. */
export interface PreviewRow {
  row: number;
  ref: string;
  text: string;
  ownerUnitId: number | null;
  /** The owner as written (a directory name, or a proposed new unit when ownerUnitId is null). */
  ownerName: string | null;
  coUnitIds: number[];
  coNames: string[];
  deadline: { raw: string | null } & Schedule;
  clauses: string[];
  /** Where the row was read: "text", "table", "ocr" or "prose". */
  source: TaskSource;
  /** Proposed from prose: left out of the commit until the office keeps it (drop: false). */
  proposed: boolean;
  /** OCR confidence 0–1 of the lines the row was read from; null when not OCR'd. */
  confidence: number | null;
  dropped: boolean;
  edited: boolean;
}

/** Where reading an upload stands while it is a job. */
export interface ImportProgress extends ReadProgress {
  /** ISO instant of the last report, to tell a stalled job from a slow one. */
  at: string;
}

export type ImportStatus = 'reading' | 'failed' | 'preview' | 'committed';

export interface ProgramMeta {
  programId: number | null;
  /** Null only while the file is read (the document's header may give it). */
  kind: ProgramKind | null;
  number: string | null;
  title: string | null;
  issuingBody: string | null;
  issuedDate: LocalDate | null;
  termStart: number | null;
  termEnd: number | null;
  events: { name: string; date: LocalDate | null }[];
}

export interface CommitReport {
  programId: number;
  created: string[];
  updated: { ref: string; fields: string[] }[];
  unchanged: number;
  dropped: number;
  /** Tasks of the program that the document no longer lists (kept, never deleted). */
  notInDocument: string[];
  targets: { created: number; updated: number; unchanged: number };
  unitsCreated: string[];
}

/** An uploaded document read into tasks, waiting for the office to check and commit it. */
@Entity('import_previews')
@Index(['committeeId'])
export class ImportPreview {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) committeeId: number;
  @Column({ type: 'integer', nullable: true }) createdById: number | null;
  @Column({ type: 'varchar', length: 200 }) createdByName: string;
  @Column({ type: 'varchar', length: 255 }) fileName: string;
  @Column({ type: 'varchar', length: 8 }) fileType: FileType | 'unknown';
  @Column({ type: 'varchar', length: 16, default: 'preview' }) status: ImportStatus;
  @Column({ type: 'simple-json' }) program: ProgramMeta;
  @Column({ type: 'simple-json' }) rows: PreviewRow[];
  @Column({ type: 'simple-json' }) targets: ExtractedTarget[];
  @Column({ type: 'simple-json' }) warnings: ImportWarning[];
  @Column({ type: 'simple-json', nullable: true }) result: CommitReport | null;
  @Column({ type: 'simple-json', nullable: true }) progress: ImportProgress | null;
  /** Why reading failed (status failed), in Vietnamese, as the user sees it. */
  @Column({ type: 'varchar', length: 500, nullable: true }) error: string | null;
  /** What the document says of itself (kind, number, title, issuing body, date, place). */
  @Column({ type: 'simple-json', nullable: true }) header: DocumentHeader | null;
  @CreateDateColumn() createdAt: Date;
  /** ISO instant of the commit. */
  @Column({ type: 'varchar', length: 30, nullable: true }) committedAt: string | null;
}
