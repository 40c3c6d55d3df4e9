import { periodLabel } from '../deadlines/occurrences';
import Handlebars from 'handlebars';
import { readFileSync, readdirSync } from 'fs';
import { basename, join } from 'path';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal';
import { formatVi } from '../deadlines/calendar';
import { templatesDir } from '../mail/templates';
import type { Role } from '../users/user.entity';

/**
 * Server-rendered pages: Handlebars with a layout and partials. Every {{value}} is HTML-escaped
 * (task text comes from uploaded documents and users); no template uses triple braces on data.
 */
export function assetsDir(): string {
  return join(templatesDir('web'), '..', 'assets');
}

export const ROLE_LABELS: Record<Role, string> = {
  office: 'Văn phòng Đảng ủy',
  unit: 'Đơn vị',
  inspection: 'Ủy ban Kiểm tra',
  admin: 'Quản trị',
  province: 'Cấp tỉnh (theo dõi)',
};

const SCHEDULE_LABELS: Record<string, string> = {
  date: 'Có thời hạn',
  window: 'Trong khoảng thời gian',
  from: 'Thực hiện từ',
  recurring: 'Định kỳ',
  continuous: 'Thường xuyên',
  relative: 'Theo mốc sự kiện',
  unknown: 'Chưa xác định được thời hạn',
};
const PERIOD_LABELS: Record<string, string> = { week: 'hằng tuần', month: 'hằng tháng', quarter: 'hằng quý', half_year: '6 tháng một lần', year: 'hằng năm' };

const hbs = Handlebars.create();
hbs.registerHelper('date', (d: unknown) => (typeof d === 'string' && d ? formatVi(d) : '—'));
/** A date for a text input written dd/mm/yyyy ('' when unset). */
hbs.registerHelper('dmy', (d: unknown) => (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) ? formatVi(d) : typeof d === 'string' ? d : ''));
hbs.registerHelper('datetime', (d: string | Date | null | undefined) => {
  if (!d) return '—';
  const t = new Date(d);
  const local = new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(t);
  const get = (k: string) => local.find((p) => p.type === k)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}`;
});
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
hbs.registerHelper('not', (a: unknown) => !a);
hbs.registerHelper('includes', (list: unknown, v: unknown) => Array.isArray(list) && list.map(String).includes(String(v)));
hbs.registerHelper('pct', (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${String(v).replace('.', ',')}%`));
hbs.registerHelper('scheduleLabel', (k: string) => SCHEDULE_LABELS[k] ?? k);
/** A period key (2025-Q4) as people read it (Quý IV/2025). */
hbs.registerHelper('periodName', (k: string | null | undefined) => (k ? periodLabel(k) : ''));
hbs.registerHelper('periodLabel', (k: string | null) => (k ? (PERIOD_LABELS[k] ?? k) : ''));
hbs.registerHelper('roleLabel', (r: Role) => ROLE_LABELS[r] ?? r);
hbs.registerHelper('fileSize', (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1).replace('.', ',')} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} byte`,
);
hbs.registerHelper('excerpt', (t: string | null | undefined, n: number) => (!t ? '' : t.length > n ? `${t.slice(0, n - 1)}…` : t));
hbs.registerHelper('json', (v: unknown) => JSON.stringify(v ?? null));
hbs.registerHelper('plus', (a: number, b: number) => a + b);

let loaded = false;
const pages = new Map<string, Handlebars.TemplateDelegate>();

function load(): void {
  if (loaded) return;
  const dir = templatesDir('web');
  for (const f of readdirSync(join(dir, 'partials'))) hbs.registerPartial(basename(f, '.hbs'), readFileSync(join(dir, 'partials', f), 'utf8'));
  loaded = true;
}

function template(name: string): Handlebars.TemplateDelegate {
  load();
  let t = pages.get(name);
  if (!t) {
    t = hbs.compile(readFileSync(join(templatesDir('web'), `${name}.hbs`), 'utf8'), { strict: false });
    pages.set(name, t);
  }
  return t;
}

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

/** What the guard attaches to a page request. */
export type PageRequest = Request & { principal?: Principal | null; csrf?: string; flash?: Flash | null };

interface NavItem {
  href: string;
  label: string;
}

const NAV: Record<Role, NavItem[]> = {
  office: [
    { href: '/office', label: 'Tổng quan' },
    { href: '/programs', label: 'Văn bản' },
    { href: '/imports/new', label: 'Nhập văn bản' },
    { href: '/tasks', label: 'Nhiệm vụ' },
    { href: '/units', label: 'Đơn vị' },
    { href: '/audit', label: 'Nhật ký' },
  ],
  unit: [{ href: '/unit', label: 'Việc của tôi' }],
  inspection: [
    { href: '/inspection', label: 'Quá hạn, thiếu báo cáo' },
    { href: '/tasks', label: 'Nhiệm vụ' },
    { href: '/audit', label: 'Nhật ký' },
  ],
  admin: [
    { href: '/users', label: 'Người dùng' },
    { href: '/units', label: 'Đơn vị' },
    { href: '/committees', label: 'Đảng bộ' },
    { href: '/audit', label: 'Nhật ký' },
  ],
  province: [{ href: '/province', label: 'Các đảng bộ trực thuộc' }],
};

/** The first page of each role after signing in. */
export const HOME: Record<Role, string> = { office: '/office', unit: '/unit', inspection: '/inspection', admin: '/users', province: '/province' };

const SECURITY_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
};

/** Renders a page inside the layout (navigation for the signed-in role, CSRF token, flash message). */
export function renderPage(
  req: PageRequest,
  res: Response,
  view: string,
  title: string,
  data: object = {},
  status = 200,
  headers: Record<string, string> = {},
): void {
  const p = req.principal ?? null;
  const path = req.path;
  const nav = p ? NAV[p.role].map((n) => ({ ...n, current: path === n.href || (n.href !== '/' && path.startsWith(`${n.href}/`)) })) : [];
  const ctx = {
    ...data,
    title,
    csrf: req.csrf,
    principal: p,
    roleName: p ? ROLE_LABELS[p.role] : '',
    showRole: !!p && p.name !== ROLE_LABELS[p.role],
    nav,
    flash: req.flash ?? null,
    signedIn: p !== null && p.via === 'session',
  };
  const body = template(view)(ctx);
  res
    .status(status)
    .set({ ...SECURITY_HEADERS, ...headers })
    .send(template('layout')({ ...ctx, body }));
}
