import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const RESULT_PERIODS = ['year', 'h1'] as const;
export type ResultPeriod = (typeof RESULT_PERIODS)[number];

/**
 * The value of one indicator of a target for a year (or its first six months, `h1`): a number,
 * or 1 / 0 (đạt / không đạt) for a qualitative indicator. One row per indicator and period;
 * recording again replaces it (the audit trail keeps the earlier value).
 */
@Entity('target_results')
@Index(['targetId', 'indicator', 'year', 'period'], { unique: true })
@Index(['committeeId', 'year'])
export class TargetResult {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) committeeId: number;
  @Column({ type: 'integer' }) targetId: number;
  /** Index of the indicator in the target's reading (0-based). */
  @Column({ type: 'integer' }) indicator: number;
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'varchar', length: 8, default: 'year' }) period: ResultPeriod;
  @Column({ type: 'double precision' }) value: number;
  @Column({ type: 'text', nullable: true }) note: string | null;
  /** Where the figure comes from (a report, a statistics office table). */
  @Column({ type: 'varchar', length: 300, nullable: true }) source: string | null;
  @Column({ type: 'varchar', length: 200 }) recordedBy: string;
  /** ISO instant, from the clock. */
  @Column({ type: 'varchar', length: 30 }) recordedAt: string;
}
