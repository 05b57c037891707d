import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Page, Request } from 'playwright-core';
import sharp from 'sharp';
import { formatLocalDateTime } from '../src/settings/local-date-time.ts';
import { screenshots, useDemoSite } from './demo-site.ts';
import { setUpFirstAdministrator } from './people.ts';

const demo = useDemoSite();

/** The log-out button is in every page's header: it ends the session rather than saving anything. */
const notSaves = ['/logout'];

/**
 * Marks the page's POST submissions for the test: each form with its first submit button (inside
 * it, or tied to it by form=), and each further button that sends the form elsewhere (formaction,
 * as the editor's "Save and upload image" does). Submission n gets its button data-e2e-submit="n",
 * its form data-e2e-form-n, and each control it needs and shows empty data-e2e-blank-n: the
 * required ones, and for a submission that uploads (multipart) its file and the image's alt text.
 * form.elements is the browser's own idea of which controls belong to a form.
 */
async function markForms(page: Page): Promise<number> {
  return page.evaluate((skipped) => {
    const forms = Array.from(document.forms).filter((form) => form.method === 'post' && !skipped.includes(new URL(form.action).pathname));
    let count = 0;
    for (const form of forms) {
      const buttons = Array.from(form.elements).filter(
        (element): element is HTMLButtonElement | HTMLInputElement =>
          (element instanceof HTMLButtonElement || element instanceof HTMLInputElement) && element.type === 'submit',
      );
      const submissions = [buttons[0], ...buttons.slice(1).filter((button) => button.hasAttribute('formaction'))];
      for (const button of submissions) {
        const index = count;
        count += 1;
        form.setAttribute(`data-e2e-form-${index}`, '');
        if (button) button.dataset.e2eSubmit = String(index);
        const isUpload = button?.getAttribute('formenctype') === 'multipart/form-data';
        for (const element of Array.from(form.elements)) {
          const isEmpty =
            (element instanceof HTMLInputElement && element.type !== 'checkbox' && element.type !== 'radio' && element.value === '') ||
            (element instanceof HTMLTextAreaElement && element.value === '');
          const isNeeded =
            (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) &&
            (element.required || (isUpload && (element.type === 'file' || element.name === 'alt')));
          if (isNeeded && isEmpty) element.setAttribute(`data-e2e-blank-${index}`, '');
        }
      }
    }
    return count;
  }, notSaves);
}

let counter = 0;

/** Whether a response answers the form's POST: directly, or at the end of the redirect it answered with. */
function isAnswerTo(request: Request, action: string): boolean {
  for (let step: Request | null = request; step !== null; step = step.redirectedFrom()) {
    if (step.method() === 'POST' && new URL(step.url()).pathname === action) return true;
  }
  return false;
}

/** Fills a blank form's required fields as someone using the newsroom would. */
async function fillBlanks(page: Page, index: number, image: Buffer): Promise<string[]> {
  const filled: string[] = [];
  for (const control of await page.locator(`[data-e2e-blank-${index}]`).all()) {
    counter += 1;
    const name = (await control.getAttribute('name')) ?? '';
    const type = (await control.getAttribute('type')) ?? 'text';
    filled.push(name);
    if (type === 'checkbox') await control.check();
    else if (type === 'file') await control.setInputFiles({ name: 'harbour.jpg', mimeType: 'image/jpeg', buffer: image });
    else if (type === 'email') await control.fill(`desk-${counter}@courier.example`);
    else if (type === 'date') await control.fill(new Date(Date.now() + (name === 'endsAt' ? 365 : 0) * 86_400_000).toISOString().slice(0, 10));
    else if (type === 'number') await control.fill('25');
    else if (name === 'price') await control.fill('4.50');
    else if (name === 'alt') await control.fill('A crane over the harbour at dawn');
    else await control.fill(`Form check ${counter}`);
  }
  // A new offer gives an introductory price unless told otherwise, and that price has its amount and periods.
  const introPrice = page.locator(`[data-e2e-form-${index}] input[name="introPrice"]`);
  if (filled.length > 0 && (await introPrice.count()) > 0 && (await introPrice.inputValue()) === '') {
    await introPrice.fill('3.00');
    await page.locator(`[data-e2e-form-${index}] input[name="introPeriods"]`).fill('3');
    filled.push('introPrice', 'introPeriods');
  }
  return filled;
}

