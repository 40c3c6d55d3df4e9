import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/configuration';
import { Db } from './db.service';

const KEY = 'service.publicUrl';

/**
 * Links in emails must point where the service really answers. The service records its
 * address when it starts listening; a CLI (remind, import…) that was given no PUBLIC_URL of
 * its own builds links from that record instead of guessing http://localhost:3000.
 */
@Injectable()
export class PublicUrlService implements OnApplicationBootstrap {
  constructor(
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.publicUrlGiven) return;
    const [row] = await this.db.query<{ value: string }>('SELECT value FROM settings WHERE "key" = :key', { key: KEY });
    // The config object is shared: every service reading publicUrl sees the recorded one.
    if (row?.value) this.config.publicUrl = row.value;
  }

  /** Called by main.ts once the service listens. */
  async record(url: string): Promise<void> {
    this.config.publicUrl = url;
    await this.db.write(async (m) => {
      await this.db.query('DELETE FROM settings WHERE "key" = :key', { key: KEY }, m);
      await this.db.query('INSERT INTO settings ("key", value) VALUES (:key, :url)', { key: KEY, url }, m);
    });
  }
}
