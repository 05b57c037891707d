import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { screenshots, useDemoSite } from './demo-site.ts';

const demo = useDemoSite();

describe("the API's reference page", () => {
  it("renders every operation under the site's Content-Security-Policy, and tries one out", async () => {
    const context = await demo.browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} from ${event.sourceFile}`));
    });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));

    const response = await page.goto(`${demo.server().url}/api/v1/docs`);
    assert.match(String(response?.headers()['content-security-policy']), /script-src 'self'/);
    await page.locator('.opblock').first().waitFor();
    const paths = await page.locator('.opblock-summary-path').allInnerTexts();
    assert.deepEqual(
      new Set(paths),
      new Set([
        '/api/v1/sessions',
        '/api/v1/sessions/current',
        '/api/v1/sections',
        '/api/v1/articles',
        '/api/v1/articles/{section}/{slug}',
        '/api/v1/search',
        '/api/v1/me',
      ]),
    );
    await page.screenshot({ path: path.join(screenshots, 'api-reference-1280.png') });

    const sections = page.locator('.opblock', { has: page.locator('.opblock-summary-path', { hasText: /^\/api\/v1\/sections$/ }) });
    await sections.locator('.opblock-summary').click();
    await sections.locator('button.try-out__btn').click();
    await sections.locator('button.execute').click();
    await sections.locator('.live-responses-table tbody .response-col_status').first().waitFor();
    assert.match(await sections.locator('.live-responses-table tbody .response-col_status').first().innerText(), /200/);
    await page.screenshot({ path: path.join(screenshots, 'api-reference-tried-1280.png'), fullPage: false });
    assert.deepEqual(problems, []);
    await context.close();
  });
});
