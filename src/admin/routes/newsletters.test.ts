import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { insertAccount } from '../../accounts/account-repository.ts';
import type { Role } from '../../accounts/account.ts';
import { openSession, sessionCookieName } from '../../accounts/sessions.ts';

const now = new Date('2026-12-02T15:00:00Z');
const database = await openTestDatabase();
const { db } = database;
const seeded = await seedPublication(db, now);
const first = await addArticle(db, seeded, { slug: 'harbour', headline: 'The harbour reopens' }, now);
const second = await addArticle(db, seeded, { slug: 'summit', headline: 'Summit ends in agreement' }, now);
const app = await buildTestApp(database, { now: () => now });

let counter = 0;
async function browserOf(role: Role) {
  counter += 1;
  const accountId = await insertAccount(db, { email: `${role}${counter}@example.org`, name: `${role} ${counter}`, passwordHash: null, role, now });
  const browser = browserSession(app);
  const { token } = await openSession(db, accountId, now);
  browser.cookies.set(sessionCookieName, token);
  return { browser, accountId };
}

const { browser: editor, accountId: editorId } = await browserOf('editor');
const briefingFields = {
  name: 'The Morning Briefing',
  slug: 'morning-briefing',
  description: 'The day’s news before breakfast.',
  cadence: 'daily',
  senderName: 'The Test Gazette',
  senderEmail: 'briefing@news.example',
  audience: 'anyone',
  template: 'briefing',
  dailySection: '',
  dailySendTime: '',
};

