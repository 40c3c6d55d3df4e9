import { Injectable } from '@nestjs/common';
import { EntityTarget, In, MoreThan, ObjectLiteral } from 'typeorm';
import { AuditEvent } from '../audit/audit-event.entity';
import { Clock } from '../common/clock';
import { Db } from '../database/db.service';
import { OutboxMessage } from '../mail/outbox.entity';
import { ProgramEvent } from '../programs/program-event.entity';
import { Program } from '../programs/program.entity';
import { Target } from '../programs/target.entity';
import { TargetResult } from '../programs/target-result.entity';
import { ReminderLog } from '../reminders/reminder-log.entity';
import { TaskReport } from '../reminders/task-report.entity';
import { TaskNote } from '../tasks/task-note.entity';
import { Task } from '../tasks/task.entity';
import { Unit } from '../units/unit.entity';
import { User } from '../users/user.entity';
import { Committee } from './committee.entity';

const BATCH = 1000;

/**
 * A committee's whole record as one JSON document, so a ward never depends on dondoc to get
 * its data back: every unit, program, task, note, report, reminder, mail and audit row.
 * Written table by table in batches: a large committee is never held in memory at once.
 * Password hashes and mail attachments' bytes stay out.
 */
@Injectable()
export class CommitteeExportService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async write(committeeId: number, out: (chunk: string) => void | Promise<void>): Promise<void> {
    const committee = await this.db.manager.findOneByOrFail(Committee, { id: committeeId });
    await out(
      `{"format":"dondoc-export","version":1,"exportedAt":${JSON.stringify(this.clock.now().toISOString())},"today":${JSON.stringify(this.clock.today())},"committee":${JSON.stringify(committee)}`,
    );
    const programIds = (await this.db.manager.find(Program, { where: { committeeId }, select: { id: true } })).map((p) => p.id);
    const tables: [string, EntityTarget<ObjectLiteral>, Record<string, unknown>, ((row: ObjectLiteral) => ObjectLiteral)?][] = [
      ['units', Unit, { committeeId }],
      ['users', User, { committeeId }, ({ passwordHash: _, ...u }) => u],
      ['programs', Program, { committeeId }],
      ['programEvents', ProgramEvent, { programId: In(programIds) }],
      ['targets', Target, { programId: In(programIds) }],
      ['targetResults', TargetResult, { committeeId }],
      ['tasks', Task, { committeeId }],
      ['taskNotes', TaskNote, { committeeId }],
      ['taskReports', TaskReport, { committeeId }],
      ['reminders', ReminderLog, { committeeId }],
      [
        'outbox',
        OutboxMessage,
        { committeeId },
        ({ attachments, ...o }) => ({ ...o, attachments: (attachments ?? []).map(({ base64: _b, ...a }: { base64: string }) => a) }),
      ],
      ['audit', AuditEvent, { committeeId }],
    ];
    for (const [name, entity, where, map] of tables) {
      await out(`,${JSON.stringify(name)}:[`);
      let last = 0;
      let first = true;
      for (;;) {
        const rows = await this.db.manager.find(entity, { where: { ...where, id: MoreThan(last) }, order: { id: 'ASC' }, take: BATCH });
        if (!rows.length) break;
        await out((first ? '' : ',') + rows.map((r) => JSON.stringify(map ? map(r) : r)).join(','));
        first = false;
        last = rows[rows.length - 1].id;
        if (rows.length < BATCH) break;
      }
      await out(']');
    }
    await out('}\n');
  }
}
