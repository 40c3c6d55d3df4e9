/** When a deadline extension may be asked for. Pure. */
import { formatVi, type LocalDate } from '../deadlines/calendar';
import { deadlineOf, isOpen, type RuleInput } from './task-rules';

export interface ExtensionProblem {
  field: string;
  status: number;
  message: string;
}

/**
 * A request needs an open task with a due date, a proposed date not before today and after
 * the current due date, and no other request waiting.
 */
export function extensionProblem(
  task: Pick<RuleInput, 'status' | 'scheduleKind' | 'dueDate'>,
  proposedDue: LocalDate,
  today: LocalDate,
  pending: boolean,
): ExtensionProblem | null {
  if (!isOpen(task)) return { field: 'status', status: 409, message: 'status: nhiệm vụ đã hoàn thành, tạm dừng hoặc hủy, không điều chỉnh thời hạn' };
  const due = deadlineOf(task);
  if (!due)
    return {
      field: 'proposedDue',
      status: 400,
      message: 'proposedDue: nhiệm vụ này chưa có hạn hoàn thành (thường xuyên, định kỳ hoặc chưa xác định) để điều chỉnh',
    };
  if (pending) return { field: 'proposedDue', status: 409, message: 'proposedDue: nhiệm vụ đã có một đề nghị điều chỉnh thời hạn đang chờ duyệt' };
  if (proposedDue < today) return { field: 'proposedDue', status: 400, message: `proposedDue: hạn đề nghị không được trước hôm nay (${formatVi(today)})` };
  if (proposedDue <= due) return { field: 'proposedDue', status: 400, message: `proposedDue: hạn đề nghị phải sau hạn hiện tại (${formatVi(due)})` };
  return null;
}
