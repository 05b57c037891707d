import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { insertAccount } from '../../accounts/account-repository.ts';
import type { Role } from '../../accounts/account.ts';
import { openSession, sessionCookieName } from '../../accounts/sessions.ts';
import { writeAccessSettings } from '../../settings/access-settings-repository.ts';
import { readContentVersion } from '../../settings/content-version.ts';

const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db } = database;
const seeded = await seedPublication(db, now);
for (let index = 1; index <= 8; index += 1) {
  await addArticle(
    db,
    seeded,
    { slug: `metered-${index}`, headline: `Metered story ${index}`, body: `Open ${index}.\n\nStill open ${index}.\n\nLOCKED-${index} paragraph.` },
    now,
  );
}
await addArticle(db, seeded, { slug: 'culture-story', section: 'culture', body: 'Open.\n\nStill open.\n\nLOCKED-culture paragraph.' }, now);
await writeAccessSettings(db, { meterLimits: { anonymous: 3, registered: 2 }, defaultPreviewBlocks: 2 }, now);
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

const { browser: editor } = await browserOf('editor');
const newsletterLink = '?utm_source=newsletter&utm_medium=email&utm_campaign=morning-briefing';
const freshReader = () => browserSession(app);

async function addRule(fields: Record<string, string>) {
  await editor.get('/admin/meter-rules');
  const response = await editor.post('/admin/meter-rules', fields);
  assert.equal(response.statusCode, 303, response.body);
  const rule = await db
    .selectFrom('meter_rules')
    .select(['id', 'state'])
    .where('name', '=', fields.name ?? '')
    .executeTakeFirstOrThrow();
  return rule.id;
}

/** Reads the metered stories in order, from `query`'s link, and says which opened. */
async function readStories(browser: ReturnType<typeof browserSession>, count: number, query = '') {
  const opened: boolean[] = [];
  const pages: string[] = [];
  for (let index = 1; index <= count; index += 1) {
    const page = (await browser.get(`/world/metered-${index}${query}`)).body;
    pages.push(page);
    opened.push(page.includes(`LOCKED-${index}`));
  }
  return { opened, pages };
}

