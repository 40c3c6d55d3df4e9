import { LoginAttempt } from '../auth/login-attempt.entity';
import { Session } from '../auth/session.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { Committee } from '../committees/committee.entity';
import { ImportPreview } from '../imports/import-preview.entity';
import { OutboxMessage } from '../mail/outbox.entity';
import { ReminderLog } from '../reminders/reminder-log.entity';
import { TaskReport } from '../reminders/task-report.entity';
import { Lease } from './lease.entity';
import { Program } from '../programs/program.entity';
import { ProgramEvent } from '../programs/program-event.entity';
import { Target } from '../programs/target.entity';
import { TaskNote } from '../tasks/task-note.entity';
import { Task } from '../tasks/task.entity';
import { Unit } from '../units/unit.entity';
import { User } from '../users/user.entity';
import { Setting } from './setting.entity';

export const ENTITIES = [
  Committee,
  Unit,
  Program,
  ProgramEvent,
  Target,
  Task,
  TaskNote,
  User,
  AuditEvent,
  Setting,
  ImportPreview,
  OutboxMessage,
  ReminderLog,
  TaskReport,
  Lease,
  Session,
  LoginAttempt,
];