async function newsletterId(slug: string) {
  return (await db.selectFrom('newsletters').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

describe(`newsletters at /admin/newsletters (${database.dialect})`, () => {
  it('are for editors and administrators: the newsroom’s other roles and readers are refused', async () => {
    for (const role of ['contributor', 'author', 'support', 'reader'] as const) {
      const { browser } = await browserOf(role);
      assert.equal((await browser.get('/admin/newsletters')).statusCode, 403, role);
      assert.equal((await browser.get('/admin/newsletters/compose')).statusCode, 403, role);
    }
    for (const role of ['editor', 'admin'] as const) {
      const { browser } = await browserOf(role);
      const page = await browser.get('/admin/newsletters');
      assert.equal(page.statusCode, 200, role);
      assert.match(page.body, /<a[^>]*href="\/admin\/newsletters"[^>]*>Newsletters<\/a>/, 'the menu names it');
    }
  });

  it('are added from the form, audited, and listed with their subscribers', async () => {
    await editor.get('/admin/newsletters/new');
    const saved = await editor.post('/admin/newsletters', briefingFields);
    assert.equal(saved.statusCode, 303, saved.body);
    const list = (await editor.get('/admin/newsletters?done=added')).body;
    assert.match(list, /Newsletter added/);
    assert.match(list, /The Morning Briefing/);
    assert.match(list, /Anyone with an address/);
    assert.match(list, /Never/);
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'added newsletter').executeTakeFirstOrThrow();
    assert.equal(audit.subject, 'The Morning Briefing');
  });

  it('refuse a newsletter that is not whole, saying why and keeping what was typed, and store nothing', async () => {
    await editor.get('/admin/newsletters/new');
    const refused = await editor.post('/admin/newsletters', { ...briefingFields, slug: 'second-briefing', name: 'Evening', senderEmail: 'not an address' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Give the sender’s address as one plain address/);
    assert.match(refused.body, /value="Evening"/);
    assert.match(refused.body, /value="second-briefing"/);
    const clash = await editor.post('/admin/newsletters', { ...briefingFields, name: 'Copy' });
    assert.equal(clash.statusCode, 409);
    assert.match(clash.body, /Another newsletter has the short name “morning-briefing”/);
    assert.equal((await db.selectFrom('newsletters').select('id').execute()).length, 1);
  });

  it('are changed and archived from their own page', async () => {
    const id = await newsletterId('morning-briefing');
    await editor.get(`/admin/newsletters/${id}`);
    const saved = await editor.post(`/admin/newsletters/${id}`, { ...briefingFields, dailySection: String(seeded.sectionIds.world), dailySendTime: '07:00' });
    assert.equal(saved.statusCode, 303, saved.body);
    const stored = await db.selectFrom('newsletters').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(stored.daily_send_time, '07:00');
    assert.equal(stored.daily_section_id, seeded.sectionIds.world);
    await editor.get(`/admin/newsletters/${id}`);
    assert.equal((await editor.post(`/admin/newsletters/${id}/status`, { status: 'archived' })).statusCode, 303);
    assert.match((await editor.get('/admin/newsletters')).body, /Archived/);
    assert.equal((await editor.post(`/admin/newsletters/${id}/status`, { status: 'active' })).statusCode, 303);
    assert.equal((await editor.get('/admin/newsletters/999999')).statusCode, 404);
  });
});

describe(`the digest composer and a send’s page (${database.dialect})`, () => {
  it('searches published articles, adds and orders them, keeping what was typed between steps', async () => {
    const id = await newsletterId('morning-briefing');
    const start = await editor.get(`/admin/newsletters/compose?newsletter=${id}`);
    assert.match(start.body, /The harbour reopens/);
    const fields = { newsletter: String(id), subject: 'The week', intro: 'Read *these*.', articles: '', q: 'summit', when: 'now', scheduledFor: '' };
    const searched = await editor.post('/admin/newsletters/compose', { ...fields, action: 'search' });
    assert.match(searched.body, /Summit ends in agreement/);
    assert.doesNotMatch(searched.body, /The harbour reopens/);
    const added = await editor.post('/admin/newsletters/compose', { ...fields, q: '', action: `add:${first}` });
    assert.match(added.body, new RegExp(`name="articles" value="${first}"`));
    assert.match(added.body, /value="The week"/);
    const both = await editor.post('/admin/newsletters/compose', { ...fields, q: '', articles: String(first), action: `add:${second}` });
    assert.match(both.body, new RegExp(`name="articles" value="${first},${second}"`));
    const moved = await editor.post('/admin/newsletters/compose', { ...fields, q: '', articles: `${first},${second}`, action: `up:${second}` });
    assert.match(moved.body, new RegExp(`name="articles" value="${second},${first}"`));
  });

  it('refuses a send without articles or with a past time, keeping what was typed', async () => {
    const id = await newsletterId('morning-briefing');
    await editor.get('/admin/newsletters/compose');
    const fields = { newsletter: String(id), subject: 'Kept subject', intro: '', articles: '', q: '', when: 'now', scheduledFor: '', action: 'save' };
    const empty = await editor.post('/admin/newsletters/compose', fields);
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Choose at least one article/);
    assert.match(empty.body, /value="Kept subject"/);
    const past = await editor.post('/admin/newsletters/compose', { ...fields, articles: String(first), when: 'later', scheduledFor: '2026-12-01T09:00' });
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /That time has passed/);
    assert.equal((await db.selectFrom('newsletter_sends').select('id').execute()).length, 0);
  });

  it('schedules a digest at a time on the publication’s clock, audited, and cancels it', async () => {
    const id = await newsletterId('morning-briefing');
    await editor.get('/admin/newsletters/compose');
    const saved = await editor.post('/admin/newsletters/compose', {
      newsletter: String(id),
      subject: 'The week',
      intro: 'Read *these*.',
      articles: `${second},${first}`,
      q: '',
      when: 'later',
      scheduledFor: '2026-12-04T07:00',
      action: 'save',
    });
    assert.equal(saved.statusCode, 303, saved.body);
    const send = await db.selectFrom('newsletter_sends').selectAll().executeTakeFirstOrThrow();
    // 07:00 in New York.
    assert.equal(send.scheduled_for, '2026-12-04T12:00:00.000Z');
    assert.equal(saved.headers.location, `/admin/newsletters/sends/${send.id}?done=scheduled`);
    const page = await editor.get(`/admin/newsletters/sends/${send.id}?done=scheduled`);
    assert.match(page.body, /Send scheduled/);
    assert.match(page.body, /Summit ends in agreement[\s\S]*The harbour reopens/);
    assert.match(page.body, /Cancel the send/);
    assert.match(page.body, /No mail server is configured/, 'an installation without SMTP_URL says why nothing will go out');
    const withMailServer = await buildTestApp(database, { now: () => now, env: { SMTP_URL: 'smtp://mail.example:587' } });
    const configured = browserSession(withMailServer);
    configured.cookies.set(sessionCookieName, (await openSession(db, editorId, now)).token);
    assert.doesNotMatch((await configured.get(`/admin/newsletters/sends/${send.id}`)).body, /No mail server is configured/);
    await withMailServer.close();
    assert.equal((await db.selectFrom('audit_log').selectAll().where('action', '=', 'scheduled newsletter').executeTakeFirstOrThrow()).subject, '“The week”');

    assert.equal((await editor.post(`/admin/newsletters/sends/${send.id}/cancel`, {})).statusCode, 303);
    const canceled = await editor.get(`/admin/newsletters/sends/${send.id}?done=canceled`);
    assert.match(canceled.body, /Send canceled/);
    assert.doesNotMatch(canceled.body, /Cancel the send|No mail server is configured/);
    assert.equal(
      (await db.selectFrom('audit_log').selectAll().where('action', '=', 'canceled newsletter send').executeTakeFirstOrThrow()).subject,
      '“The week”',
    );
    const again = await editor.post(`/admin/newsletters/sends/${send.id}/cancel`, {});
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /already canceled/);
  });

  it('sends now: a send due at once, handed to delivery as it is saved', async () => {
    const id = await newsletterId('morning-briefing');
    await editor.get('/admin/newsletters/compose');
    const fields = { newsletter: String(id), subject: 'Right now', intro: '', articles: String(first), q: '', when: 'now', scheduledFor: '', action: 'save' };
    const saved = await editor.post('/admin/newsletters/compose', fields);
    assert.equal(saved.statusCode, 303, saved.body);
    const send = await db.selectFrom('newsletter_sends').selectAll().where('subject', '=', 'Right now').executeTakeFirstOrThrow();
    assert.equal(send.scheduled_for, now.toISOString());
    assert.notEqual(send.status, 'scheduled', 'delivery has claimed it');
    assert.equal(send.queued_at, now.toISOString());
  });
});

