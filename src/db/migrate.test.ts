import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import pg from 'pg';
import { openTestDatabase } from '../../test/database.ts';
import { openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';

const { db, dialect } = await openTestDatabase();

describe(`migrations (${dialect})`, () => {
  it('bring a database up to date, and a second run changes nothing', async () => {
    await migrateToLatest(db, dialect);
    const tables = await db.introspection.getTables();
    assert.ok(['articles', 'accounts', 'subscriptions', 'meter_reads'].every((name) => tables.some((table) => table.name === name)));
  });

  it("widen the role check for the readers' desk: a support account is stored, a made-up role still refused", async () => {
    const account = (role: string, email: string) =>
      db
        .insertInto('accounts')
        // A role outside the type is the point of the check.
        .values({
          email,
          name: 'Desk',
          password_hash: null,
          role: role as 'support',
          created_at: '2026-12-01T00:00:00.000Z',
          updated_at: '2026-12-01T00:00:00.000Z',
        })
        .execute();
    await account('support', 'desk@newsroom.example');
    await assert.rejects(account('overlord', 'overlord@newsroom.example'));
    const stored = await db.selectFrom('accounts').select(['role', 'source']).where('email', '=', 'desk@newsroom.example').executeTakeFirstOrThrow();
    assert.deepEqual({ ...stored }, { role: 'support', source: 'website' });
  });

  it('on PostgreSQL, set up a schema of their own beside another schema that is already migrated', {
    skip: dialect === 'sqlite' && 'PostgreSQL only',
  }, async () => {
    const url = process.env.TEST_DATABASE_URL ?? '';
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    try {
      // The test database's own schema, migrated above, already holds Kysely's migration tables.
      const beside = await openDatabase({ kind: 'postgres', url }, { schema });
      await migrateToLatest(beside.db, 'postgres');
      const { rows } = await admin.query(`select count(*)::int as count from information_schema.tables where table_schema = $1 and table_name = 'articles'`, [
        schema,
      ]);
      assert.equal(rows[0]?.count, 1);
      await beside.close();
    } finally {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  });
});
