import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { lockedLevels, plantLockedArticles } from '../../../test/planted-articles.ts';
import { insertAccount } from '../../accounts/account-repository.ts';
import type { Role } from '../../accounts/account.ts';
import { openSession, sessionCookieName } from '../../accounts/sessions.ts';
import { insertNewsletter } from '../../newsletters/sends/newsletter-repository.ts';
import { createSend } from '../../newsletters/sends/sends.ts';

const now = new Date('2026-12-02T15:00:00Z');
const database = await openTestDatabase();
const { db, dataDir } = database;
const seeded = await seedPublication(db, now);
const planted = await plantLockedArticles(db, seeded, now);
const app = await buildTestApp(database, { now: () => now });
const newsletterId = await insertNewsletter(
  db,
  {
    slug: 'briefing',
    name: 'The Briefing',
    description: 'Mornings.',
    cadence: 'daily',
    senderName: 'Briefing Desk',
    senderEmail: 'briefing@news.example',
    audience: 'anyone',
    template: 'edition',
    daily: null,
  },
  now,
);
const articleIds = lockedLevels.map((level) => planted.get(level)?.id ?? 0);
const sendId = await createSend(
  db,
  { newsletterId, kind: 'digest', subject: 'The locked week', intro: null, articleIds, scheduledFor: now, createdBy: null },
  now,
);
const tokens = [...planted.values()].map((article) => article.token);

async function browserOf(role: Role) {
  const accountId = await insertAccount(db, { email: `${role}@news.example`, name: `A ${role}`, passwordHash: null, role, now });
  const browser = browserSession(app);
  const { token } = await openSession(db, accountId, now);
  browser.cookies.set(sessionCookieName, token);
  return browser;
}
const editor = await browserOf('editor');

async function outbox(): Promise<string[]> {
  const folder = path.join(dataDir, 'outbox');
  const files = await readdir(folder).catch(() => []);
  return Promise.all(files.filter((file) => file.endsWith('.eml')).map((file) => readFile(path.join(folder, file), 'utf8')));
}

/** A message's text as written, its quoted-printable soft breaks and escapes undone. */
function decoded(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

describe(`a send's previews and tests in the newsroom (${database.dialect})`, () => {
  it('shows the preview copy in a frame of its own, under a strict policy, with no locked text', async () => {
    const page = await editor.get(`/admin/newsletters/sends/${sendId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`<iframe[^>]*src="/admin/newsletters/sends/${sendId}/preview/preview"[^>]*sandbox`));
    for (const token of tokens) assert.ok(!page.body.includes(token), `the send's page holds no locked text (${token})`);

    const preview = await editor.get(`/admin/newsletters/sends/${sendId}/preview/preview`);
    assert.equal(preview.statusCode, 200);
    const policy = String(preview.headers['content-security-policy']);
    assert.match(policy, /default-src 'none'/);
    assert.match(policy, /frame-ancestors 'self'/);
    assert.match(policy, /sandbox/);
    assert.doesNotMatch(policy, /script-src/);
    assert.equal(preview.headers['x-frame-options'], 'SAMEORIGIN');
    assert.equal(preview.headers['cache-control'], 'private, no-store');
    for (const article of planted.values()) {
      assert.ok(preview.body.includes(article.openToken), 'the preview gives each article’s open part');
      assert.ok(!preview.body.includes(article.token), `the preview copy holds no locked text (${article.token})`);
    }
    assert.doesNotMatch(preview.body, /<script/i);
  });

  it('shows the full copy whole, with links that credit no one', async () => {
    const full = await editor.get(`/admin/newsletters/sends/${sendId}/preview/full`);
    assert.equal(full.statusCode, 200);
    for (const token of tokens) assert.ok(full.body.includes(token), `the full copy holds the whole article (${token})`);
    assert.match(full.body, /\?nl=newsroom-copy/);
  });

  it('sends a test to the editor’s own address alone, from the newsletter’s sender; the preview test holds no locked text', async () => {
    await editor.get(`/admin/newsletters/sends/${sendId}`);
    const sent = await editor.post(`/admin/newsletters/sends/${sendId}/test`, { variant: 'preview', to: 'someone-else@example.org' });
    assert.equal(sent.statusCode, 303, sent.body);
    assert.equal(sent.headers.location, `/admin/newsletters/sends/${sendId}?done=tested`);
    const [message = ''] = await outbox();
    const text = decoded(message);
    assert.match(text, /^To: editor@news\.example$/m);
    assert.match(text, /^From: Briefing Desk <briefing@news\.example>$/m);
    assert.match(text, /^Subject: \[Test\] The locked week$/m);
    assert.match(text, /text\/html/);
    assert.doesNotMatch(text, /someone-else/);
    for (const token of tokens) assert.ok(!text.includes(token), `the preview test holds no locked text (${token})`);
    assert.match((await editor.get(`/admin/newsletters/sends/${sendId}?done=tested`)).body, /Test sent to your address/);
  });

  it('shows an article’s send waiting for the article’s publication with the article in it, as it will go out', async () => {
    const publishAt = new Date(now.getTime() + 86_400_000);
    const articleId = await addArticle(db, seeded, { slug: 'tomorrows-send', headline: 'Tomorrow’s harbour story', publishedAt: publishAt }, now);
    const waiting = await createSend(
      db,
      { newsletterId, kind: 'article', subject: 'Tomorrow’s harbour story', intro: null, articleIds: [articleId], scheduledFor: publishAt, createdBy: null },
      now,
    );
    const preview = await editor.get(`/admin/newsletters/sends/${waiting}/preview/preview`);
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /First paragraph of tomorrows-send/);
    assert.equal((await app.inject({ method: 'GET', url: '/world/tomorrows-send' })).statusCode, 404, 'the site still keeps it back');
  });

  it('are the editors’ and administrators’ alone', async () => {
    for (const role of ['contributor', 'author', 'support', 'reader'] as const) {
      const browser = await browserOf(role);
      assert.equal((await browser.get(`/admin/newsletters/sends/${sendId}/preview/full`)).statusCode, 403, role);
    }
    assert.equal((await browserSession(app).get(`/admin/newsletters/sends/${sendId}/preview/full`)).statusCode, 303, 'an outsider is sent to log in');
    assert.equal((await editor.get('/admin/newsletters/sends/999999/preview/full')).statusCode, 404);
    assert.equal((await editor.get(`/admin/newsletters/sends/${sendId}/preview/other`)).statusCode, 400);
  });
});
