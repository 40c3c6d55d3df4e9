import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, Type, mixin } from '@nestjs/common';
import multer from 'multer';
import { Observable } from 'rxjs';
import { DomainError } from './errors';
import { APP_CONFIG, AppConfig } from '../config/configuration';

/**
 * Receives one multipart file field "file" into memory, refusing anything over the size the
 * configuration gives with a 400 that names the field (multer's own errors would surface as
 * 413/500). Imports and evidence each have their own limit.
 */
export function fileUpload(maxMbOf: (config: AppConfig) => number): Type<NestInterceptor> {
  @Injectable()
  class FileUploadInterceptor implements NestInterceptor {
    private readonly upload: ReturnType<multer.Multer['single']>;
    private readonly maxMb: number;

    constructor(@Inject(APP_CONFIG) config: AppConfig) {
      this.maxMb = maxMbOf(config);
      this.upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: this.maxMb * 1024 * 1024, files: 1, fields: 30 } }).single('file');
    }

    async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const http = ctx.switchToHttp();
      await new Promise<void>((resolve, reject) =>
        this.upload(http.getRequest(), http.getResponse(), (err: unknown) => {
          if (!err) return resolve();
          const e = err as { code?: string; message?: string };
          if (e.code === 'LIMIT_FILE_SIZE') return reject(new DomainError(`file: tệp lớn hơn ${this.maxMb} MB`, 400, 'file'));
          if (e.code === 'LIMIT_UNEXPECTED_FILE' || e.code === 'LIMIT_FILE_COUNT')
            return reject(new DomainError('file: chỉ gửi một tệp trong trường "file"', 400, 'file'));
          reject(new DomainError(`file: không nhận được tệp (${e.message ?? 'lỗi tải lên'})`, 400, 'file'));
        }),
      );
      return next.handle();
    }
  }
  return mixin(FileUploadInterceptor);
}

/** Uploads of documents to import (IMPORT_MAX_MB). */
export const UploadInterceptor = fileUpload((c) => c.imports.maxFileMb);

/** Evidence files (EVIDENCE_MAX_MB). */
export const EvidenceUploadInterceptor = fileUpload((c) => c.evidence.maxFileMb);
