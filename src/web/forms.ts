import { HttpException } from '@nestjs/common';
import type { Response } from 'express';
import type { AppConfig } from '../config/configuration';
import { messageOf, setFlash } from './page.guard';

/**
 * Post/redirect/get for the pages' forms: run the service call; on success flash a message
 * and redirect (303); on a 4xx show the same page again with the reason and the user's input
 * (status kept, nothing written: services write in one transaction or not at all).
 */
export async function submitForm(
  res: Response,
  config: AppConfig,
  action: () => Promise<unknown>,
  done: { redirect: string | ((result: unknown) => string); flash: string | ((result: unknown) => string) },
  again: (status: number, error: string) => Promise<void>,
): Promise<void> {
  let result: unknown;
  try {
    result = await action();
  } catch (e) {
    if (e instanceof HttpException && e.getStatus() < 500) return again(e.getStatus(), messageOf(e));
    throw e;
  }
  setFlash(res, config, { kind: 'ok', text: typeof done.flash === 'function' ? done.flash(result) : done.flash });
  res.redirect(303, typeof done.redirect === 'function' ? done.redirect(result) : done.redirect);
}

/** Form fields arrive as strings; these read them for the API's DTOs. */
export const field = {
  text: (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined),
  /** '' → null (a select's "none"), digits → number, anything else kept for the DTO to refuse. */
  idOrNull: (v: unknown): number | null | unknown => (v === '' || v === undefined ? null : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
  ids: (v: unknown): unknown =>
    v === undefined || v === '' ? [] : (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'string' && /^\d+$/.test(x) ? Number(x) : x)),
  /** One item a line (names may hold commas). */
  lines: (v: unknown): string[] =>
    typeof v === 'string'
      ? v
          .split(/\r?\n/)
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  /** Email addresses, one a line or separated by commas, semicolons or spaces. */
  emails: (v: unknown): string[] => (typeof v === 'string' ? v.split(/[\s,;]+/).filter(Boolean) : []),
  /**
   * Dates are typed dd/mm/yyyy on every page (a browser's own date picker follows the
   * computer's language, and an English Windows would show 09/01/2025 for 1 September).
   * Returns YYYY-MM-DD, '' for empty, or the text as typed for the DTO to refuse by name.
   */
  date: (v: unknown): string | undefined => {
    if (typeof v !== 'string') return undefined;
    const s = v.trim();
    const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
    return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : s;
  },
  bool: (v: unknown): boolean => v === 'on' || v === 'true' || v === '1',
};
