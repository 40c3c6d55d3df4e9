import { BadRequestException, ParseIntPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { ClassConstructor, Transform, plainToInstance } from 'class-transformer';
import { ValidationOptions, registerDecorator, validate } from 'class-validator';
import { isLocalDate } from '../deadlines/calendar';

export interface FieldError {
  field: string;
  message: string;
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    for (const msg of Object.values(e.constraints ?? {})) out.push({ field, message: msg });
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/**
 * Rejects unknown fields, wrong types and bad values with a 400 that names each field:
 * { statusCode: 400, message: 'Dữ liệu không hợp lệ: dueDate, ...', errors: [{field, message}] }.
 */
export function buildValidationPipe(): ValidationPipe {
  return new ValidationPipe({ ...VALIDATOR_OPTIONS, transform: true, exceptionFactory: validationException });
}

const VALIDATOR_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: false };

export function validationException(errors: ValidationError[]): BadRequestException {
  const fields = flatten(errors);
  const names = [...new Set(fields.map((f) => f.field))].join(', ');
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `Dữ liệu không hợp lệ: ${names}`, errors: fields });
}

/**
 * The API's DTO rules applied to a plain object (the pages' form posts): same classes, same
 * checks, same 400 — so a form cannot accept what the API refuses.
 */
export async function validateDto<T extends object>(cls: ClassConstructor<T>, plain: object): Promise<T> {
  const dto = plainToInstance(cls, plain);
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

/** Route ids: a 400 naming the parameter instead of Nest's generic message. */
export function ParseId(name = 'id'): ParseIntPipe {
  return new ParseIntPipe({ exceptionFactory: () => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `${name} phải là số nguyên`, errors: [{ field: name, message: `${name} phải là số nguyên` }] }) });
}

/** Trims surrounding whitespace of a string field before validation. */
export const Trim = (): PropertyDecorator => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