describe('every newsroom form, saved once in a browser', () => {
  it('saves each form of each admin page as an administrator and shows its confirmation', async () => {
    const server = demo.server();
    const browser = demo.browser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await setUpFirstAdministrator(page, server);

    // The newsroom's own menu names its pages; the editor and an article's history are reached from them.
    const menu = await page.locator('a.mainnav__link').evaluateAll((links) => links.map((link) => (link instanceof HTMLAnchorElement ? link.pathname : '')));
    const published = await page.locator('a.row-title').first().getAttribute('href');
    assert.ok(published, 'the demo has articles to edit');

    await page.goto(`${server.url}/admin/articles/new`);
    await page.fill('[name="headline"]', 'Harbour cranes to be replaced by spring');
    await page.locator('input[name="authorIds"]').first().check();
    await page.fill('[name="bodyMarkdown"]', 'The port authority agreed the purchase on Tuesday.\n\nThe old cranes go to a museum.');
    await Promise.all([page.waitForURL('**/admin/articles/*?saved=save'), page.locator('button[name="intent"][value="save"]').click()]);
    const draft = new URL(page.url()).pathname;
    await page.goto(`${server.url}/admin/articles/new`);
    await page.fill('[name="headline"]', 'Ferry strike called off');
    await page.locator('input[name="authorIds"]').first().check();
    await page.fill('[name="bodyMarkdown"]', 'The union and the operator reached a deal overnight.');
    await page.fill('input[name="publishAt"]', formatLocalDateTime(new Date(Date.now() + 7 * 24 * 60 * 60 * 1000), 'America/New_York'));
    await Promise.all([page.waitForURL('**/admin/articles/*?saved=schedule'), page.locator('button[name="intent"][value="schedule"]').click()]);
    const scheduled = new URL(page.url()).pathname;

    const pages = [...menu, '/admin/articles/new', draft, scheduled, published, `${published}/revisions`, '/admin/gift-subscriptions/settings'];
    const image = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 60, g: 90, b: 110 } } })
      .jpeg()
      .toBuffer();
    const saves: string[] = [];
    for (const address of pages) {
      await page.goto(`${server.url}${address}`);
      const count = await markForms(page);
      // Last form first: a form that adds (a plan, a section) lists the new item above itself, so the forms before it keep their places.
      for (let index = count - 1; index >= 0; index -= 1) {
        // Opened afresh for each form, as after a save the page (and the article's version) has moved on.
        await page.goto(`${server.url}${address}`);
        await markForms(page);
        // A button's own formaction, else its form's action (formAction itself falls back to the page's address).
        const action = await page
          .locator(`[data-e2e-submit="${index}"]`)
          .evaluate((button) =>
            button instanceof HTMLButtonElement || button instanceof HTMLInputElement
              ? new URL(button.hasAttribute('formaction') ? button.formAction : (button.form?.action ?? '')).pathname
              : '',
          );
        const filled = await fillBlanks(page, index, image);
        const what = `${address}, form ${index + 1} (POST ${action}${filled.length > 0 ? `, filled in: ${filled.join(', ')}` : ', as shown'})`;
        const [answer] = await Promise.all([
          page.waitForResponse((response) => isAnswerTo(response.request(), action)),
          page.locator(`[data-e2e-submit="${index}"]`).click(),
        ]);
        await page.waitForLoadState('load');
        assert.ok(answer.status() < 400, `${what}: answered ${answer.status()}`);
        assert.equal(await page.locator('[role="alert"]').count(), 0, `${what}: ${await page.locator('[role="alert"]').allInnerTexts()}`);
        assert.ok((await page.locator('[role="status"]').count()) > 0, `${what}: no confirmation shown`);
        saves.push(`${what}: ${(await page.locator('[role="status"]').first().innerText()).trim()}`);
        await page.screenshot({ path: path.join(screenshots, `admin-forms-${address.replaceAll('/', '-').replace(/^-/, '')}-${index + 1}.png`) });
      }
    }
    // Every kind of form the newsroom has was among them.
    for (const action of [
      '/admin/settings',
      '/admin/sections',
      '/admin/authors',
      '/admin/sponsors',
      '/admin/plans',
      '/admin/offers',
      '/admin/staff/invite',
      '/admin/articles/new',
      `${draft}/lead-image`,
      `${published}/revisions/`,
    ]) {
      assert.ok(
        saves.some((save) => save.includes(`POST ${action}`)),
        `no form posting to ${action} was saved among:\n${saves.join('\n')}`,
      );
    }
    await context.close();
  });
});
