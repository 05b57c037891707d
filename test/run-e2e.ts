import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The browser pass: playwright-core driving Debian's chromium. Without chromium a developer is told
 * how to get it and the pass is skipped; in CI a missing browser is a failure.
 */
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  if (process.env.CI === 'true') {
    console.error(`Browser pass: no chromium at ${chromium}; CI needs it (apt-get install chromium).`);
    process.exit(1);
  }
  console.log(`Browser pass skipped: no chromium at ${chromium}. Install it with "apt-get install chromium" or set CHROMIUM_PATH.`);
  process.exit(0);
}
// The demo's pictures are drawn once for the whole pass (e2e/server.ts).
const drawnDemoMedia = path.join(mkdtempSync(path.join(tmpdir(), 'dateline-e2e-media-')), 'media');
const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', 'e2e/**/*.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, E2E_DEMO_MEDIA: drawnDemoMedia },
});
rmSync(path.dirname(drawnDemoMedia), { recursive: true, force: true });
process.exit(run.status ?? 1);
