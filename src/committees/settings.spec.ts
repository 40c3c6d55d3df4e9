import { expandHolidays } from '../deadlines/calendar';
import { BaseSettings, applySettings, checkSettings, resolveSettings } from './settings';

const base: BaseSettings = {
  timeZone: 'Asia/Ho_Chi_Minh',
  mailFrom: 'dondoc <dondoc@localhost>',
  reminderRules: {
    beforeDays: [7, 3, 1],
    onDueDay: true,
    overdueEveryDays: 7,
    reportBeforeDays: 7,
    reportOverdueEveryDays: 7,
    ccCoordinating: false,
    targetResultDays: 15,
    targetOverdueEveryDays: 30,
    notStartedDays: 0,
    noUpdateDays: 0,
  },
  reminderOverrides: { '15-KH/ĐU': { beforeDays: [3] } },
  holidays: ['2025-09-02'],
};

describe('resolveSettings: own, else the nearest ancestor’s, else the installation’s', () => {
  it('takes each value from the nearest committee that set it, rules key by key', () => {
    const chain = [
      { id: 3, settings: { reminderRules: { beforeDays: [2] } } },
      { id: 2, settings: null },
      { id: 1, settings: { mailFrom: 'Tỉnh ủy <vp@tinh.vn>', reminderRules: { beforeDays: [5], onDueDay: false }, timeZone: 'Asia/Bangkok' } },
    ];
    const s = resolveSettings(chain, base, false);
    expect(s.committeeId).toBe(3);
    expect(s.mailFrom).toBe('Tỉnh ủy <vp@tinh.vn>');
    expect(s.timeZone).toBe('Asia/Bangkok');
    expect(s.reminderRules).toEqual({ ...base.reminderRules, beforeDays: [2], onDueDay: false });
    expect(s.source.reminderRules).toMatchObject({ beforeDays: 3, onDueDay: 1, overdueEveryDays: null });
    expect(s.source).toMatchObject({ mailFrom: 1, timeZone: 1, holidays: null });
    expect(s.holidays).toEqual(['2025-09-02']);
  });

  it('gives config overrides only to the first committee, and never inherits a parent’s overrides', () => {
    expect(resolveSettings([{ id: 1, settings: null }], base, true).reminderOverrides).toEqual(base.reminderOverrides);
    expect(resolveSettings([{ id: 2, settings: null }], base, false).reminderOverrides).toEqual({});
    const parentOwn = [
      { id: 2, settings: null },
      { id: 1, settings: { reminderOverrides: { '01-CTr/ĐU': { beforeDays: [1] } } } },
    ];
    expect(resolveSettings(parentOwn, base, false).reminderOverrides).toEqual({});
  });

  it('replaces the inherited holidays with the committee’s own list, spans expanded', () => {
    const s = resolveSettings([{ id: 2, settings: { holidays: [{ from: '2025-10-30', to: '2025-11-02' }, '2025-10-31'] } }], base, false);
    expect(s.holidays).toEqual(['2025-10-30', '2025-10-31', '2025-11-01', '2025-11-02']);
    expect(expandHolidays([])).toEqual([]);
  });
});

describe('checkSettings', () => {
  it('accepts what a committee may set', () => {
    expect(
      checkSettings({
        timeZone: 'Asia/Ho_Chi_Minh',
        mailFrom: '"Văn phòng Đảng ủy, phường X" <vp@x.gov.vn>',
        reminderRules: { beforeDays: [5, 1], onDueDay: true, overdueEveryDays: 0 },
        reminderOverrides: { '15-KH/ĐU': { ccCoordinating: true } },
        holidays: ['2025-10-01', { from: '2026-02-14', to: '2026-02-22' }],
      }),
    ).toEqual([]);
    expect(checkSettings({ mailFrom: 'vp@x.vn', timeZone: null })).toEqual([]);
  });

  it('names each bad field', () => {
    const errors = checkSettings({
      timeZone: 'Asia/Nowhere',
      mailFrom: 'Văn phòng <không phải địa chỉ>',
      reminderRules: { beforeDays: [1.5], overdueEveryDays: -1, onDueDay: 1, snooze: true },
      reminderOverrides: { '': {} },
      holidays: [{ from: '2025-10-02', to: '2025-10-01' }, '2025-02-30'],
      theme: 'dark',
    });
    const fields = errors.map((e) => e.split(':')[0]);
    expect(fields).toEqual(
      expect.arrayContaining([
        'timeZone',
        'mailFrom',
        'reminderRules.beforeDays',
        'reminderRules.overdueEveryDays',
        'reminderRules.onDueDay',
        'reminderRules.snooze',
        'reminderOverrides',
        'holidays[0]',
        'holidays[1]',
        'theme',
      ]),
    );
    expect(checkSettings({ mailFrom: 'a@b.vn\nBcc: c@d.vn' })).toHaveLength(1);
    expect(checkSettings([])).toEqual(['settings: cần một đối tượng JSON']);
  });
});

describe('applySettings', () => {
  it('merges rules key by key and clears what is set to null', () => {
    const current = { mailFrom: 'a@b.vn', reminderRules: { beforeDays: [5], onDueDay: false } };
    expect(applySettings(current, { reminderRules: { beforeDays: null, overdueEveryDays: 3 } })).toEqual({
      mailFrom: 'a@b.vn',
      reminderRules: { onDueDay: false, overdueEveryDays: 3 },
    });
    expect(applySettings(current, { mailFrom: null, reminderRules: null })).toBeNull();
  });
});
