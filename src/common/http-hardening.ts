import type { NextFunction, Request, Response } from 'express';
import { Logger } from '@nestjs/common';

/** Deepest JSON nesting a body may have: our DTOs need 3 levels; 32 leaves room, 50,000 does not. */
export const MAX_JSON_DEPTH = 32;

/**
 * body-parser's `verify` hook: refuses JSON nested deeper than MAX_JSON_DEPTH before
 * JSON.parse runs (deep nesting costs the parser and later the validator their stack).
 * One linear pass over the bytes, skipping strings.
 */
export function checkJsonDepth(_req: Request, _res: Response, buf: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) throw Object.assign(new Error('too deep'), { status: 400, type: 'entity.too.deep', expose: true });
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

interface BodyError {
  status?: number;
  statusCode?: number;
  type?: string;
  limit?: number;
  charset?: string;
  encoding?: string;
}

/** The Vietnamese answer for an error body-parser raised while reading a request body. */
export function bodyErrorAnswer(err: BodyError): { status: number; message: string } {
  const mb = (n?: number) => (n ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : '');
  switch (err.type) {
    case 'entity.too.large':
      return {
        status: 413,
        message: `Nội dung gửi lên quá lớn (tối đa ${err.limit && err.limit < 1024 * 1024 ? `${Math.round(err.limit / 1024)} kB` : mb(err.limit)})`,
      };
    case 'parameters.too.many':
      return { status: 413, message: 'Biểu mẫu có quá nhiều trường' };
    case 'charset.unsupported':
      return { status: 415, message: `Bảng mã "${err.charset ?? ''}" không được hỗ trợ: hãy gửi UTF-8` };
    case 'encoding.unsupported':
      return { status: 415, message: `Kiểu nén "${err.encoding ?? ''}" không được hỗ trợ: hãy gửi gzip, deflate hoặc không nén` };
    case 'entity.parse.failed':
      return { status: 400, message: 'Nội dung JSON không hợp lệ' };
    case 'entity.too.deep':
      return { status: 400, message: `Nội dung JSON lồng nhau quá sâu (tối đa ${MAX_JSON_DEPTH} cấp)` };
    case 'request.aborted':
    case 'request.size.invalid':
      return { status: 400, message: 'Nội dung gửi lên không đầy đủ' };
    default: {
      const status = err.status ?? err.statusCode ?? 500;
      // zlib errors (a truncated or corrupt gzip body) come without a type.
      if (status >= 500 && /Z_|unexpected end of file|incorrect header check|invalid/i.test(String((err as Error).message)))
        return { status: 400, message: 'Nội dung nén (gzip/deflate) bị hỏng hoặc không đầy đủ' };
      return status < 500 ? { status, message: 'Yêu cầu không hợp lệ' } : { status: 500, message: 'Lỗi hệ thống, vui lòng thử lại' };
    }
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Express error handler placed right after the body parsers: their errors never reach Nest's
 * filters, and Express's own handler would answer with a stack trace. JSON for the API, a
 * short page for the pages; never the error's details.
 */
export function bodyErrorHandler(log: Logger) {
  return (err: BodyError & Error, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    const { status, message } = bodyErrorAnswer(err);
    if (status >= 500) log.error(err.stack ?? String(err));
    res.setHeader('Connection', 'close');
    if (req.path.startsWith('/api/')) {
      res
        .status(status)
        .json({ statusCode: status, error: status === 413 ? 'Payload Too Large' : status === 415 ? 'Unsupported Media Type' : 'Bad Request', message });
      return;
    }
    res
      .status(status)
      .type('html')
      .send(
        `<!doctype html><html lang="vi"><meta charset="utf-8"><title>${status}</title><body><h1>Yêu cầu không hợp lệ</h1><p>${escapeHtml(message)}</p></body></html>`,
      );
  };
}

/**
 * Headers for everything that is not a page (pages set their own in renderPage): no content
 * sniffing anywhere; API answers hold personal data, so no caching and no framing.
 */
export function apiHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (req.path.startsWith('/api/')) {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    // JSON, CSV, charts and the printable report: inline styles and data: images, never scripts.
    if (!req.path.startsWith('/api/docs'))
      res.setHeader(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      );
  }
  next();
}
