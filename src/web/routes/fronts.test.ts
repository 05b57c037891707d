import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openFixtureSite } from '../../../test/site-fixture.ts';

const { app } = await openFixtureSite();

async function getPage(url: string) {
  const response = await app.inject({ method: 'GET', url });
  return { status: response.statusCode, html: response.body };
}

describe('the home page', () => {
  it('leads with the newest story and shows every section with its stories', async () => {
    const { status, html } = await getPage('/');
    assert.equal(status, 200);
    assert.match(html, /<title>The Test Gazette<\/title>/);
    const lead = html.indexOf('/world/ceasefire-agreed');
    assert.ok(lead > 0);
    for (const url of ['/world/heat-networks', '/culture/novel-review', '/world/premium-analysis']) assert.ok(html.includes(url), url);
    assert.match(html, /href="\/world"/);
    assert.match(html, /href="\/culture"/);
  });

  it('never shows drafts or stories scheduled for later', async () => {
    const { html } = await getPage('/');
    assert.doesNotMatch(html, /Secret draft headline|Embargoed story/);
  });
});

describe('a section front', () => {
  it("lists the section's published stories, newest first, and marks the section current", async () => {
    const { status, html } = await getPage('/world');
    assert.equal(status, 200);
    const order = ['/world/ceasefire-agreed', '/world/heat-networks', '/world/premium-analysis'].map((url) => html.indexOf(url));
    assert.ok(order.every((position) => position > 0));
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
    );
    assert.doesNotMatch(html, /novel-review/);
    assert.match(html, /aria-current="page"[^>]*>World|href="\/world"[^>]*aria-current="page"/);
    assert.match(html, /News from abroad\./);
  });

  it('answers 404 for an unknown section and for a page past the end', async () => {
    assert.equal((await getPage('/sport')).status, 404);
    assert.equal((await getPage('/world?page=2')).status, 404);
  });

  it("answers a malformed page number with the theme's 400 page", async () => {
    for (const url of ['/world?page=abc', '/world?page=0', '/world?page=-1', '/world?page=99999999999', '/world?page=1&page=2']) {
      const { status, html } = await getPage(url);
      assert.equal(status, 400, url);
      assert.match(html, /class="error-page/);
      assert.doesNotMatch(html, /at .*\.ts:\d+/);
    }
  });
});

describe('an author page', () => {
  it("shows the author's bio and articles", async () => {
    const { status, html } = await getPage('/authors/ben-critic');
    assert.equal(status, 200);
    assert.match(html, /Ben reviews books\./);
    assert.ok(html.includes('/culture/novel-review'));
    assert.ok(html.includes('/world/ceasefire-agreed'));
    assert.ok(!html.includes('/world/heat-networks'));
  });

  it('answers 404 for an unknown author', async () => {
    assert.equal((await getPage('/authors/nobody')).status, 404);
  });
});

describe('addresses the router cannot read', () => {
  it("get the theme's error page, never a bare JSON error or a stack trace", async () => {
    for (const [url, status] of [
      ['/%', 400],
      ['/%E0%A4%A/x', 400],
      [`/world/${'a'.repeat(400)}`, 414],
    ] as const) {
      const { status: actual, html } = await getPage(url);
      assert.equal(actual, status, url);
      assert.match(html, /class="error-page/);
      assert.doesNotMatch(html, /FST_ERR|statusCode/);
    }
  });
});
