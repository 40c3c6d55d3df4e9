/**
 * The one conversion rule for instants read by raw SQL: PostgreSQL's `timestamptz` arrives as
 * a Date; SQLite's as UTC text ('YYYY-MM-DD HH:MM:SS', as CURRENT_TIMESTAMP writes it, or ISO
 * with a Z). Text without a zone is UTC — never the process's local time.
 */
export function instant(v: string | Date): Date {
  if (v instanceof Date) return v;
  const s = String(v).trim().replace(' ', 'T');
  return new Date(/(?:Z|[+-]\d\d:?\d\d)$/.test(s) ? s : `${s}Z`);
}
