import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { signEmailWebhookBody } from '../../newsletters/suppression/webhook-signature.ts';

const database = await openTestDatabase();
const { db, dialect } = database;
const secret = 'an-email-webhook-key-long-enough';
const app = await buildTestApp(database, { env: { EMAIL_WEBHOOK_SECRET: secret } });
const unconfigured = await buildTestApp(database);

function post(body: string, signature: string | null) {
  return app.inject({
    method: 'POST',
    url: '/webhooks/email',
    headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-dateline-signature': signature }) },
    payload: body,
  });
}

async function suppressions() {
  return (await db.selectFrom('email_suppressions').select(['email', 'reason', 'source', 'detail']).orderBy('email').execute()).map((row) => ({ ...row }));
}

describe(`POST /webhooks/email (${dialect})`, () => {
  it('suppresses the addresses of hard bounces and complaints, and not of soft bounces or deliveries', async () => {
    const body = JSON.stringify([
      { email: ' Gone@Example.org ', kind: 'hard-bounce', detail: '550 5.1.1 user unknown' },
      { email: 'angry@example.org', kind: 'complaint' },
      { email: 'full@example.org', kind: 'soft-bounce', detail: 'mailbox full' },
      { email: 'fine@example.org', kind: 'delivered' },
    ]);
    const response = await post(body, signEmailWebhookBody(body, secret));
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { received: 4, suppressed: 2, ignored: 2 });
    assert.deepEqual(await suppressions(), [
      { email: 'angry@example.org', reason: 'complaint', source: 'webhook', detail: null },
      { email: 'gone@example.org', reason: 'hard-bounce', source: 'webhook', detail: '550 5.1.1 user unknown' },
    ]);
    const again = await post(body, signEmailWebhookBody(body, secret));
    assert.equal(again.statusCode, 200, 'a retried delivery of the same events is taken again');
    assert.equal((await suppressions()).length, 2);
  });

  it('refuses a body unsigned, signed with another key or altered after signing, and changes nothing', async () => {
    const body = JSON.stringify([{ email: 'victim@example.org', kind: 'complaint' }]);
    for (const signature of [null, signEmailWebhookBody(body, 'another-key-long-enough-too'), signEmailWebhookBody(`${body} `, secret), 'sha256=zz']) {
      const response = await post(body, signature);
      assert.equal(response.statusCode, 400);
    }
    assert.ok(!(await suppressions()).some((row) => row.email === 'victim@example.org'));
  });

  it('refuses signed events that are not in the expected shape with 400', async () => {
    for (const body of [
      'not json',
      '[]',
      JSON.stringify([{ email: 'x@example.org', kind: 'exploded' }]),
      JSON.stringify([{ email: 'no address', kind: 'complaint' }]),
    ]) {
      const response = await post(body, signEmailWebhookBody(body, secret));
      assert.equal(response.statusCode, 400, body);
    }
  });

  it('does not exist without EMAIL_WEBHOOK_SECRET', async () => {
    const body = JSON.stringify([{ email: 'x@example.org', kind: 'complaint' }]);
    const response = await unconfigured.inject({
      method: 'POST',
      url: '/webhooks/email',
      headers: { 'content-type': 'application/json', 'x-dateline-signature': signEmailWebhookBody(body, secret) },
      payload: body,
    });
    assert.equal(response.statusCode, 404);
  });
});