describe(`an article’s newsletter ticks in the editor (${database.dialect})`, () => {
  const articleForm = (fields: Record<string, string>) => ({
    headline: 'Ferry strike called off',
    standfirst: 'Boats sail on Monday.',
    slug: '',
    sectionId: String(seeded.sectionIds.world),
    authorIds: String(seeded.authorIds.reporter),
    dateline: 'Calais',
    access: 'metered',
    previewBlockCount: '1',
    sponsorId: '',
    bodyMarkdown: 'The strike is off.\n\nMore detail.',
    publishAt: '',
    ...fields,
  });
  const versionOf = async (url: string) => (await editor.get(url)).body.match(/name="version" value="(\d+)"/)?.[1] ?? '';
  const articleSends = (headline: string) =>
    db.selectFrom('newsletter_sends').select(['id', 'status', 'scheduled_for', 'kind']).where('subject', '=', headline).where('kind', '=', 'article').execute();

  it('offers the active newsletters to editors, and none to a role that does not send them', async () => {
    const page = await editor.get('/admin/articles/new');
    assert.match(page.body, /Send to newsletters/);
    assert.match(page.body, /name="newsletterIds" value="\d+"/);
    const { browser: author } = await browserOf('author');
    assert.doesNotMatch((await author.get('/admin/articles/new')).body, /Send to newsletters/);
  });

  it('sends a ticked newsletter the article as it is published now, once however often it is saved again', async () => {
    const id = await newsletterId('morning-briefing');
    await editor.get('/admin/articles/new');
    const published = await editor.post('/admin/articles/new', { ...articleForm({}), version: '0', intent: 'publish', newsletterIds: String(id) });
    assert.equal(published.statusCode, 303, published.body);
    const sends = await articleSends('Ferry strike called off');
    assert.equal(sends.length, 1);
    assert.equal(sends[0]?.scheduled_for, now.toISOString());
    const url = String(published.headers.location).split('?')[0] ?? '';
    const page = await editor.get(url);
    assert.match(page.body, /\(sent or waiting\)/);
    await editor.post(url, {
      ...articleForm({ slug: 'ferry-strike-called-off' }),
      version: await versionOf(url),
      intent: 'publish',
      newsletterIds: String(id),
    });
    assert.equal((await articleSends('Ferry strike called off')).length, 1);
    const audit = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'sent newsletter')
      .where('subject', '=', '“Ferry strike called off”')
      .execute();
    assert.equal(audit.length, 1);
  });

  it('waits with a scheduled article’s send for its time, moves it with the article, and stops it when the article goes back to draft', async () => {
    const id = await newsletterId('morning-briefing');
    const headline = 'Bridge reopens on Friday';
    await editor.get('/admin/articles/new');
    const scheduled = await editor.post('/admin/articles/new', {
      ...articleForm({ headline }),
      version: '0',
      intent: 'schedule',
      publishAt: '2026-12-04T08:00',
      newsletterIds: String(id),
    });
    assert.equal(scheduled.statusCode, 303, scheduled.body);
    assert.equal((await articleSends(headline))[0]?.scheduled_for, '2026-12-04T13:00:00.000Z');
    const url = String(scheduled.headers.location).split('?')[0] ?? '';
    await editor.post(url, {
      ...articleForm({ headline, slug: 'bridge-reopens-on-friday' }),
      version: await versionOf(url),
      intent: 'schedule',
      publishAt: '2026-12-05T08:00',
    });
    assert.equal((await articleSends(headline))[0]?.scheduled_for, '2026-12-05T13:00:00.000Z');
    await editor.post(url, { ...articleForm({ headline, slug: 'bridge-reopens-on-friday' }), version: await versionOf(url), intent: 'unpublish' });
    assert.equal((await articleSends(headline))[0]?.status, 'canceled');
  });

  it('refuses a newsletter tick from a role that does not send newsletters', async () => {
    const id = await newsletterId('morning-briefing');
    const { browser: author } = await browserOf('author');
    await author.get('/admin/articles/new');
    const refused = await author.post('/admin/articles/new', {
      ...articleForm({ headline: 'Sneaked out' }),
      version: '0',
      intent: 'publish',
      newsletterIds: String(id),
    });
    assert.equal(refused.statusCode, 403);
    assert.equal((await articleSends('Sneaked out')).length, 0);
  });
});
