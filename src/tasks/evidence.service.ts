import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'crypto';
import { createReadStream, existsSync, mkdirSync, renameSync, writeFileSync, type ReadStream } from 'fs';
import { dirname, join, resolve } from 'path';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { Db } from '../database/db.service';
import { Evidence } from './evidence.entity';
import { ACCEPTED, fileKind } from './file-kind';
import { Task } from './task.entity';
import { TasksService } from './tasks.service';

export interface EvidenceView {
  id: number;
  taskId: number;
  fileName: string;
  size: number;
  sha256: string;
  contentType: string;
  uploadedBy: string;
  uploadedAt: string;
}

/** Statuses in which evidence may still be attached: open, or reported done and not yet confirmed. */
const ATTACHABLE = ['not_started', 'in_progress', 'returned', 'pending_confirmation'];

/**
 * Minh chứng of a task: uploaded by its lead unit (a session, or the signed link of that task)
 * or the office; seen by the office, the inspection committee and the lead unit only.
 */
@Injectable()
export class EvidenceService {
  private readonly dir: string;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly tasks: TasksService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.dir = resolve(config.evidence.dir);
  }

  async upload(p: Principal & { taskVersion?: number }, taskId: number, file: Express.Multer.File | undefined): Promise<EvidenceView> {
    return this.db.write(async (m) => {
      // Who may first, then what was sent. A signed link keeps working after its own upload:
      // evidence does not change the task.
      const task = await this.tasks.lockForChange(m, { ...p, taskVersion: undefined }, taskId);
      if (!file || !file.buffer?.length) throw new DomainError('file: chưa chọn tệp minh chứng', 400, 'file');
      const kind = await fileKind(file.buffer);
      if (!kind) throw new DomainError(`file: chỉ nhận ${ACCEPTED} (nhận diện theo nội dung tệp)`, 400, 'file');
      const sha256 = createHash('sha256').update(file.buffer).digest('hex');
      const fileName = cleanName(file.originalname, kind.ext);
      if (!ATTACHABLE.includes(task.status))
        throw new DomainError('status: nhiệm vụ đã được xác nhận, tạm dừng hoặc hủy; không đính kèm thêm minh chứng', 409, 'status');
      const count = await m.count(Evidence, { where: { committeeId: p.committeeId, taskId } });
      if (count >= this.config.evidence.maxFiles)
        throw new DomainError(`file: mỗi nhiệm vụ tối đa ${this.config.evidence.maxFiles} tệp minh chứng`, 400, 'file');
      // The bytes first: a row never points at a file that is not there.
      this.store(sha256, file.buffer);
      const row = await m.save(
        m.create(Evidence, {
          committeeId: p.committeeId,
          taskId,
          sha256,
          fileName,
          size: file.size,
          contentType: kind.contentType,
          uploadedBy: p.name,
          uploadedAt: this.clock.now().toISOString(),
        }),
      );
      await this.audit.record(m, p, 'task', taskId, 'evidence', null, { fileName, size: file.size, sha256 });
      return view(row);
    });
  }

  async list(p: Principal & { taskVersion?: number }, taskId: number): Promise<EvidenceView[]> {
    await this.assertMaySee(p, taskId);
    return (await this.db.manager.find(Evidence, { where: { committeeId: p.committeeId, taskId }, order: { id: 'ASC' } })).map(view);
  }

  /** The file of one piece of evidence, to stream back with its type and name. */
  async open(p: Principal & { taskVersion?: number }, id: number): Promise<{ evidence: EvidenceView; stream: ReadStream }> {
    const row = await this.db.manager.findOneBy(Evidence, { id, committeeId: p.committeeId });
    if (!row) throw notFound('minh chứng', id);
    await this.assertMaySee(p, row.taskId);
    const path = this.pathOf(row.sha256);
    if (!existsSync(path)) throw notFound('tệp minh chứng', id);
    return { evidence: view(row), stream: createReadStream(path) };
  }

  /** The office and the inspection committee see every task's evidence; a unit only its own tasks'. */
  private async assertMaySee(p: Principal & { taskId?: number }, taskId: number): Promise<Task> {
    const task = await this.db.manager.findOneBy(Task, { id: taskId, committeeId: p.committeeId });
    if (!task) throw notFound('nhiệm vụ', taskId);
    if (p.role === 'office' || p.role === 'inspection') return task;
    const own = p.role === 'unit' && p.unitId !== null && task.leadUnitId === p.unitId && (p.via !== 'link' || p.taskId === taskId);
    if (!own)
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: 'Minh chứng chỉ Văn phòng, Ủy ban Kiểm tra và đơn vị chủ trì nhiệm vụ được xem',
      });
    return task;
  }

  private pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  /** Content-addressed: written once under its hash (temp file, then rename), skipped when present. */
  private store(sha256: string, bytes: Buffer): void {
    const path = this.pathOf(sha256);
    if (existsSync(path)) return;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(tmp, bytes, { mode: 0o600 });
    renameSync(tmp, path);
  }
}

function view(e: Evidence): EvidenceView {
  return {
    id: e.id,
    taskId: e.taskId,
    fileName: e.fileName,
    size: e.size,
    sha256: e.sha256,
    contentType: e.contentType,
    uploadedBy: e.uploadedBy,
    uploadedAt: e.uploadedAt,
  };
}

/** The name as uploaded, without a path or control characters, with the extension its bytes say. */
function cleanName(name: string | undefined, ext: string): string {
  // multer hands the name over as latin1 bytes of the UTF-8 the browser sent.
  const decoded = Buffer.from(name ?? '', 'latin1').toString('utf8');
  const base = (decoded.includes('\ufffd') ? (name ?? '') : decoded)
    .split(/[\\/]/)
    .pop()!
    // Control characters and quotes would break the Content-Disposition header.
    .replace(/\p{Cc}|"/gu, '')
    .trim()
    .normalize('NFC')
    .slice(0, 200);
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, '') || 'minh-chung';
  return `${stem}.${ext}`;
}
