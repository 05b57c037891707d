import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../test/app.ts';
import { openTestDatabase } from '../test/database.ts';

const database = await openTestDatabase();
const app = await buildTestApp(database);

describe('when the database fails under a running site', () => {
  it("readers get the theme's 500 page with no detail of the fault, and the health check says 503", async () => {
    await database.close();
    const page = await app.inject({ method: 'GET', url: '/' });
    assert.equal(page.statusCode, 500);
    assert.match(page.body, /class="error-page/);
    assert.match(page.body, /Something went wrong on our side/);
    assert.doesNotMatch(page.body, /destroyed|Error:|at .*\.ts|kysely/i);
    assert.equal(page.headers['cache-control'], 'no-store');

    const health = await app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(health.statusCode, 503);
    assert.deepEqual(health.json(), { status: 'unavailable', database: 'unreachable' });
    await app.close();
  });
});
