/**
 * A committee's own settings and the settings it works by: each value is the committee's own
 * if set, else its parent's, …, else the installation's (config/default.yaml,
 * config/reminders.yaml, config/holidays.yaml). Pure: the service feeds it the chain of
 * committees read from the database.
 */
import { HolidayEntry, LocalDate, addDays, expandHolidays, isLocalDate } from '../deadlines/calendar';
import type { ReminderRules } from '../reminders/rules';

/** What a committee may set for itself; anything unset is inherited. */
export interface CommitteeSettings {
  /** IANA zone of the committee's calendar days (Vietnam: Asia/Ho_Chi_Minh). */
  timeZone?: string;
  /** The From of its mail, e.g. `Văn phòng Đảng ủy phường X <vanphong@x.vn>`. */
  mailFrom?: string;
  /** Reminder rules, partly or wholly; each key inherited on its own. */
  reminderRules?: Partial<ReminderRules>;
  /**
   * Rules that differ for one of this committee's programs, keyed by its number ("15-KH/ĐU") or
   * id. Never inherited: a parent's program numbers say nothing about a child's programs.
   */
  reminderOverrides?: Record<string, Partial<ReminderRules>>;
  /** Days off skipped by "ngày làm việc"; when set, replaces the inherited list. */
  holidays?: HolidayEntry[];
}

export const SETTING_KEYS = ['timeZone', 'mailFrom', 'reminderRules', 'reminderOverrides', 'holidays'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** The installation's values: the top of every chain. */
export interface BaseSettings {
  timeZone: string;
  mailFrom: string;
  reminderRules: ReminderRules;
  /** config/reminders.yaml `programs`: the first committee's overrides (a one-ward installation). */
  reminderOverrides: Record<string, Partial<ReminderRules>>;
  holidays: LocalDate[];
}

/** Who set a value: a committee's id, or null for the installation's configuration. */
export type SettingSource = number | null;

export interface EffectiveSettings {
  committeeId: number;
  timeZone: string;
  mailFrom: string;
  reminderRules: ReminderRules;
  reminderOverrides: Record<string, Partial<ReminderRules>>;
  /** Expanded to single days, sorted. */
  holidays: LocalDate[];
  source: {
    timeZone: SettingSource;
    mailFrom: SettingSource;
    holidays: SettingSource;
    reminderOverrides: SettingSource;
    reminderRules: Record<keyof ReminderRules, SettingSource>;
  };
}

export interface ChainLink {
  id: number;
  settings: CommitteeSettings | null;
}

const RULE_KEYS: (keyof ReminderRules)[] = [
  'beforeDays',
  'onDueDay',
  'overdueEveryDays',
  'reportBeforeDays',
  'reportOverdueEveryDays',
  'ccCoordinating',
  'targetResultDays',
  'targetOverdueEveryDays',
  'notStartedDays',
  'noUpdateDays',
];

/**
 * The settings `chain[0]` works by. `chain` is the committee and its ancestors, nearest first;
 * `first` says whether it is the installation's first committee (config overrides apply to it).
 */
export function resolveSettings(chain: ChainLink[], base: BaseSettings, first: boolean): EffectiveSettings {
  const self = chain[0];
  const pick = <K extends 'timeZone' | 'mailFrom' | 'holidays'>(key: K): { value: CommitteeSettings[K]; source: SettingSource } => {
    for (const link of chain) {
      const v = link.settings?.[key];
      if (v !== undefined && v !== null) return { value: v, source: link.id };
    }
    return { value: undefined, source: null };
  };
  const tz = pick('timeZone');
  const from = pick('mailFrom');
  const days = pick('holidays');
  const rules = { ...base.reminderRules };
  const ruleSource = Object.fromEntries(RULE_KEYS.map((k) => [k, null])) as Record<keyof ReminderRules, SettingSource>;
  // Root first, so a nearer committee's key wins.
  for (const link of [...chain].reverse()) {
    for (const k of RULE_KEYS) {
      const v = link.settings?.reminderRules?.[k];
      if (v !== undefined && v !== null) {
        (rules as Record<string, unknown>)[k] = v;
        ruleSource[k] = link.id;
      }
    }
  }
  const own = self.settings?.reminderOverrides;
  return {
    committeeId: self.id,
    timeZone: tz.value ?? base.timeZone,
    mailFrom: from.value ?? base.mailFrom,
    reminderRules: rules,
    reminderOverrides: own ?? (first ? base.reminderOverrides : {}),
    holidays: days.value ? expandHolidays(days.value) : base.holidays,
    source: {
      timeZone: tz.source,
      mailFrom: from.source,
      holidays: days.source,
      reminderOverrides: own ? self.id : null,
      reminderRules: ruleSource,
    },
  };
}

/**
 * Checks a patch of settings as a user sent it. `null` for a key clears it (inherit again).
 * Returns the problems, each naming its field in the API's terms, in Vietnamese.
 */
export function checkSettings(patch: unknown): string[] {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return ['settings: cần một đối tượng JSON'];
  const errors: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (!(SETTING_KEYS as readonly string[]).includes(key)) {
      errors.push(`${key}: không có thiết lập này (có: ${SETTING_KEYS.join(', ')})`);
      continue;
    }
    if (value === null) continue;
    if (key === 'timeZone' && !isTimeZone(value)) errors.push('timeZone: cần múi giờ IANA, ví dụ Asia/Ho_Chi_Minh');
    if (key === 'mailFrom' && !isMailFrom(value)) errors.push('mailFrom: cần địa chỉ gửi, ví dụ "Văn phòng Đảng ủy <vanphong@example.vn>"');
    if (key === 'reminderRules') errors.push(...checkRules(value, 'reminderRules'));
    if (key === 'reminderOverrides') {
      if (typeof value !== 'object' || Array.isArray(value)) errors.push('reminderOverrides: cần đối tượng {"số văn bản": {quy tắc}}');
      else
        for (const [program, rules] of Object.entries(value as object)) {
          if (!program.trim() || program.length > 100) errors.push('reminderOverrides: số hiệu văn bản từ 1 đến 100 ký tự');
          errors.push(...checkRules(rules, `reminderOverrides.${program}`));
        }
    }
    if (key === 'holidays') {
      if (!Array.isArray(value) || value.length > 1000) errors.push('holidays: cần danh sách ngày nghỉ (tối đa 1000 mục)');
      else
        value.forEach((h: unknown, i: number) => {
          const ok =
            isLocalDate(h) ||
            (typeof h === 'object' &&
              h !== null &&
              isLocalDate((h as { from?: unknown }).from) &&
              isLocalDate((h as { to?: unknown }).to) &&
              (h as { from: string }).from <= (h as { to: string }).to &&
              Object.keys(h).length === 2);
          if (!ok) errors.push(`holidays[${i}]: cần ngày YYYY-MM-DD hoặc {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}`);
          else if (typeof h === 'object' && addDays((h as { from: string }).from, 366) < (h as { to: string }).to)
            errors.push(`holidays[${i}]: một kỳ nghỉ không dài quá một năm`);
        });
    }
  }
  return errors;
}

