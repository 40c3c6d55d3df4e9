import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, NotFoundException } from '@nestjs/common';
import { EntityNotFoundError, QueryFailedError } from 'typeorm';
import { Response } from 'express';
import { fieldLabel } from './field-labels';

/** A rule of the domain was broken by the request (wrong state, unknown reference…): 4xx, never 500. */
export class DomainError extends HttpException {
  constructor(message: string, status: number = HttpStatus.BAD_REQUEST, field?: string) {
    if (field && !message.startsWith(field)) message = `${field}: ${message}`;
    const errors = field ? [{ field, message: `${fieldLabel(field)}: ${message.slice(field.length).replace(/^:\s*/, '')}` }] : undefined;
    super({ statusCode: status, error: HttpStatus[status] ?? 'Error', message, ...(errors ? { errors } : {}) }, status);
  }
}

export const notFound = (what: string, id: number | string): NotFoundException =>
  new NotFoundException({ statusCode: 404, error: 'Not Found', message: `Không tìm thấy ${what} ${id}` });

/**
 * Maps what escapes the services to clear HTTP answers. Database constraint failures caused
 * by user input become 409; anything unexpected is logged and becomes a plain 500.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly log = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      res.status(exception.getStatus()).json(typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body);
      return;
    }
    if (exception instanceof EntityNotFoundError) {
      res.status(404).json({ statusCode: 404, error: 'Not Found', message: 'Không tìm thấy bản ghi' });
      return;
    }
    if (exception instanceof QueryFailedError && /UNIQUE|unique constraint|duplicate key/i.test(exception.message)) {
      res.status(409).json({ statusCode: 409, error: 'Conflict', message: 'Bản ghi đã tồn tại (trùng dữ liệu)' });
      return;
    }
    this.log.error(exception instanceof Error ? exception.stack : String(exception));
    res.status(500).json({ statusCode: 500, error: 'Internal Server Error', message: 'Lỗi hệ thống, vui lòng thử lại' });
  }
}
