import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { registerThroughSite } from '../../../test/readers.ts';
import { openSession, sessionCookieName } from '../../accounts/sessions.ts';
import { defaultAccessMessages } from '../../access/messages.ts';
import { writeSettingsGroup } from '../../settings/settings-repository.ts';
import { publishDueArticles } from '../../content/publish-due-articles.ts';
import { issueSetupToken } from '../first-admin.ts';

let clock = new Date('2026-11-20T17:00:00Z');
const hour = 60 * 60 * 1000;
const database = await openTestDatabase();
const seeded = await seedPublication(database.db, clock);
const app = await buildTestApp(database, { now: () => clock });

/** A staff member's browser, signed in as the account with this address. */
async function staffBrowser(email: string) {
  const account = await database.db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  const browser = browserSession(app);
  const { token } = await openSession(database.db, account.id, clock);
  browser.cookies.set(sessionCookieName, token);
  return browser;
}

const articleForm = (fields: Record<string, string>) => ({
  headline: 'Harbour strike ends after nine days',
  standfirst: 'Dock workers return on Monday.',
  slug: '',
  sectionId: String(seeded.sectionIds.world),
  authorIds: String(seeded.authorIds.reporter),
  dateline: 'Rotterdam',
  access: 'premium',
  previewBlockCount: '1',
  sponsorId: '',
  bodyMarkdown: 'The strike is over.\n\nSUBSCRIBER-DETAIL about the deal.',
  publishAt: '',
  ...fields,
});

