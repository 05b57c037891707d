import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { addActiveSubscription, seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { signedInCookie } from '../../../test/readers.ts';
import { insertAccount } from '../../accounts/account-repository.ts';
import { readCsvRecords } from '../../readers/reader-csv.ts';
import { datelineColumns } from '../../readers/reader-file.ts';

const now = new Date('2026-11-20T12:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
await seedCatalogue(db, now);
const app = await buildTestApp(database, { now: () => now });
after(() => app.close());

const plan = await db.selectFrom('plans').select('id').where('slug', '=', 'digital').executeTakeFirstOrThrow();
const many = 2500;
const rows = Array.from({ length: many }, (_, index) => ({
  email: `reader-${String(index).padStart(5, '0')}@example.org`,
  name: `Reader ${index}`,
  password_hash: null,
  role: 'reader' as const,
  created_at: now.toISOString(),
  updated_at: now.toISOString(),
}));
for (let start = 0; start < many; start += 500)
  await db
    .insertInto('accounts')
    .values(rows.slice(start, start + 500))
    .execute();
const subscriber = await insertAccount(db, { email: 'subscriber@example.org', name: 'Sub Scriber', passwordHash: null, role: 'reader', now });
await addActiveSubscription(db, { accountId: subscriber, planId: plan.id, now });

async function recordsOf(body: string) {
  const records: string[][] = [];
  for await (const record of readCsvRecords([body])) if ('fields' in record) records.push(record.fields);
  return records;
}

describe(`the desk's CSV export (${dialect})`, () => {
  it('streams every reader of the filter in Dateline’s export format, for the desk only, audited and never cached', async () => {
    const support = await signedInCookie(db, 'support', now);
    const all = await app.inject({ method: 'GET', url: '/admin/readers/export.csv', headers: { cookie: support.cookie } });
    assert.equal(all.statusCode, 200);
    assert.match(String(all.headers['content-type']), /^text\/csv/);
    assert.equal(all.headers['cache-control'], 'no-store');
    assert.match(String(all.headers['content-disposition']), /^attachment; filename="readers-2026-11-20\.csv"$/);
    const records = await recordsOf(all.body);
    assert.deepEqual(records[0], [...datelineColumns]);
    assert.equal(records.length, many + 2, 'the header and every reader, staff left out');

    const active = await app.inject({ method: 'GET', url: '/admin/readers/export.csv?state=active&q=sub', headers: { cookie: support.cookie } });
    const activeRecords = await recordsOf(active.body);
    assert.deepEqual(
      activeRecords.slice(1).map((fields) => [fields[0], fields[datelineColumns.indexOf('status')], fields[datelineColumns.indexOf('plan')]]),
      [['subscriber@example.org', 'active', 'digital']],
    );
    const audited = await db.selectFrom('audit_log').select(['action', 'detail', 'account_id']).where('action', '=', 'exported readers').execute();
    assert.deepEqual(
      audited.map((row) => ({ ...row })),
      [
        { action: 'exported readers', detail: '', account_id: support.accountId },
        { action: 'exported readers', detail: 'state=active&q=sub', account_id: support.accountId },
      ],
    );
  });

  it('is refused to the newsroom’s roles, and to a filter that is not one', async () => {
    const editor = await signedInCookie(db, 'editor', now);
    const refused = await app.inject({ method: 'GET', url: '/admin/readers/export.csv', headers: { cookie: editor.cookie } });
    assert.equal(refused.statusCode, 403);
    assert.doesNotMatch(refused.body, /example\.org/);
    const admin = await signedInCookie(db, 'admin', now);
    const badDay = await app.inject({ method: 'GET', url: '/admin/readers/export.csv?from=2026-02-30', headers: { cookie: admin.cookie } });
    assert.equal(badDay.statusCode, 400);
    const badState = await app.inject({ method: 'GET', url: '/admin/readers/export.csv?state=asleep', headers: { cookie: admin.cookie } });
    assert.equal(badState.statusCode, 400);
  });
});
