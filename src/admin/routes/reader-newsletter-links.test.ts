import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { clicksOf, deliverNewsletter } from '../../../test/newsletter-link-fixtures.ts';
import { insertAccount } from '../../accounts/account-repository.ts';
import type { Role } from '../../accounts/account.ts';
import { openSession, sessionCookieName } from '../../accounts/sessions.ts';
import { deriveNewsletterLinkKey } from '../../newsletters/newsletter-link.ts';
import { insertComplimentaryAccess } from '../../readers/complimentary-access-repository.ts';
import { listReaderEvents } from '../../readers/reader-events.ts';

const clock = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db } = database;
const seeded = await seedPublication(db, clock);
const articleId = await addArticle(db, seeded, { slug: 'sent-story', access: 'premium', body: 'Open.\n\nStill open.\n\nSUBSCRIBER-ONLY ending.' }, clock);
const app = await buildTestApp(database, { now: () => clock });
const key = deriveNewsletterLinkKey(readFileSync(`${database.dataDir}/secret`, 'utf8').trim());

let counter = 0;
async function browserOf(role: Role) {
  counter += 1;
  const id = await insertAccount(db, { email: `${role}${counter}@example.org`, name: `${role} ${counter}`, passwordHash: null, role, now: clock });
  const browser = browserSession(app);
  browser.cookies.set(sessionCookieName, (await openSession(db, id, clock)).token);
  return { id, browser };
}

/** A subscriber sent two newsletters carrying the premium story: their links read it in full for whoever opens them. */
async function subscriberWithNewsletters() {
  const reader = await browserOf('reader');
  await insertComplimentaryAccess(db, { accountId: reader.id, startsAt: clock, endsAt: null, reason: 'Press', grantedBy: null }, clock);
  const first = await deliverNewsletter(db, key, { accountId: reader.id, articleIds: [articleId], now: clock });
  const second = await deliverNewsletter(db, key, { accountId: reader.id, articleIds: [articleId], now: clock });
  return { ...reader, deliveries: [first, second] };
}

const opensInFull = async (token: string) =>
  (await app.inject({ method: 'GET', url: `/world/sent-story?nl=${encodeURIComponent(token)}` })).body.includes('SUBSCRIBER-ONLY');
const audited = async (readerId: number) =>
  (await db.selectFrom('audit_log').select(['action', 'detail']).where('subject', '=', `reader #${readerId}`).orderBy('id').execute()).map(
    ({ action, detail }) => ({
      action,
      detail,
    }),
  );

describe(`the desk revokes a reader's newsletter links (${database.dialect})`, () => {
  it('from the reader’s page and a confirmation page asking why: every link sent so far then opens the ordinary page', async () => {
    const reader = await subscriberWithNewsletters();
    const tokens = reader.deliveries.map((delivery) => delivery.tokenFor(articleId));
    for (const token of tokens) assert.ok(await opensInFull(token));
    const support = await browserOf('support');

    assert.match((await support.browser.get(`/admin/readers/${reader.id}`)).body, new RegExp(`href="/admin/readers/${reader.id}/newsletter-links"`));
    const page = await support.browser.get(`/admin/readers/${reader.id}/newsletter-links`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Revoke newsletter links/);
    assert.match(page.body, /name="reason"/);

    const withoutReason = await support.browser.post(`/admin/readers/${reader.id}/newsletter-links`, { reason: '' });
    assert.equal(withoutReason.statusCode, 400);
    assert.match(withoutReason.body, /Say why/);
    const withoutToken = await support.browser.post(`/admin/readers/${reader.id}/newsletter-links`, { reason: 'Forwarded to a list' }, { withCsrf: false });
    assert.equal(withoutToken.statusCode, 403);
    for (const token of tokens) assert.ok(await opensInFull(token), 'nothing revoked by a refused form');
    assert.deepEqual(await audited(reader.id), []);

    const done = await support.browser.post(`/admin/readers/${reader.id}/newsletter-links`, { reason: 'Forwarded to a list' });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `/admin/readers/${reader.id}?done=newsletter-links`);
    for (const token of tokens) assert.ok(!(await opensInFull(token)), 'a revoked link opens the ordinary page');
    for (const { deliveryId } of reader.deliveries) assert.equal((await clicksOf(db, deliveryId)).clicks, 2, 'only the two opens before it');

    assert.deepEqual(await audited(reader.id), [{ action: 'revoked newsletter links', detail: '2 deliveries. Reason: Forwarded to a list' }]);
    const [event] = await listReaderEvents(db, reader.id);
    assert.deepEqual({ kind: event?.kind, actorId: event?.actorId }, { kind: 'newsletter-links-revoked', actorId: support.id });
    const readerPage = (await support.browser.get(`/admin/readers/${reader.id}?done=newsletter-links`)).body;
    assert.match(readerPage, /no longer read as them/);
    assert.match(readerPage, /Newsletter links revoked/);
    assert.match(readerPage, /2 newsletters sent so far no longer read as the reader/);

    // The reader themselves still reads as themselves, signed in: only the links were revoked.
    assert.match((await reader.browser.get('/world/sent-story')).body, /SUBSCRIBER-ONLY/);
  });

  it('is for the desk alone: an editor and the reader are refused, and nothing is revoked', async () => {
    const reader = await subscriberWithNewsletters();
    const editor = await browserOf('editor');
    for (const [browser, formPage] of [
      [editor.browser, '/admin/articles'],
      [reader.browser, '/account'],
    ] as const) {
      assert.equal((await browser.get(`/admin/readers/${reader.id}/newsletter-links`)).statusCode, 403);
      await browser.get(formPage);
      assert.equal((await browser.post(`/admin/readers/${reader.id}/newsletter-links`, { reason: 'Myself' })).statusCode, 403);
    }
    assert.ok(await opensInFull(reader.deliveries[0]?.tokenFor(articleId) ?? ''));
    assert.deepEqual(await audited(reader.id), []);
  });
});
