import { instant } from './instants';

describe('instant', () => {
  it('reads SQLite UTC text and ISO text as UTC, and passes a Date through', () => {
    expect(instant('2025-09-01 02:00:00').toISOString()).toBe('2025-09-01T02:00:00.000Z');
    expect(instant('2025-09-01T02:00:00.123Z').toISOString()).toBe('2025-09-01T02:00:00.123Z');
    expect(instant('2025-09-01T09:00:00+07:00').toISOString()).toBe('2025-09-01T02:00:00.000Z');
    const d = new Date('2025-09-01T02:00:00Z');
    expect(instant(d)).toBe(d);
  });
});
