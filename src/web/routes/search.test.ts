import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openFixtureSite } from '../../../test/site-fixture.ts';

const { app } = await openFixtureSite();

async function search(q: string, extra = '') {
  const response = await app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent(q)}${extra}` });
  return { status: response.statusCode, html: response.body, headers: response.headers };
}

describe('the search page', () => {
  it('finds articles and highlights the words in a snippet', async () => {
    const { status, html } = await search('corridor');
    assert.equal(status, 200);
    assert.ok(html.includes('/world/ceasefire-agreed'));
    assert.match(html, /<mark>corridor<\/mark>/);
    assert.match(html, /value="corridor"/);
  });

  it('is not indexed by search engines', async () => {
    assert.match((await search('ceasefire')).html, /<meta name="robots" content="noindex, follow">/);
  });

  it('answers every odd query with a page, never an error', async () => {
    const odd = ['"', '""', '"unclosed', 'AND OR NOT', 'ceasefire*', 'NEAR(a b)', '-', '^', ':', '()', '🔥🕊️', 'x'.repeat(5000), "'; drop table articles; --", '<script>alert(1)</script>'];
    for (const q of odd) {
      const { status, html } = await search(q);
      assert.equal(status, 200, q.slice(0, 20));
      assert.doesNotMatch(html, /<script>alert/);
    }
    // A null character is refused for every address (PostgreSQL cannot store one), with a page that says so.
    const nul = await search('\u0000');
    assert.equal(nul.status, 400);
    assert.match(nul.html, /character we cannot read/);
  });

  it('says so when nothing matches, and invites a search when the box is empty', async () => {
    assert.match((await search('zzzyzzx')).html, /No articles match/);
    assert.match((await search('')).html, /Type a word or two/);
  });

  it('never finds drafts or stories scheduled for later', async () => {
    assert.doesNotMatch((await search('secret draft')).html, /unpublished-draft/);
    assert.doesNotMatch((await search('embargoed')).html, /tomorrows-story/);
  });

  it('refuses a query far too long to be a search with the theme\'s 400 page', async () => {
    const { status, html } = await search('x'.repeat(10_001));
    assert.equal(status, 400);
    assert.match(html, /class="error-page/);
  });

  it('refuses a malformed page number', async () => {
    assert.equal((await search('ceasefire', '&page=x')).status, 400);
  });
});
