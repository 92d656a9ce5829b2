// Every browser test on its own: one Chromium per test file, and per test a server of its
// own (fresh database, Stripe and Google emulators) and a fresh browser context. No test
// reads state another test left behind, so any one can run alone, in any order.
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, TEST_MS, type E2ePage } from './e2e-browser';
import { startE2eServer, type E2eServer } from './e2e-server';

export interface E2eTest extends E2ePage {
  server: E2eServer;
}

export function useE2e(prefix: string, options: { timezoneId?: string } = {}): () => E2eTest {
  jest.setTimeout(TEST_MS);
  let browser: Browser | undefined;
  let current: E2eTest | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    const server = await startE2eServer();
    try {
      const page = await openPage(browser!, { baseURL: server.url, prefix, timezoneId: options.timezoneId });
      current = { ...page, server };
    } catch (error) {
      await server.stop();
      throw error;
    }
  });
  afterEach(async () => {
    const ending = current;
    current = undefined;
    // How the page looked when the test ended: what a failing test's reader wants first.
    const name = (expect.getState().currentTestName ?? 'test').replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    await ending?.screenshot(`last-${name}`).catch(() => undefined);
    await ending?.close();
    await ending?.server.stop();
  });

  return () => {
    if (!current) throw new Error('useE2e: the test has not started');
    return current;
  };
}