function checkRules(value: unknown, field: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${field}: cần đối tượng quy tắc nhắc việc`];
  const errors: string[] = [];
  const wholeDays = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 366;
  for (const [k, v] of Object.entries(value)) {
    if (!(RULE_KEYS as string[]).includes(k)) errors.push(`${field}.${k}: không có quy tắc này (có: ${RULE_KEYS.join(', ')})`);
    else if (v === null) continue;
    else if (k === 'beforeDays') {
      if (!Array.isArray(v) || v.length > 10 || !v.every(wholeDays)) errors.push(`${field}.beforeDays: cần danh sách số ngày (0–366), tối đa 10`);
    } else if (k === 'onDueDay' || k === 'ccCoordinating') {
      if (typeof v !== 'boolean') errors.push(`${field}.${k}: true hoặc false`);
    } else if (!wholeDays(v)) errors.push(`${field}.${k}: cần số ngày nguyên từ 0 đến 366`);
  }
  return errors;
}

function isTimeZone(v: unknown): boolean {
  if (typeof v !== 'string' || !/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){0,2}$/.test(v)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: v });
    return true;
  } catch {
    return false;
  }
}

/** One address, bare or as `Name <address>`; no line breaks (they would forge headers). */
function isMailFrom(v: unknown): boolean {
  if (typeof v !== 'string' || v.length > 300 || /[\r\n]/.test(v)) return false;
  const m = /^\s*(?:(?:"[^"]*"|[^<>"]*)\s*<([^<>\s]+)>|([^<>\s]+))\s*$/.exec(v);
  const address = m?.[1] ?? m?.[2];
  return !!address && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address);
}

/**
 * A patch applied to stored settings: a null clears the key, anything else replaces it. Keys
 * inside reminderRules merge (a patch of one rule keeps the others).
 */
export function applySettings(current: CommitteeSettings | null, patch: Record<string, unknown>): CommitteeSettings | null {
  const next: Record<string, unknown> = { ...(current ?? {}) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete next[k];
    else if (k === 'reminderRules') {
      const rules: Record<string, unknown> = { ...((next.reminderRules as object) ?? {}) };
      for (const [rk, rv] of Object.entries(v as object)) {
        if (rv === null) delete rules[rk];
        else rules[rk] = rv;
      }
      if (Object.keys(rules).length) next.reminderRules = rules;
      else delete next.reminderRules;
    } else next[k] = v;
  }
  return Object.keys(next).length ? (next as CommitteeSettings) : null;
}
