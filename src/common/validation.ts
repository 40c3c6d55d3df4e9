import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { ClassConstructor, Transform, plainToInstance } from 'class-transformer';
import { ValidationOptions, registerDecorator, validate } from 'class-validator';
import { isLocalDate } from '../deadlines/calendar';
import { CONSTRAINT_ORDER, constraintReason, fieldLabel } from './field-labels';

export interface FieldError {
  field: string;
  message: string;
}

/** One error per field: the constraint that matters most, in Vietnamese, with the field's label. */
function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const keys = Object.keys(e.constraints ?? {});
    if (keys.length) {
      const rank = (k: string) => (CONSTRAINT_ORDER.includes(k) ? CONSTRAINT_ORDER.indexOf(k) : CONSTRAINT_ORDER.length);
      const key = [...keys].sort((a, b) => rank(a) - rank(b))[0];
      out.push({ field, message: `${fieldLabel(field)}: ${constraintReason(key, e.constraints![key], e.value, e.property)}` });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/**
 * Rejects unknown fields, wrong types and bad values with a 400 that names each field:
 * { statusCode: 400, message: 'Dữ liệu không hợp lệ: dueDate, ...', errors: [{field, message}] }.
 */
export function buildValidationPipe(): ValidationPipe {
  return new BodyValidationPipe({ ...VALIDATOR_OPTIONS, transform: true, exceptionFactory: validationException });
}

/**
 * Bodies and queries only. Route parameters are left raw for their own pipes (ParseId): the
 * global pipe would turn "0x10" into 16 before ParseId could refuse it.
 */
class BodyValidationPipe extends ValidationPipe {
  override transform(value: unknown, meta: ArgumentMetadata): Promise<unknown> {
    if (meta.type === 'param' || meta.type === 'custom') return Promise.resolve(value);
    return super.transform(value, meta);
  }
}

const VALIDATOR_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: false };

export function validationException(errors: ValidationError[]): BadRequestException {
  const fields = flatten(errors);
  if (!fields.length) return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'Dữ liệu không hợp lệ' });
  const names = [...new Set(fields.map((f) => f.field))].join(', ');
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `Dữ liệu không hợp lệ: ${names}`, errors: fields });
}

/**
 * The API's DTO rules applied to a plain object (the pages' form posts): same classes, same
 * checks, same 400 — so a form cannot accept what the API refuses.
 */
export async function validateDto<T extends object>(cls: ClassConstructor<T>, plain: object): Promise<T> {
  const dto = plainToInstance(cls, cleanInput(plain));
  const errors = await validate(dto, VALIDATOR_OPTIONS);
  if (errors.length) throw validationException(errors);
  return dto;
}

/** A real calendar date written YYYY-MM-DD (2025-02-31 is rejected). */
export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isLocalDate',
      target: object.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} phải là ngày có thật dạng YYYY-MM-DD`, ...options },
      validator: { validate: (v: unknown) => isLocalDate(v) },
    });
}

/** The largest id a route accepts (a 32-bit integer, the same on both databases). */
const MAX_ID = 2_147_483_647;

/** Route ids: only plain decimal digits ("0x10", "1e3", " 7" are refused), within range; a 400 naming the parameter. */
export function ParseId(name = 'id'): PipeTransform<string, number> {
  return {
    transform(value: string): number {
      const n = typeof value === 'string' && /^[0-9]{1,10}$/.test(value) ? Number(value) : NaN;
      if (!Number.isInteger(n) || n < 1 || n > MAX_ID) {
        const message = `${name} phải là số nguyên dương`;
        throw new BadRequestException({
          statusCode: 400,
          error: 'Bad Request',
          message,
          errors: [{ field: name, message: `${fieldLabel(name)}: phải là số nguyên dương` }],
        });
      }
      return n;
    },
  };
}

/**
 * Invisible characters a user cannot see or mean: control characters (but tab and newlines),
 * zero-width spaces and joiners, bidirectional overrides, the BOM. A text made only of them
 * would be stored as a task nobody can read.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this strips
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/** Keys that reach an object's prototype when copied: never a field of ours. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Strips invisible characters from every string and refuses prototype keys, at any depth. */
export function cleanInput<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return value.replace(INVISIBLE, '') as T;
  if (depth > 40 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => cleanInput(v, depth + 1)) as T;
  if (Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: `Dữ liệu không hợp lệ: ${key}`,
        errors: [{ field: key, message: `${key}: trường này không được phép gửi` }],
      });
    }
    out[key] = cleanInput((value as Record<string, unknown>)[key], depth + 1);
  }
  return out as T;
}

/** Runs before validation on every body and query: see cleanInput. */
@Injectable()
export class CleanInputPipe implements PipeTransform {
  transform(value: unknown, meta: ArgumentMetadata): unknown {
    return meta.type === 'body' || meta.type === 'query' ? cleanInput(value) : value;
  }
}

/** Trims surrounding whitespace of a string field before validation. */
export const Trim = (): PropertyDecorator => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
