import { spawnSync } from 'node:child_process';

const isInstalled = spawnSync('xmllint', ['--version']).status === 0;
if (!isInstalled && process.env.CI === 'true') {
  throw new Error('CI needs xmllint to validate the feeds and sitemaps against their grammars: apt-get install libxml2-utils');
}

/**
 * The feeds' and sitemaps' XML is validated by libxml2's xmllint against RELAX NG grammars. Without
 * it those checks are skipped, saying why, as the browser pass is without chromium; in CI its
 * absence fails the run.
 */
export const withoutXmllint: string | false = isInstalled
  ? false
  : 'xmllint is not installed (apt-get install libxml2-utils), so the XML is not checked against its grammar';
