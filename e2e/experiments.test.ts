import assert from 'node:assert/strict';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { demoArticles } from '../src/demo/demo-articles.ts';
import { screenshots, useDemoSite } from './demo-site.ts';
import { registerByMail, setUpFirstAdministrator } from './people.ts';

const metered = demoArticles.filter((article) => article.access === 'metered').map((article) => `/${article.section}/${article.slug}`);
const demo = useDemoSite();
const database = () => new DatabaseSync(path.join(demo.server().dataDir, 'dateline.sqlite'));

/** The meter notice's count on the page: the articles left, 0 for "your last". */
async function articlesLeft(page: Page): Promise<number> {
  const text = (await page.locator('[role="status"]').filter({ hasText: 'free article' }).first().innerText()).split('\n')[0] ?? '';
  if (/last free article/.test(text)) return 0;
  const count = text.match(/You have (\d+) free articles? left/)?.[1];
  assert.ok(count, `a meter notice: ${text}`);
  return Number(count);
}

let adminPage: Page | undefined;
let experimentUrl = '';

describe('an experiment on the meter limit, run on the server', () => {
  it('an editor starts one with two variants, its sample planned before the start', async () => {
    assert.ok(metered.length >= 6);
    const admin = await (await demo.browser().newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    adminPage = admin;
    await setUpFirstAdministrator(admin, demo.server());
    await Promise.all([admin.waitForURL('**/admin/experiments'), admin.locator('nav a', { hasText: 'Experiments' }).click()]);
    await Promise.all([admin.waitForURL('**/admin/experiments/new'), admin.locator('a', { hasText: 'New experiment' }).click()]);
    await admin.fill('#experiment-name', 'Five free articles for newcomers');
    // Each variant shows only the fields its kind changes.
    await admin.selectOption('#experiment-kind', 'registration-wall');
    assert.ok(await admin.isVisible('#variant-a-after'));
    assert.ok(!(await admin.isVisible('#variant-a-limit')) && !(await admin.isVisible('#experiment-reader')));
    await admin.selectOption('#experiment-kind', 'meter-limit');
    assert.ok((await admin.isVisible('#variant-a-limit')) && (await admin.isVisible('#experiment-reader')));
    assert.ok(!(await admin.isVisible('#variant-a-after')) && !(await admin.isVisible('#variant-a-title')));
    await admin.selectOption('#experiment-reader', 'anonymous');
    await admin.selectOption('#experiment-metric', 'registered');
    await admin.fill('#experiment-base', '2');
    await admin.fill('#experiment-effect', '1');
    await admin.fill('#variant-a-name', 'Three');
    await admin.fill('#variant-a-limit', '3');
    await admin.fill('#variant-b-name', 'Five');
    await admin.fill('#variant-b-limit', '5');
    await admin.screenshot({ path: path.join(screenshots, 'admin-experiment-new-1280.png'), fullPage: true });
    await Promise.all([admin.waitForURL(/\/admin\/experiments\/\d+\?done=started/), admin.locator('main form button[type="submit"]').click()]);
    experimentUrl = admin.url().replace(/\?.*$/, '');
    assert.match(await admin.locator('[data-verdict]').innerText(), /^Not yet: 7,652 more readers/);
    assert.match(await admin.locator('main').innerText(), /3,826 readers per variant/);
  });

  it('readers fall into both variants, each keeps theirs on every visit, and the meter counts by it', async () => {
    const limits: Record<string, number> = {};
    const contexts: BrowserContext[] = [];
    for (let reader = 0; reader < 30 && Object.keys(limits).length < 2; reader += 1) {
      const context = await demo.browser().newContext({ viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${demo.server().url}${metered[0]}`);
      const limit = (await articlesLeft(page)) + 1;
      assert.ok(limit === 3 || limit === 5, `a limit of 3 or 5, not ${limit}`);
      await page.goto(`${demo.server().url}${metered[1]}`);
      assert.equal(await articlesLeft(page), limit - 2);
      // Another visit, in a new tab: the same variant, the same count.
      const later = await context.newPage();
      await later.goto(`${demo.server().url}${metered[0]}`);
      assert.equal(await articlesLeft(later), limit - 2);
      for (let index = 2; index < limit; index += 1) {
        await later.goto(`${demo.server().url}${metered[index]}`);
        assert.equal(await later.locator('.article-body__locked').count(), 1, `article ${index + 1} of ${limit} is read in full`);
      }
      await later.goto(`${demo.server().url}${metered[limit]}`);
      assert.ok(await later.locator('.paywall').isVisible(), `the wall after ${limit}`);
      assert.match(await later.locator('.paywall').innerText(), new RegExp(`You have read your ${limit} free articles`));
      if (limits[String(limit)] === undefined) {
        limits[String(limit)] = reader;
        await later.screenshot({ path: path.join(screenshots, `experiment-wall-after-${limit}-1280.png`) });
      }
    }
    assert.deepEqual(Object.keys(limits).sort(), ['3', '5'], 'thirty readers fell into both variants');
    for (const context of contexts) await context.close();
  });

  it('a reader who registers keeps their variant in their account', async () => {
    const context = await demo.browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${demo.server().url}${metered[0]}`);
    const variant = (await articlesLeft(page)) + 1 === 5 ? 'b' : 'a';
    await registerByMail(page, demo.server(), { email: 'variant.reader@example.org' });
    const db = database();
    const held = db
      .prepare('select a.variant from experiment_assignments a join accounts r on r.id = a.account_id where r.email = ? and a.experiment_id = ?')
      .all('variant.reader@example.org', Number(experimentUrl.split('/').pop()));
    db.close();
    assert.deepEqual(
      held.map((row) => row.variant),
      [variant],
    );
    // Reading on, signed in: still theirs, a variant once given is never drawn again.
    await page.goto(`${demo.server().url}${metered[2]}`);
    assert.equal(await page.locator('.article-body__locked').count(), 1);
    await context.close();
  });

  it('the readout counts the readers each variant met', async () => {
    const admin = adminPage;
    assert.ok(admin);
    // The ledger writes what it buffers each second.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await admin.goto(experimentUrl);
    for (const key of ['a', 'b']) {
      const readers = await admin.locator(`tr[data-variant="${key}"] td`).nth(1).innerText();
      assert.match(readers, /^[1-9]\d* of 3,826$/, `variant ${key}: ${readers}`);
    }
    assert.match(await admin.locator('[data-verdict]').innerText(), /^Not yet/);
    await admin.screenshot({ path: path.join(screenshots, 'admin-experiment-readout-1280.png'), fullPage: true });
  });
});
