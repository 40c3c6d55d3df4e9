import { Column, CreateDateColumn, Entity, Index, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { LocalDate } from '../deadlines/calendar';
import type { Period, ScheduleKind } from '../deadlines/schedule';
import { Program } from '../programs/program.entity';
import { Unit } from '../units/unit.entity';
import { OPEN_DEADLINES_WHERE } from './task-rules';
import type { TaskStatus } from './task-status';

/** Nhiệm vụ: one task of a program, with its owner and its deadline as written and as read. */
@Entity('tasks')
// The list's order (program, position, id): a page is read off the index, never sorted whole.
@Index(['committeeId', 'programId', 'position', 'id'])
// Text search: SQLite's FTS5 trigram table (tasks_fts) or PostgreSQL's trigram GIN index, made
// by the TaskSearch migrations; TypeORM leaves it alone.
@Index('IDX_tasks_search_trgm', { synchronize: false })
@Index(['committeeId', 'leadUnitId', 'dueDate'])
@Index(['committeeId', 'dueDate'])
// The daily sweep reads a committee's open tasks in slices of the id order (id > last LIMIT n).
@Index('IDX_tasks_committee_id', ['committeeId', 'id'])
// Extended tasks are few: the compliance summary counts them from this partial index.
@Index('IDX_tasks_extended', ['committeeId', 'leadUnitId'], { where: '"extendedDue" IS NOT NULL' })
@Index('IDX_tasks_open_deadlines', ['committeeId', 'dueDate'], { where: OPEN_DEADLINES_WHERE })
// Covers the compliance aggregates and the sweep: they read these columns of every task, and
// an index-only scan reads a fraction of the rows' bytes (text is the bulk of a row).
@Index('IDX_tasks_timeliness', ['committeeId', 'leadUnitId', 'scheduleKind', 'status', 'programId', 'dueDate', 'startDate', 'completedOn', 'every'])
export class Task {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) committeeId: number;
  @Column({ type: 'integer' }) programId: number;
  @ManyToOne(() => Program, { onDelete: 'RESTRICT' }) program: Program;
  /** Path in the document, e.g. "B.III.1.1.1(3)". */
  @Column({ type: 'varchar', length: 64, nullable: true }) ref: string | null;
  @Column({ type: 'integer', default: 0 }) position: number;
  @Column({ type: 'text' }) text: string;
  /** ref + text folded (lowercase, no diacritics) for search that ignores accents. */
  @Column({ type: 'text', default: '' }) searchText: string;

  /** Đơn vị chủ trì; null while the office has not assigned one. */
  @Column({ type: 'integer', nullable: true }) leadUnitId: number | null;
  @ManyToOne(() => Unit, { nullable: true, onDelete: 'RESTRICT' }) leadUnit: Unit | null;
  /** Đơn vị phối hợp. */
  @ManyToMany(() => Unit)
  @JoinTable({ name: 'task_co_units', joinColumn: { name: 'taskId' }, inverseJoinColumn: { name: 'unitId' } })
  coUnits: Unit[];

  /** The deadline phrase exactly as written in the document. */
  @Column({ type: 'text', nullable: true }) deadlineRaw: string | null;
  @Column({ type: 'varchar', length: 16, default: 'unknown' }) scheduleKind: ScheduleKind;
  @Column({ type: 'varchar', length: 10, nullable: true }) startDate: LocalDate | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) dueDate: LocalDate | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) every: Period | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) eventName: string | null;
  @Column({ type: 'integer', nullable: true }) eventOffsetDays: number | null;
  @Column({ type: 'boolean', default: false }) eventWorkingDays: boolean;
  @Column({ type: 'text', nullable: true }) scheduleReason: string | null;
  /** Recurring: the deadline's day in each period (encodePeriodDay), e.g. "last:20". */
  @Column({ type: 'varchar', length: 12, nullable: true }) periodDay: string | null;
  /**
   * Đề nghị điều chỉnh thời hạn: the due date the office approved. It wins over the date read
   * from the deadline phrase (kept in originalDue), also when the phrase is read again.
   */
  @Column({ type: 'varchar', length: 10, nullable: true }) extendedDue: LocalDate | null;
  /** The due date as read from the document, when an extension replaced it. */
  @Column({ type: 'varchar', length: 10, nullable: true }) originalDue: LocalDate | null;

  @Column({ type: 'varchar', length: 24, default: 'not_started' }) status: TaskStatus;
  @Column({ type: 'varchar', length: 10, nullable: true }) completedOn: LocalDate | null;
  @Column({ type: 'text', nullable: true }) resultNote: string | null;
  @Column({ type: 'text', nullable: true }) progressNote: string | null;
  /** The last local day the unit reported on it (progress, done, a periodic report): "không cập nhật" counts from here. */
  @Column({ type: 'varchar', length: 10, nullable: true }) lastProgressOn: LocalDate | null;
  /** Why the office returned, suspended or cancelled it. */
  @Column({ type: 'text', nullable: true }) statusReason: string | null;

  /** Bumped on every change; signed links carry it so they stop working once the task changed. */
  @VersionColumn() version: number;
  @CreateDateColumn() createdAt: Date;
  @UpdateDateColumn() updatedAt: Date;
}
