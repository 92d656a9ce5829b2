// Debian's Chromium driven by playwright-core (never a browser playwright downloads itself),
// plus screenshots a reviewer can look at after the run.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(__dirname, '..', 'e2e', 'screenshots');

/**
 * How long a wait for a state may last before the test gives up. Generous on purpose: a
 * wait ends the moment its state appears, so only a broken page waits this long, while a
 * machine busy with other work (2 cores, other test suites) may take many seconds to render.
 */
export const WAIT_MS = 90_000;
/** Jest's limit for one browser test: several waits, each ending as soon as its state appears. */
export const TEST_MS = 300_000;

export interface E2ePage {
  context: BrowserContext;
  page: Page;
  /** Saves the whole page as screenshots/<prefix>-<name>.png. */
  screenshot(name: string): Promise<void>;
  /** Uncaught exceptions and console errors of the page (failed requests aside), for assertions. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: WAIT_MS,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh browser context (no cookies, no storage) and page. */
export async function openPage(
  browser: Browser,
  options: { baseURL: string; prefix: string; timezoneId?: string; viewport?: { width: number; height: number } },
): Promise<E2ePage> {
  const context = await browser.newContext({
    baseURL: options.baseURL,
    viewport: options.viewport ?? { width: 1280, height: 720 },
    timezoneId: options.timezoneId ?? 'Europe/Berlin',
    locale: 'en-GB',
  });
  context.setDefaultTimeout(WAIT_MS);
  context.setDefaultNavigationTimeout(WAIT_MS);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    // A 401 for the session before anyone has logged in is the app asking, not an error.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
  });
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    context,
    page,
    pageErrors,
    async screenshot(name) {
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${options.prefix}-${name}.png`), fullPage: true });
    },
    async close() {
      await context.close();
    },
  };
}

/** First-run setup through the setup page, as the owner would do it. */
export async function setUpWorkspace(
  page: Page,
  owner = { email: 'owner@example.com', password: 'correct horse battery', workspace: 'Acme' },
): Promise<void> {
  await page.goto('/');
  await page.getByRole('heading', { name: 'Welcome to Tributary' }).waitFor();
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password').fill(owner.password);
  await page.getByLabel('Workspace name').fill(owner.workspace);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.getByRole('heading', { name: 'Connections', exact: true }).waitFor();
}

/** Retries `check` (an assertion) until it passes or `timeoutMs` runs out; the last failure is thrown. */
export async function eventually(check: () => Promise<void>, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** HH:MM on a Berlin wall clock (the browser tests' zone) at `at`, 24-hour. */
export function berlinClock(at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Berlin',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

/** How far the page is wider than the window (0 or less: it fits, nothing scrolls sideways). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
