import { Inject, Injectable } from '@nestjs/common';
import { Actor, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { HOLIDAYS } from '../config/config.module';
import { APP_CONFIG, AppConfig, HolidayTable } from '../config/configuration';
import { Db } from '../database/db.service';
import { LocalDate, localDateIn } from '../deadlines/calendar';
import { Committee } from './committee.entity';
import { CommitteesRepository } from './committees.repository';
import { BaseSettings, CommitteeSettings, EffectiveSettings, applySettings, checkSettings, resolveSettings } from './settings';

/** How long an instance trusts what it read: another instance's change shows within this. */
const TTL_MS = 30_000;

/**
 * The settings each committee works by (its own, else inherited from its parents, else the
 * installation's). Read on every sweep, send and deadline reading, so kept briefly in memory.
 */
@Injectable()
export class CommitteeSettingsService {
  private readonly tree: CommitteesRepository;
  private readonly cache = new Map<number, { at: number; value: EffectiveSettings }>();
  private first: { at: number; id: number | null } | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(HOLIDAYS) private readonly holidays: HolidayTable,
  ) {
    this.tree = new CommitteesRepository(db);
  }

  private base(): BaseSettings {
    return {
      timeZone: this.config.timeZone,
      mailFrom: this.config.mail.from,
      reminderRules: this.config.reminders.defaults,
      reminderOverrides: this.config.reminders.programs,
      holidays: [...this.holidays],
    };
  }

  async effective(committeeId: number): Promise<EffectiveSettings> {
    const now = Date.now();
    const hit = this.cache.get(committeeId);
    if (hit && now - hit.at < TTL_MS) return hit.value;
    const chain = await this.tree.settingsChain(committeeId);
    if (!chain.length) throw new DomainError(`Không có đảng bộ ${committeeId}`, 404);
    if (!this.first || now - this.first.at >= TTL_MS) this.first = { at: now, id: await this.tree.firstId() };
    const value = resolveSettings(chain, this.base(), this.first.id === committeeId);
    this.cache.set(committeeId, { at: now, value });
    return value;
  }

  /** The committee's "today": the calendar day in its time zone. */
  async today(committeeId: number): Promise<LocalDate> {
    return localDateIn(this.clock.now(), (await this.effective(committeeId)).timeZone);
  }

  /** The holidays of a committee's calendar, with the table of Tết dates deadlines read. */
  async holidayTable(committeeId: number): Promise<HolidayTable> {
    return Object.assign([...(await this.effective(committeeId)).holidays], { lunarNewYear: this.holidays.lunarNewYear });
  }

  /**
   * Applies a patch (a key set to null is inherited again), checked as a whole: one bad value
   * and nothing is written. Children inherit at once on this instance, within TTL elsewhere.
   */
  async update(actor: Actor, committeeId: number, patch: Record<string, unknown>): Promise<CommitteeSettings> {
    const errors = checkSettings(patch);
    if (errors.length) throw new DomainError(errors.join('; '), 400);
    const saved = await this.db.write(async (m) => {
      const c = await m.findOneBy(Committee, { id: committeeId });
      if (!c) throw new DomainError(`Không có đảng bộ ${committeeId}`, 404);
      const next = applySettings(c.settings, patch);
      await m.update(Committee, { id: committeeId }, { settings: next });
      // Recorded in the committee's own trail, whoever changed it.
      await this.audit.record(m, { ...actor, committeeId }, 'committee', committeeId, 'settings', { settings: c.settings }, { settings: next });
      return next ?? {};
    });
    this.cache.clear();
    return saved;
  }
}
