import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Clock, FixedClock, ShiftedClock, SystemClock } from '../common/clock';
import { APP_CONFIG, AppConfig, loadConfig, loadHolidays } from './configuration';

export const HOLIDAYS = 'HOLIDAYS';

/** Typed configuration (config/*.yaml + env) and the clock, available everywhere. */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ [APP_CONFIG]: loadConfig() })] })],
  providers: [
    { provide: APP_CONFIG, inject: [ConfigService], useFactory: (c: ConfigService) => c.getOrThrow<AppConfig>(APP_CONFIG) },
    { provide: HOLIDAYS, inject: [APP_CONFIG], useFactory: (c: AppConfig) => loadHolidays(c.configDir) },
    {
      provide: Clock,
      inject: [APP_CONFIG],
      // DONDOC_NOW (an ISO instant) freezes the clock, DONDOC_START starts it there and lets it run:
      // rehearsing a day, and tests that run the service in other processes.
      useFactory: (c: AppConfig) =>
        process.env.DONDOC_NOW
          ? new FixedClock(new Date(process.env.DONDOC_NOW), c.timeZone)
          : process.env.DONDOC_START
            ? new ShiftedClock(new Date(process.env.DONDOC_START), c.timeZone)
            : new SystemClock(c.timeZone),
    },
  ],
  exports: [APP_CONFIG, HOLIDAYS, Clock],
})
export class AppConfigModule {}
