import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { startDemoServer, type RunningServer } from './server.ts';

export const screenshots = path.join(import.meta.dirname, 'screenshots');
mkdirSync(screenshots, { recursive: true });

/**
 * The demo site on a server of its own and a browser to read it, for one test file: started
 * before its tests, stopped after. Call at the top of the file. `inDatabase` opens the site's
 * SQLite file for what only time would do (a period running out, a delivery day arriving).
 */
export function useDemoSite(env: Record<string, string> = {}): {
  server: () => RunningServer;
  browser: () => Browser;
  inDatabase: <T>(work: (database: DatabaseSync) => T) => T;
} {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    server = await startDemoServer(env);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    server: () => {
      if (!server) throw new Error('the demo site is not running yet');
      return server;
    },
    browser: () => {
      if (!browser) throw new Error('the browser is not open yet');
      return browser;
    },
    inDatabase: (work) => {
      if (!server) throw new Error('the demo site is not running yet');
      const database = new DatabaseSync(path.join(server.dataDir, 'dateline.sqlite'));
      try {
        return work(database);
      } finally {
        database.close();
      }
    },
  };
}