describe(`meter rules at /admin/meter-rules (${database.dialect})`, () => {
  it('are for editors and administrators: the newsroom’s other roles and readers are refused', async () => {
    for (const role of ['contributor', 'author', 'support', 'reader'] as const) {
      const { browser } = await browserOf(role);
      assert.equal((await browser.get('/admin/meter-rules')).statusCode, 403, role);
    }
    for (const role of ['editor', 'admin'] as const) {
      const { browser } = await browserOf(role);
      const page = await browser.get('/admin/meter-rules');
      assert.equal(page.statusCode, 200, role);
      assert.match(page.body, /3 free articles a month for anonymous readers, 2 for signed-in readers/);
    }
  });

  it('give readers from the newsletter two more, counted in the notice and the paywall, while other readers keep the meter; the change is audited and reaches the site at once', async () => {
    const versionBefore = await readContentVersion(db);
    await addRule({ name: 'Newsletter readers get 2 more', source: 'newsletter', reader: '', campaign: '', section: '', effect: 'more', articles: '2' });
    assert.ok((await readContentVersion(db)) > versionBefore, 'the content version rose with the rule');

    const list = (await editor.get('/admin/meter-rules?done=added')).body;
    assert.match(list, /Rule added/);
    assert.match(list, /Newsletter readers get 2 more/);
    assert.match(list, /Readers, arriving from a newsletter/);
    assert.match(list, /2 articles more than the meter \(5 anonymous, 4 signed in\)/);
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'added meter rule').executeTakeFirstOrThrow();
    assert.equal(audit.subject, 'Newsletter readers get 2 more');
    assert.match(audit.detail, /arriving from a newsletter: 2 articles more than the meter/);

    const fromNewsletter = await readStories(freshReader(), 6, newsletterLink);
    assert.deepEqual(fromNewsletter.opened, [true, true, true, true, true, false]);
    assert.match(fromNewsletter.pages[0] ?? '', /You have 4 free articles left this month/);
    assert.match(fromNewsletter.pages[4] ?? '', /This is your last free article this month/);
    assert.match(fromNewsletter.pages[5] ?? '', /You have read your 5 free articles this month/);

    const directReader = freshReader();
    const direct = await readStories(directReader, 4);
    assert.deepEqual(direct.opened, [true, true, true, false]);
    assert.match(direct.pages[0] ?? '', /You have 2 free articles left this month/);
    assert.match(direct.pages[3] ?? '', /You have read your 3 free articles this month/);
    // The same article's paywall, kept from the newsletter reader's visit, is not this reader's: the page key tells the limits apart.
    const sameWall = (await directReader.get('/world/metered-6')).body;
    assert.match(sameWall, /You have read your 3 free articles this month/);
    assert.doesNotMatch(sameWall, /read your 5 free articles/);
  });

  it('keep the rule a registered reader’s read was counted under, and the desk shows it beside the read', async () => {
    const { browser: reader, accountId } = await browserOf('reader');
    await reader.get('/world/metered-1');
    await reader.get('/world/metered-2');
    const third = await reader.get(`/world/metered-3${newsletterLink}`);
    assert.ok(third.body.includes('LOCKED-3'), 'the rule opens a third for a signed-in reader from the newsletter');
    assert.ok(!(await reader.get('/world/metered-4')).body.includes('LOCKED-4'), 'back on the meter, the fourth stays shut');
    const reads = await db
      .selectFrom('meter_reads')
      .select(['article_id', 'meter_rule_id'])
      .where('account_id', '=', accountId)
      .orderBy('read_at')
      .orderBy('article_id')
      .execute();
    const rule = await db.selectFrom('meter_rules').select('id').where('name', '=', 'Newsletter readers get 2 more').executeTakeFirstOrThrow();
    assert.deepEqual(
      reads.map((read) => read.meter_rule_id),
      [null, null, rule.id],
    );

    const { browser: admin } = await browserOf('admin');
    const desk = (await admin.get(`/admin/readers/${accountId}`)).body;
    assert.match(desk, /<strong>3<\/strong> of 2 free articles read/);
    assert.match(desk, /Metered story 3<\/span> <span class="meter-reads__when">[^<]* · Rule: Newsletter readers get 2 more/);
    assert.match(desk, /Metered story 1<\/span> <span class="meter-reads__when">[^<]* · The meter/);
    assert.match(desk, /a meter rule set the limit of the reads marked with it/);
  });

  it('refuse a rule that is not whole, saying why and keeping what was typed, and store nothing', async () => {
    const before = await db.selectFrom('meter_rules').select('id').execute();
    await editor.get('/admin/meter-rules');
    const noCondition = await editor.post('/admin/meter-rules', { name: 'Everyone gets 4', effect: 'set', articles: '4' });
    assert.equal(noCondition.statusCode, 400);
    assert.match(noCondition.body, /Give the rule at least one condition/);
    assert.match(noCondition.body, /value="Everyone gets 4"/);
    const tooMany = await editor.post('/admin/meter-rules', { name: 'Search gets plenty', source: 'search', effect: 'set', articles: '500' });
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.body, /from 0 to 100/);
    assert.match(tooMany.body, /<option value="search" selected>/);
    const strangeSection = await editor.post('/admin/meter-rules', { name: 'Nowhere', section: '999', effect: 'more', articles: '1' });
    assert.equal(strangeSection.statusCode, 400);
    assert.deepEqual(await db.selectFrom('meter_rules').select('id').execute(), before);
    assert.equal(
      (await editor.post('/admin/meter-rules', { name: 'No token', source: 'search', effect: 'set', articles: '5' }, { withCsrf: false })).statusCode,
      403,
    );
  });

  it('are tried in the order the editor sets, warn of a rule that never applies, and pause, resume and retire with an audit line each', async () => {
    const cultureId = await addRule({
      name: 'Culture from the newsletter is shut',
      source: 'newsletter',
      section: String(seeded.sectionIds.culture),
      effect: 'set',
      articles: '0',
    });
    const list = (await editor.get('/admin/meter-rules')).body;
    assert.match(list, /Never applies: “Newsletter readers get 2 more”, tried first, takes every read this rule would/);
    assert.ok((await freshReader().get(`/culture/culture-story${newsletterLink}`)).body.includes('LOCKED-culture'), 'the broader rule, first, opens it');

    await editor.get('/admin/meter-rules');
    assert.equal((await editor.post(`/admin/meter-rules/${cultureId}/move`, { direction: 'earlier' })).statusCode, 303);
    const reordered = (await editor.get('/admin/meter-rules?done=moved')).body;
    assert.doesNotMatch(reordered, /Never applies/);
    assert.ok(reordered.indexOf('Culture from the newsletter is shut') < reordered.indexOf('Newsletter readers get 2 more</a>'));
    const shut = (await freshReader().get(`/culture/culture-story${newsletterLink}`)).body;
    assert.ok(!shut.includes('LOCKED-culture'));
    assert.match(shut, /You have read your 0 free articles this month|Subscribe to keep reading/);

    assert.equal((await editor.post(`/admin/meter-rules/${cultureId}/state`, { state: 'paused' })).statusCode, 303);
    assert.ok((await freshReader().get(`/culture/culture-story${newsletterLink}`)).body.includes('LOCKED-culture'), 'a paused rule applies to nothing');
    assert.equal((await editor.post(`/admin/meter-rules/${cultureId}/state`, { state: 'active' })).statusCode, 303);
    assert.ok(!(await freshReader().get(`/culture/culture-story${newsletterLink}`)).body.includes('LOCKED-culture'), 'resumed, it applies again');
    assert.equal((await editor.post(`/admin/meter-rules/${cultureId}/state`, { state: 'retired' })).statusCode, 303);
    assert.ok((await freshReader().get(`/culture/culture-story${newsletterLink}`)).body.includes('LOCKED-culture'));

    const retiredList = (await editor.get('/admin/meter-rules?done=retired')).body;
    assert.match(retiredList, /Rule retired/);
    assert.match(retiredList, /Retired rules[\s\S]*Culture from the newsletter is shut/);
    const again = await editor.post(`/admin/meter-rules/${cultureId}`, { name: 'Back again', source: 'newsletter', effect: 'more', articles: '1' });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /is retired and stays as it was/);
    assert.equal((await editor.post(`/admin/meter-rules/${cultureId}/state`, { state: 'active' })).statusCode, 409);

    const actions = await db.selectFrom('audit_log').select('action').where('subject', '=', 'Culture from the newsletter is shut').orderBy('id').execute();
    assert.deepEqual(
      actions.map((row) => row.action),
      ['added meter rule', 'reordered meter rules', 'paused meter rule', 'resumed meter rule', 'retired meter rule'],
    );
  });

  it('change on their own page, and the site follows', async () => {
    const id = await addRule({ name: 'Search readers get 5', source: 'search', effect: 'set', articles: '5' });
    const page = await editor.get(`/admin/meter-rules/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /value="Search readers get 5"/);
    const saved = await editor.post(`/admin/meter-rules/${id}`, { name: 'Search readers get 1', source: 'search', effect: 'set', articles: '1' });
    assert.equal(saved.statusCode, 303);
    const fromSearch = browserSession(app, { referer: 'https://www.google.com/' });
    const { opened } = await readStories(fromSearch, 2);
    assert.deepEqual(opened, [true, false]);
    const audit = await db.selectFrom('audit_log').select('detail').where('action', '=', 'changed meter rule').executeTakeFirstOrThrow();
    assert.match(audit.detail, /1 article a month \(was “Search readers get 5”\)/);
    assert.equal((await editor.get('/admin/meter-rules/999999')).statusCode, 404);
  });
});