describe(`the newsroom (${database.dialect})`, () => {
  it('keeps everyone but staff out: pages send them to log in, actions are refused', async () => {
    const page = await app.inject({ method: 'GET', url: '/admin/articles' });
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, '/login?next=%2Fadmin%2Farticles');
    const action = await app.inject({
      method: 'POST',
      url: '/admin/articles/new',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'headline=x',
    });
    assert.equal(action.statusCode, 401);
    const reader = browserSession(app);
    await registerThroughSite(reader, database.dataDir, { email: 'reader@example.org', password: 'a long passphrase' });
    assert.equal((await reader.get('/admin/articles')).statusCode, 403);
  });

  it('goes from the first-run link to a published, paywalled article, with each role held to its rights', async () => {
    const token = await issueSetupToken(database.db, clock);
    assert.ok(token);
    const founder = browserSession(app);
    await founder.get(`/admin/setup?token=${token}`);
    const created = await founder.post('/admin/setup', { token, name: 'Ada Admin', email: 'admin@newsroom.example', password: 'a long admin passphrase' });
    assert.equal(created.statusCode, 303);
    assert.equal(await issueSetupToken(database.db, clock), null, 'no second set-up link once an administrator exists');
    assert.equal((await browserSession(app).get(`/admin/setup?token=${token}`)).statusCode, 400);

    await founder.get('/admin/staff');
    assert.match(
      (await founder.post('/admin/staff/invite', { email: 'editor@newsroom.example', name: 'Eda Editor', role: 'editor' })).body,
      /invited as editor/,
    );
    await founder.post('/admin/staff/invite', { email: 'contributor@newsroom.example', name: 'Cy Contributor', role: 'contributor' });

    const contributor = await staffBrowser('contributor@newsroom.example');
    await contributor.get('/admin/articles/new');
    const drafted = await contributor.post('/admin/articles/new', { ...articleForm({}), version: '0', intent: 'save' });
    assert.equal(drafted.statusCode, 303);
    const editUrl = String(drafted.headers.location).split('?')[0] ?? '';
    await contributor.get(editUrl);
    const crafted = await contributor.post(editUrl, { ...articleForm({ slug: 'harbour-strike-ends-after-nine-days' }), version: '0', intent: 'publish' });
    assert.equal(crafted.statusCode, 403);
    assert.match(crafted.body, /Your role does not allow that/);
    assert.match(crafted.body, /SUBSCRIBER-DETAIL about the deal/, 'the form comes back as typed');
    assert.equal((await contributor.get('/admin/staff')).statusCode, 403);

    const editor = await staffBrowser('editor@newsroom.example');
    await editor.get(editUrl);
    const scheduled = await editor.post(editUrl, {
      ...articleForm({ slug: 'harbour-strike-ends-after-nine-days', headline: 'Harbour strike ends after nine days of talks' }),
      version: (await editor.get(editUrl)).body.match(/name="version" value="(\d+)"/)?.[1] ?? '',
      intent: 'schedule',
      publishAt: '2026-11-20T14:00',
    });
    assert.equal(scheduled.statusCode, 303);
    assert.equal((await app.inject('/world/harbour-strike-ends-after-nine-days')).statusCode, 404);

    clock = new Date(clock.getTime() + 2 * hour);
    assert.equal(await publishDueArticles(database.db, clock), 1);
    const live = await app.inject('/world/harbour-strike-ends-after-nine-days');
    assert.equal(live.statusCode, 200);
    assert.match(live.body, /Harbour strike ends after nine days of talks/);
    assert.match(live.body, /This article is for subscribers/);
    assert.ok(!live.body.includes('SUBSCRIBER-DETAIL'));

    const audit = await editor.get('/admin/audit');
    assert.match(audit.body, /scheduled/);
    assert.match(audit.body, /published \(scheduled\)/);
  });

  it("keeps a contributor's piece as the editor scheduled it: their edits, restores and times are refused with the reason", async () => {
    const contributor = await staffBrowser('contributor@newsroom.example');
    await contributor.get('/admin/articles/new');
    const drafted = await contributor.post('/admin/articles/new', {
      ...articleForm({ slug: 'tram-fares-frozen', headline: 'Tram fares frozen' }),
      version: '0',
      intent: 'save',
    });
    const url = String(drafted.headers.location).split('?')[0] ?? '';
    const editor = await staffBrowser('editor@newsroom.example');
    const version = (await editor.get(url)).body.match(/name="version" value="(\d+)"/)?.[1] ?? '';
    const scheduled = await editor.post(url, {
      ...articleForm({ slug: 'tram-fares-frozen', headline: 'Tram fares frozen', bodyMarkdown: 'Reviewed.' }),
      version,
      intent: 'schedule',
      publishAt: '2026-11-25T09:00',
    });
    assert.equal(scheduled.statusCode, 303);

    const page = await contributor.get(url);
    assert.match(page.body, /only an editor can change it now/);
    const newVersion = page.body.match(/name="version" value="(\d+)"/)?.[1] ?? '';
    const sneaked = await contributor.post(url, {
      ...articleForm({ slug: 'tram-fares-frozen', headline: 'Tram fares frozen', access: 'free', bodyMarkdown: 'UNREVIEWED claim.' }),
      version: newVersion,
      intent: 'save',
      publishAt: '2026-11-20T09:00',
    });
    assert.equal(sneaked.statusCode, 403);
    assert.match(sneaked.body, /only an editor can change it now/);
    assert.match(sneaked.body, /UNREVIEWED claim\./, 'the typed text comes back in the form');
    assert.equal((await contributor.post(`${url}/revisions/0/restore`, {})).statusCode, 403);

    const stored = await database.db
      .selectFrom('articles')
      .select(['status', 'access_level', 'body_markdown', 'published_at'])
      .where('slug', '=', 'tram-fares-frozen')
      .executeTakeFirstOrThrow();
    assert.deepEqual({ ...stored }, { status: 'scheduled', access_level: 'premium', body_markdown: 'Reviewed.', published_at: '2026-11-25T14:00:00.000Z' });
  });

  it('answers 400 naming the field, with the form as typed, for a section, author or sponsor that does not exist or a scheduled piece left without its time', async () => {
    const editor = await staffBrowser('editor@newsroom.example');
    await editor.get('/admin/articles/new');
    const typed = { headline: 'Ferry timetable changes', bodyMarkdown: 'TYPED-BODY of the ferry piece.', slug: 'ferry-timetable' };
    for (const [field, named] of [
      ['sectionId', /The section chosen does not exist/],
      ['authorIds', /An author chosen for the byline does not exist/],
      ['sponsorId', /The sponsor chosen does not exist/],
    ] as const) {
      const response = await editor.post('/admin/articles/new', { ...articleForm({ ...typed, [field]: '999999' }), version: '0', intent: 'save' });
      assert.equal(response.statusCode, 400, field);
      assert.match(response.body, named);
      assert.match(response.body, /TYPED-BODY of the ferry piece\./);
      assert.match(response.body, />Ferry timetable changes<\/textarea>/);
    }
    const created = await editor.post('/admin/articles/new', { ...articleForm(typed), version: '0', intent: 'save' });
    const url = String(created.headers.location).split('?')[0] ?? '';
    const version = (await editor.get(url)).body.match(/name="version" value="(\d+)"/)?.[1] ?? '';
    const scheduled = await editor.post(url, { ...articleForm(typed), version, intent: 'schedule', publishAt: '2026-11-28T09:00' });
    assert.equal(scheduled.statusCode, 303);
    const next = (await editor.get(url)).body.match(/name="version" value="(\d+)"/)?.[1] ?? '';
    for (const intent of ['save', 'schedule']) {
      const timeless = await editor.post(url, { ...articleForm(typed), version: next, intent, publishAt: '' });
      assert.equal(timeless.statusCode, 400, intent);
      assert.match(timeless.body, /publication time/);
      assert.match(timeless.body, /TYPED-BODY of the ferry piece\./);
    }
  });

  it('tells the second of two editors saving the same version about the conflict, keeping their text', async () => {
    const editor = await staffBrowser('editor@newsroom.example');
    await editor.get('/admin/articles/new');
    const created = await editor.post('/admin/articles/new', { ...articleForm({ slug: 'shared-piece' }), version: '0', intent: 'save' });
    const url = String(created.headers.location).split('?')[0] ?? '';
    await editor.get(url);
    await editor.post(url, { ...articleForm({ slug: 'shared-piece', headline: 'First save' }), version: '0', intent: 'save' });
    await editor.get(url);
    const second = await editor.post(url, { ...articleForm({ slug: 'shared-piece', headline: 'Second save' }), version: '0', intent: 'save' });
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /Someone else saved this article/);
    assert.match(second.body, /Second save/);
    assert.match(second.body, /name="version" value="0"/, 'saving the conflicting form again conflicts again');
  });

  it('renders a live preview with the same sanitizing as the site', async () => {
    const editor = await staffBrowser('editor@newsroom.example');
    await editor.get('/admin/articles/new');
    const preview = await editor.post('/admin/preview', { markdown: '**Bold** <script>alert(1)</script> [x](javascript:alert(1))' });
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /<strong>Bold<\/strong>/);
    assert.doesNotMatch(preview.body, /<script|href="javascript/);
  });
});

