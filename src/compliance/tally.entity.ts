import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { LocalDate } from '../deadlines/calendar';

/**
 * Compliance counts kept per day (tally.ts): each row holds the steps dated that day, so the
 * counts as of D are the sum of the rows dated on or before D. Rows per month hold the same
 * steps by month, so a date's counts read the months before its own and the days of its own
 * month — a few rows per unit, not one per day since the program began. unitId 0 stands for
 * "no lead unit" (a key column cannot be NULL and stay unique).
 */
abstract class TallyCounts {
  @Column({ type: 'integer', default: 0 }) onTime: number;
  @Column({ type: 'integer', default: 0 }) late: number;
  @Column({ type: 'integer', default: 0 }) openInTime: number;
  @Column({ type: 'integer', default: 0 }) overdue: number;
  @Column({ type: 'integer', default: 0 }) notDue: number;
  @Column({ type: 'integer', default: 0 }) noDeadline: number;
  @Column({ type: 'integer', default: 0 }) suspended: number;
  @Column({ type: 'integer', default: 0 }) onTimeReached: number;
  @Column({ type: 'integer', default: 0 }) over30: number;
  @Column({ type: 'integer', default: 0 }) over90: number;
}

/** Per committee, day, lead unit and program. */
@Entity('tally_days')
export class TallyDay extends TallyCounts {
  @PrimaryColumn({ type: 'integer' }) committeeId: number;
  @PrimaryColumn({ type: 'varchar', length: 10 }) day: LocalDate;
  @PrimaryColumn({ type: 'integer' }) unitId: number;
  @PrimaryColumn({ type: 'integer' }) programId: number;
}

/** The same steps by month ("2025-09"; the beginning is "0000-01"). */
@Entity('tally_months')
export class TallyMonth extends TallyCounts {
  @PrimaryColumn({ type: 'integer' }) committeeId: number;
  @PrimaryColumn({ type: 'varchar', length: 7 }) month: string;
  @PrimaryColumn({ type: 'integer' }) unitId: number;
  @PrimaryColumn({ type: 'integer' }) programId: number;
}

/** Per committee and day: a province's roll-up reads these. */
@Entity('committee_tally_days')
export class CommitteeTallyDay extends TallyCounts {
  @PrimaryColumn({ type: 'integer' }) committeeId: number;
  @PrimaryColumn({ type: 'varchar', length: 10 }) day: LocalDate;
}

@Entity('committee_tally_months')
export class CommitteeTallyMonth extends TallyCounts {
  @PrimaryColumn({ type: 'integer' }) committeeId: number;
  @PrimaryColumn({ type: 'varchar', length: 7 }) month: string;
}

/** Active periodic tasks by the shape of their schedule (what reports they owe), from a day on. */
@Entity('tally_shapes')
export class TallyShape {
  // Keyed program and shape first: what a shape owes is computed once and joined to its rows.
  @PrimaryColumn({ type: 'integer' }) committeeId: number;
  @PrimaryColumn({ type: 'integer' }) programId: number;
  /** tally.ts shapeKey: JSON of kind, every, start, due, day in the period. */
  @PrimaryColumn({ type: 'varchar', length: 120 }) shape: string;
  @PrimaryColumn({ type: 'integer' }) unitId: number;
  @PrimaryColumn({ type: 'varchar', length: 10 }) day: LocalDate;
  @Column({ type: 'integer', default: 0 }) n: number;
}

/** Reports made (of tasks still active), by period end and day reported, from a day on. */
@Entity('tally_reports')
export class TallyReport {
  @PrimaryColumn({ type: 'integer' }) committeeId: number;
  @PrimaryColumn({ type: 'varchar', length: 10 }) periodEnd: LocalDate;
  @PrimaryColumn({ type: 'integer' }) unitId: number;
  @PrimaryColumn({ type: 'integer' }) programId: number;
  @PrimaryColumn({ type: 'varchar', length: 10 }) reportedOn: LocalDate;
  @PrimaryColumn({ type: 'varchar', length: 10 }) day: LocalDate;
  @Column({ type: 'integer', default: 0 }) n: number;
}

/** What a task last added to the tallies, under its keys then: what its next change takes back. */
@Entity('tally_marks')
export class TallyMark {
  @PrimaryColumn({ type: 'integer' }) taskId: number;
  @Column({ type: 'integer' }) committeeId: number;
  @Column({ type: 'integer' }) unitId: number;
  @Column({ type: 'integer' }) programId: number;
  /** JSON {counts: [[day, [onTime, late, …]]], shapes: [[day, shape, ±1]], reports: [[day, "end|on", ±n]]}. */
  @Column({ type: 'text' }) steps: string;
}

/**
 * Tasks whose tallies are stale. Database triggers on tasks, task_changes and task_reports add
 * a row in the writing transaction itself, so no write path (service, import, cascade, SQL by
 * hand) is missed; the tally service folds them in before the counts are read.
 */
@Entity('tally_queue')
@Index(['committeeId', 'id'])
export class TallyQueue {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) committeeId: number;
  @Column({ type: 'integer' }) taskId: number;
}

/** One row per committee, updated first by a fold: two instances never fold the same queue at once. */
@Entity('tally_state')
export class TallyState {
  @PrimaryColumn({ type: 'integer' }) committeeId: number;
  @Column({ type: 'integer', default: 0 }) folds: number;
}
