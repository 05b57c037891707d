import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';

const { db, dialect } = await openTestDatabase();
const now = new Date('2026-11-20T12:00:00Z').toISOString();
const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
const keysPresent = async (keys: string[]) => (await db.selectFrom('settings').select('key').where('key', 'in', keys).execute()).map((row) => row.key).sort();

describe(`transactions beside other requests (${dialect})`, () => {
  it('a rolled-back transaction takes nothing of another request with it', async () => {
    const failing = db.transaction().execute(async (trx) => {
      await trx.insertInto('settings').values({ key: 'rolled-back', value: '1', updated_at: now }).execute();
      await pause();
      throw new Error('the editor gave up');
    });
    await pause();
    const meanwhile = db.insertInto('settings').values({ key: 'written-meanwhile', value: '1', updated_at: now }).execute();
    const other = db.transaction().execute(async (trx) => {
      await trx.insertInto('settings').values({ key: 'other-transaction', value: '1', updated_at: now }).execute();
    });
    await assert.rejects(failing, /the editor gave up/);
    await Promise.all([meanwhile, other]);
    assert.deepEqual(await keysPresent(['rolled-back', 'written-meanwhile', 'other-transaction']), ['other-transaction', 'written-meanwhile']);
  });

  it('many transactions at once each commit whole', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        db.transaction().execute(async (trx) => {
          await trx
            .insertInto('settings')
            .values({ key: `parallel-${index}-a`, value: '1', updated_at: now })
            .execute();
          await pause();
          await trx
            .insertInto('settings')
            .values({ key: `parallel-${index}-b`, value: '1', updated_at: now })
            .execute();
        }),
      ),
    );
    const keys = Array.from({ length: 30 }, (_, index) => [`parallel-${index}-a`, `parallel-${index}-b`]).flat();
    assert.equal((await keysPresent(keys)).length, 60);
  });
});
