import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { LocalDate } from '../deadlines/calendar';
import type { Schedule } from '../deadlines/schedule';
import type { ExtractedTarget, ImportWarning } from '../documents/extract';
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
  dropped: boolean;
  edited: boolean;
}

export interface ProgramMeta {
  programId: number | null;
  kind: ProgramKind;
  number: string | null;
  title: string;
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
  @Column({ type: 'varchar', length: 8 }) fileType: 'txt' | 'docx' | 'pdf';
  @Column({ type: 'varchar', length: 16, default: 'preview' }) status: 'preview' | 'committed';
  @Column({ type: 'simple-json' }) program: ProgramMeta;
  @Column({ type: 'simple-json' }) rows: PreviewRow[];
  @Column({ type: 'simple-json' }) targets: ExtractedTarget[];
  @Column({ type: 'simple-json' }) warnings: ImportWarning[];
  @Column({ type: 'simple-json', nullable: true }) result: CommitReport | null;
  @CreateDateColumn() createdAt: Date;
  /** ISO instant of the commit. */
  @Column({ type: 'varchar', length: 30, nullable: true }) committedAt: string | null;
}
