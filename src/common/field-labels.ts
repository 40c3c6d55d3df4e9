/**
 * Field names as a user reads them on the pages: every validation message names the field
 * by its label, in Vietnamese, once.
 */
export const FIELD_LABELS: Record<string, string> = {
  text: 'Nội dung',
  note: 'Nội dung tiến độ',
  resultNote: 'Kết quả thực hiện',
  completedOn: 'Ngày hoàn thành',
  reason: 'Lý do',
  deadline: 'Thời hạn',
  leadUnitId: 'Đơn vị chủ trì',
  ownerUnitId: 'Đơn vị chủ trì',
  coUnitIds: 'Đơn vị phối hợp',
  ref: 'Số hiệu mục',
  name: 'Tên',
  emails: 'Email',
  aliases: 'Tên gọi khác',
  date: 'Ngày',
  period: 'Kỳ báo cáo',
  link: 'Đường dẫn tài liệu',
  file: 'Tệp văn bản',
  title: 'Trích yếu',
  kind: 'Loại văn bản',
  number: 'Số, ký hiệu',
  issuedDate: 'Ngày ban hành',
  programId: 'Văn bản',
  termStart: 'Năm bắt đầu nhiệm kỳ',
  termEnd: 'Năm kết thúc nhiệm kỳ',
  events: 'Sự kiện',
  status: 'Trạng thái',
  timeliness: 'Tiến độ',
  dueFrom: 'Hạn từ ngày',
  dueTo: 'Hạn đến ngày',
  q: 'Từ khóa',
  unit: 'Đơn vị',
  program: 'Văn bản',
  page: 'Trang',
  pageSize: 'Số dòng mỗi trang',
  username: 'Tên đăng nhập',
  password: 'Mật khẩu',
  displayName: 'Họ và tên',
  role: 'Vai trò',
  unitId: 'Đơn vị',
  year: 'Năm',
  proposedDue: 'Hạn đề nghị',
  indicator: 'Chỉ số',
  value: 'Giá trị',
  source: 'Nguồn số liệu',
  taskId: 'Nhiệm vụ',
  ttlDays: 'Số ngày hiệu lực',
  currentPassword: 'Mật khẩu hiện tại',
  newPassword: 'Mật khẩu mới',
  confirmPassword: 'Nhập lại mật khẩu mới',
  createProposedUnits: 'Thêm đơn vị mới',
  active: 'Đang hoạt động',
  asOf: 'Tính đến ngày',
  dryRun: 'Chạy thử',
  phrase: 'Cụm thời hạn',
  drop: 'Bỏ dòng',
  reportPeriod: 'Kỳ báo cáo',
  every: 'Chu kỳ',
};

/** The label of a field path ("events.0.date" → "Ngày"). */
export function fieldLabel(field: string): string {
  const last =
    field
      .split('.')
      .filter((s) => !/^\d+$/.test(s))
      .pop() ?? field;
  return FIELD_LABELS[last] ?? field;
}

const VIETNAMESE = /[À-ỹĐđ]/;

/**
 * One Vietnamese reason for a failed class-validator constraint. Messages the DTOs already
 * write in Vietnamese are kept; the library's English ones are read for their numbers.
 */
export function constraintReason(constraint: string, message: string, value: unknown, field: string): string {
  if (VIETNAMESE.test(message)) {
    for (const prefix of [`${field}: `, `${field} `]) if (message.startsWith(prefix)) return message.slice(prefix.length);
    return message;
  }
  if (constraint === 'whitelistValidation') return 'trường này không được phép gửi';
  if (value === undefined || value === null || value === '') {
    if (constraint !== 'isNotEmpty' && constraint !== 'isDefined' && value !== '') return 'bắt buộc';
    if (value === '' || constraint === 'isNotEmpty') return 'không được để trống';
  }
  const n = message.match(/(\d+)/)?.[1];
  switch (constraint) {
    case 'isString':
      return 'phải là chuỗi ký tự';
    case 'isInt':
      return 'phải là số nguyên';
    case 'isNumber':
    case 'isNumberString':
      return 'phải là số';
    case 'isBoolean':
      return 'phải là true hoặc false';
    case 'isArray':
      return 'phải là danh sách';
    case 'isIn':
    case 'isEnum':
      return 'giá trị không hợp lệ';
    case 'min':
      return `phải từ ${n} trở lên`;
    case 'max':
      return `tối đa ${n}`;
    case 'minLength':
      return `cần ít nhất ${n} ký tự`;
    case 'maxLength':
      return `tối đa ${n} ký tự`;
    case 'isLength':
      if (/longer than or equal to/.test(message)) return `cần ít nhất ${n} ký tự`;
      return `tối đa ${message.match(/shorter than or equal to (\d+)/)?.[1] ?? n} ký tự`;
    case 'arrayMaxSize':
      return `tối đa ${n} mục`;
    case 'arrayMinSize':
      return `cần ít nhất ${n} mục`;
    case 'arrayUnique':
      return 'có mục trùng nhau';
    case 'isEmail':
      return 'không phải địa chỉ email hợp lệ';
    case 'isUrl':
      return 'không phải đường dẫn hợp lệ';
    case 'matches':
      return 'không đúng định dạng';
    case 'isNotEmpty':
      return 'không được để trống';
    case 'isDefined':
      return 'bắt buộc';
    case 'nestedValidation':
    case 'isObject':
      return 'phải là một đối tượng';
    default:
      return 'không hợp lệ';
  }
}

/** Which failed constraint speaks for a field: presence and type before size and format. */
export const CONSTRAINT_ORDER = [
  'whitelistValidation',
  'isDefined',
  'isNotEmpty',
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isArray',
  'isLocalDate',
  'isIn',
  'isEnum',
];
