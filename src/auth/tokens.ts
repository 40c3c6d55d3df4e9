import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Compact signed tokens: base64url(JSON payload) + "." + base64url(HMAC-SHA256).
 * Used for session tokens and for the signed, expiring links in reminder emails.
 * The payload is readable by its holder; it carries no secrets, only ids and an expiry.
 */
export interface TokenPayload {
  typ: 'session' | 'link' | 'calendar';
  /** committee id */
  cid: number;
  /** user id (session) */
  uid?: number;
  /** session id (session): revocable in the sessions table */
  sid?: string;
  /** unit id (link) */
  unit?: number;
  /** task id (link bound to one task) */
  task?: number;
  /** task version the link was issued for: the link stops working once the task changed */
  ver?: number;
  /** expiry, seconds since epoch */
  exp: number;
}

export function signToken(payload: TokenPayload, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const mac = createHmac('sha256', secret).update(body).digest('base64url');
  return `${body}.${mac}`;
}

/** The payload if the signature is valid and it has not expired; null otherwise. */
export function verifyToken(token: string, secret: string, nowMs: number): TokenPayload | null {
  const dot = token.indexOf('.');
  if (dot <= 0) return null;
  const body = token.slice(0, dot);
  const mac = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = createHmac('sha256', secret).update(body).digest();
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
    if (typeof payload.exp !== 'number' || payload.exp * 1000 <= nowMs) return null;
    if (payload.typ !== 'session' && payload.typ !== 'link' && payload.typ !== 'calendar') return null;
    return payload;
  } catch {
    return null;
  }
}
