import { existsSync } from 'fs';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { PASSWORD, TestUser } from './app';

/** Debian's Chromium (apt package `chromium`), driven by playwright-core; browser downloads are impossible here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `describe` when Chromium is installed; otherwise a skip with a message, and under CI=true a failure. */
export function browserSuite(): jest.Describe {
  if (existsSync(CHROMIUM)) return describe;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing (CI=true: .ci/run installs the chromium package; refusing to skip)`);

  console.warn(`SKIPPED: ${CHROMIUM} not found — browser tests need Debian's chromium (apt-get install chromium)`);
  return describe.skip;
}

/** A headless Chromium and the pages of one test file, each in its own context (its own cookies). */
export class Browsing {
  private browser: Browser | null = null;
  private readonly contexts: BrowserContext[] = [];

  constructor(private readonly base: string) {}

  async start(): Promise<void> {
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }

  async page(width = 1280): Promise<Page> {
    const context = await this.browser!.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width, height: 900 } });
    this.contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    return page;
  }

  /** Signs a seeded test user in through the login form. */
  async signIn(user: TestUser, width = 1280): Promise<Page> {
    const page = await this.page(width);
    await page.goto(`${this.base}/login`);
    await page.getByLabel('Tên đăng nhập').fill(user);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
    return page;
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => undefined);
    await this.browser?.close();
  }
}
