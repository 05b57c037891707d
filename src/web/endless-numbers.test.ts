import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../test/app.ts';
import { seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { signedInCookie } from '../../test/readers.ts';

const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
await seedPublication(database.db, now);
const app = await buildTestApp(database, { now: () => now });
const editor = await signedInCookie(database.db, 'editor', now);
const admin = await signedInCookie(database.db, 'admin', now);

describe(`numbers in an address too large for a number (${database.dialect})`, () => {
  for (const page of ['1e999', 'Infinity', '1'.repeat(310)]) {
    it(`are refused with 400, naming the field, on every paged list (page=${page.slice(0, 12)}…)`, async () => {
      for (const path of ['/world', '/authors/ada-reporter', '/search?q=harbour&', '/admin/articles', '/admin/images']) {
        const url = `${path}${path.endsWith('&') ? '' : '?'}page=${page}`;
        const response = await app.inject({ method: 'GET', url, headers: { cookie: editor.cookie } });
        assert.equal(response.statusCode, 400, url);
        assert.match(response.body, /The &#34;page&#34; in that address is not a number we can use/, url);
      }
    });
  }

  it('are refused with 400 in the path too, naming the field', async () => {
    for (const id of ['Infinity', '1e999']) {
      const response = await app.inject({ method: 'GET', url: `/admin/readers/${id}/trial`, headers: { cookie: admin.cookie } });
      assert.equal(response.statusCode, 400, id);
      assert.match(response.body, /The &#34;id&#34; in that address is not a number we can use/, id);
    }
  });

  it('leaves ordinary page numbers alone', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/world?page=1', headers: { cookie: editor.cookie } })).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: '/admin/articles?page=2', headers: { cookie: editor.cookie } })).statusCode, 200);
  });
});
