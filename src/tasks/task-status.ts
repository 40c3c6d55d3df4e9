/** Workflow status, changed only through explicit transitions. Timeliness is derived (timeliness.ts). */
export const TASK_STATUSES = ['not_started', 'in_progress', 'pending_confirmation', 'done', 'returned', 'suspended', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const STATUS_LABELS: Record<TaskStatus, string> = {
  not_started: 'Chưa thực hiện',
  in_progress: 'Đang thực hiện',
  pending_confirmation: 'Chờ xác nhận',
  done: 'Đã hoàn thành',
  returned: 'Trả lại',
  suspended: 'Tạm hoãn',
  cancelled: 'Hủy',
};

// Defined once with the other task rules (and their SQL): see task-rules.ts.
export { OPEN_STATUSES, FINISHED_STATUSES as COMPLETED_STATUSES } from './task-rules';

export type Transition = 'progress' | 'done' | 'confirm' | 'return' | 'suspend' | 'cancel' | 'resume';

/** Which statuses each transition may start from, and where it leads. */
export const TRANSITIONS: Record<Transition, { from: readonly TaskStatus[]; to: TaskStatus; officeOnly: boolean }> = {
  progress: { from: ['not_started', 'in_progress', 'returned'], to: 'in_progress', officeOnly: false },
  done: { from: ['not_started', 'in_progress', 'returned'], to: 'pending_confirmation', officeOnly: false },
  confirm: { from: ['pending_confirmation'], to: 'done', officeOnly: true },
  return: { from: ['pending_confirmation', 'done'], to: 'returned', officeOnly: true },
  suspend: { from: ['not_started', 'in_progress', 'returned', 'pending_confirmation'], to: 'suspended', officeOnly: true },
  cancel: { from: ['not_started', 'in_progress', 'returned', 'pending_confirmation', 'suspended'], to: 'cancelled', officeOnly: true },
  resume: { from: ['suspended'], to: 'in_progress', officeOnly: true },
};