describe(`an article's history (${database.dialect})`, () => {
  it('lists every saved version with its changes, and loads an old one into the editor to restore', async () => {
    const editor = await staffBrowser('editor@newsroom.example');
    await editor.get('/admin/articles/new');
    const created = await editor.post('/admin/articles/new', {
      ...articleForm({ slug: 'history-piece', headline: 'Original headline' }),
      version: '0',
      intent: 'save',
    });
    const url = String(created.headers.location).split('?')[0] ?? '';
    await editor.get(url);
    await editor.post(url, { ...articleForm({ slug: 'history-piece', headline: 'Rewritten headline' }), version: '0', intent: 'save' });
    const history = await editor.get(`${url}/revisions`);
    assert.equal(history.statusCode, 200);
    assert.match(history.body, /Version 1/);
    assert.match(history.body, /diff__line--removed"(?:(?!<\/li>)[\s\S])*Original headline/);
    assert.match(history.body, /diff__line--added"(?:(?!<\/li>)[\s\S])*Rewritten headline/);
    const restored = await editor.post(`${url}/revisions/0/restore`, {});
    assert.equal(restored.statusCode, 200);
    assert.match(restored.body, /Version 0 is in the form below/);
    assert.match(restored.body, /value="Original headline"|>Original headline</);
  });
});

describe(`the publication's settings (${database.dialect})`, () => {
  const settingsForm = (changes: Record<string, string> = {}) => ({
    name: 'The Renamed Gazette',
    tagline: 'News, renamed',
    locale: 'en-US',
    timeZone: 'America/New_York',
    anonymousLimit: '5',
    registeredLimit: '12',
    defaultPreviewBlocks: '3',
    gracePeriodDays: '7',
    trialReminderDays: '3',
    'message.meterLast': 'Your last free story this month',
    ...changes,
  });

  it('are for administrators: an editor is refused, even by a crafted request', async () => {
    const editor = await staffBrowser('editor@newsroom.example');
    assert.equal((await editor.get('/admin/settings')).statusCode, 403);
    await editor.get('/admin/articles');
    assert.equal((await editor.post('/admin/settings', settingsForm())).statusCode, 403);
  });

  it('checks every value before saving any, ICU messages included', async () => {
    const admin = await staffBrowser('admin@newsroom.example');
    await admin.get('/admin/settings');
    const bad = await admin.post('/admin/settings', settingsForm({ 'message.meterRemaining': 'You have {n, plural, one {# left}', name: 'Should not stick' }));
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /not a valid ICU message/);
    assert.doesNotMatch((await app.inject('/')).body, /Should not stick/);
    const badZone = await admin.post('/admin/settings', settingsForm({ timeZone: 'Mars/Olympus' }));
    assert.match(badZone.body, /is not a time zone/);
  });

  it('save exactly as the page shows them, every field the save needs being on the form', async () => {
    const admin = await staffBrowser('admin@newsroom.example');
    const page = await admin.get('/admin/settings');
    const decode = (text: string) =>
      text.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
    const shown: Record<string, string> = {};
    for (const [, name = '', value = ''] of page.body.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) shown[name] = decode(value);
    for (const [, name = '', value = ''] of page.body.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) shown[name] = decode(value);
    assert.ok('defaultPreviewBlocks' in shown, 'the default preview length is on the form');
    const saved = await admin.post('/admin/settings', shown);
    assert.equal(saved.statusCode, 303, saved.body.match(/class="alert[^"]*"[^>]*>([\s\S]*?)<\//)?.[1]);
  });

  it('refuse a wording the site cannot show, naming it and keeping what was typed', async () => {
    const admin = await staffBrowser('admin@newsroom.example');
    await admin.get('/admin/settings');
    for (const wording of ['Sub {foo}', 'Sub <b>now</b>']) {
      const refused = await admin.post('/admin/settings', settingsForm({ 'message.subscribeAction': wording, name: 'Typed name kept' }));
      assert.equal(refused.statusCode, 400, wording);
      assert.match(refused.body, /The wording of (&quot;|&#34;)subscribeAction(&quot;|&#34;) cannot be shown to readers/);
      assert.ok(refused.body.includes(`>${wording.replaceAll('<', '&lt;').replaceAll('>', '&gt;')}</textarea>`), 'the typed wording is still in the form');
      assert.match(refused.body, /value="Typed name kept"/);
    }
  });

  it('show the default wording in place of a stored one that cannot be formatted, logging it once', async (t) => {
    const logged = t.mock.method(console, 'error', () => {});
    const stored = { ...defaultAccessMessages, subscriptionRequiredTitle: 'Sub {foo}', subscriptionRequiredBody: 'Sub <b>now</b> to {publication}' };
    await writeSettingsGroup(database.db, 'messages', stored, (input) => input, clock);
    for (let round = 0; round < 2; round += 1) {
      const page = await app.inject('/world/harbour-strike-ends-after-nine-days');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /This article is for subscribers/);
      assert.match(page.body, /Subscribe for unlimited access to everything/);
    }
    assert.equal(logged.mock.callCount(), 2, 'one line for each bad wording, however often it is shown');
    assert.match(String(logged.mock.calls[0]?.arguments[0]), /subscriptionRequired(Title|Body)/);
    await writeSettingsGroup(database.db, 'messages', defaultAccessMessages, (input) => input, clock);
  });

  it('change the site and its meter on the next request', async () => {
    const admin = await staffBrowser('admin@newsroom.example');
    await admin.get('/admin/settings');
    const saved = await admin.post('/admin/settings', settingsForm());
    assert.equal(saved.statusCode, 303);
    assert.match((await app.inject('/')).body, /The Renamed Gazette/);
    await database.db.updateTable('articles').set({ access_level: 'metered' }).where('slug', '=', 'shared-piece').execute();
    await database.db
      .updateTable('articles')
      .set({ status: 'published', published_at: new Date(clock.getTime() - hour).toISOString() })
      .where('slug', '=', 'shared-piece')
      .execute();
    const page = await app.inject('/world/shared-piece');
    assert.match(page.body, /You have 4 free articles left this month/);
  });
});

describe(`sections, authors and sponsors (${database.dialect})`, () => {
  it("are managed by editors: a new section appears in the site's menu, a reserved address is refused", async () => {
    const editor = await staffBrowser('editor@newsroom.example');
    await editor.get('/admin/sections');
    const added = await editor.post('/admin/sections', { name: 'Sport', description: 'Games and the people who play them.', position: '9' });
    assert.equal(added.statusCode, 200);
    assert.match((await app.inject('/')).body, /href="\/sport"/);
    const reserved = await editor.post('/admin/sections', { name: 'Search', description: '', position: '10' });
    assert.equal(reserved.statusCode, 400);
    assert.match(reserved.body, /already uses/);
  });

  it("lists each sponsor's pieces, and refuses contributors", async () => {
    const editor = await staffBrowser('editor@newsroom.example');
    const page = await editor.get('/admin/sponsors');
    assert.match(page.body, /Acme Energy/);
    const contributor = await staffBrowser('contributor@newsroom.example');
    assert.equal((await contributor.get('/admin/sponsors')).statusCode, 403);
  });
});

describe(`plans and offers in the newsroom (${database.dialect})`, () => {
  it('let an administrator add a plan and an offer that the offers page then sells, and retire it again', async () => {
    const admin = await staffBrowser('admin@newsroom.example');
    await admin.get('/admin/offers');
    const plan = await admin.post('/admin/plans', {
      name: 'Weekend',
      price: '4.50',
      currency: 'USD',
      interval: 'month',
      benefits: 'Saturday and Sunday',
      isActive: 'on',
    });
    assert.equal(plan.statusCode, 200);
    const offer = await admin.post('/admin/offers', {
      headline: 'Weekends for $1',
      planSlug: 'weekend',
      termsKind: 'introductory-price',
      introPrice: '1',
      introPeriods: '2',
      endsAt: '2026-12-31T23:59',
    });
    assert.equal(offer.statusCode, 200);
    const offers = await browserSession(app).get('/offers');
    assert.match(offers.body, /Weekends for \$1/);
    assert.match(offers.body, /\$1 a month for the first 2 months, then \$4.50 a month/);
    await admin.post('/admin/offers', { slug: 'weekends-for-1', headline: 'Weekends for $1', planSlug: 'weekend', termsKind: 'standard', isRetired: 'on' });
    assert.doesNotMatch((await browserSession(app).get('/offers')).body, /Weekends for \$1/);
  });

  it('refuse a bad price with a clear message, and editors altogether', async () => {
    const admin = await staffBrowser('admin@newsroom.example');
    await admin.get('/admin/offers');
    const bad = await admin.post('/admin/plans', { name: 'Broken', price: 'free', currency: 'USD', interval: 'month' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Give the price as an amount/);
    const editor = await staffBrowser('editor@newsroom.example');
    assert.equal((await editor.get('/admin/offers')).statusCode, 403);
  });
});

describe(`drafts that save themselves (${database.dialect})`, () => {
  it("saves a draft from the editor's fields and answers its new revision; a stale one is a conflict", async () => {
    const editor = await staffBrowser('editor@newsroom.example');
    await editor.get('/admin/articles/new');
    const created = await editor.post('/admin/articles/new', { ...articleForm({ slug: 'autosaved-draft' }), version: '0', intent: 'save' });
    const url = String(created.headers.location).split('?')[0] ?? '';
    const page = await editor.get(url);
    assert.match(page.body, new RegExp(`data-autosave-url="${url}/autosave"`));
    const saved = await editor.post(`${url}/autosave`, {
      ...articleForm({ slug: 'autosaved-draft', headline: 'Typed a moment ago' }),
      version: '0',
      intent: 'save',
    });
    assert.equal(saved.statusCode, 200);
    assert.equal(JSON.parse(saved.body).revision, 1);
    const stale = await editor.post(`${url}/autosave`, { ...articleForm({ slug: 'autosaved-draft' }), version: '0', intent: 'save' });
    assert.equal(stale.statusCode, 409);
  });
});
