import { appendFileSync } from 'fs';
import { AbstractLogger, LogLevel, LogMessage } from 'typeorm';

/**
 * Writes every statement with its parameters as one JSON line (DONDOC_SQL_LOG=file). For the
 * benchmarks: they replay the exact statements an API request ran straight through the driver,
 * the floor its figure is compared with. Off unless asked for.
 */
export class SqlFileLogger extends AbstractLogger {
  constructor(private readonly file: string) {
    super(['query']);
  }

  protected writeLog(level: LogLevel, message: LogMessage | LogMessage[]): void {
    if (level !== 'query') return;
    for (const m of Array.isArray(message) ? message : [message])
      appendFileSync(this.file, `${JSON.stringify({ sql: String(m.message), parameters: m.parameters ?? [] })}\n`);
  }
}
