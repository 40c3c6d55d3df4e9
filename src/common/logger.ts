import { ConsoleLogger, LogLevel } from '@nestjs/common';

/** Nest's start-up chatter (every module, controller and route): kept for LOG_LEVEL=debug. */
const START_UP = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/**
 * The service's logger: Nest's ConsoleLogger, as plain lines or one JSON object per line
 * (LOG_FORMAT=json, for journald or a log shipper), without the route mapping at info level.
 */
export class AppLogger extends ConsoleLogger {
  constructor(private readonly opts: { level: 'info' | 'debug'; format: 'text' | 'json' }) {
    const levels: LogLevel[] = opts.level === 'debug' ? ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] : ['fatal', 'error', 'warn', 'log'];
    super({ logLevels: levels, json: opts.format === 'json', colors: opts.format !== 'json' && !!process.stdout.isTTY });
  }

  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest.length ? rest[rest.length - 1] : this.context;
    if (this.opts.level !== 'debug' && typeof context === 'string' && START_UP.has(context)) return;
    super.log(message, ...rest);
  }
}
