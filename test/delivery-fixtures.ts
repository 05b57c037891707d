import type { Database } from '../src/db/database.ts';

/**
 * `count` readers (`<prefix>-<n>@readers.example`) subscribed to a newsletter, inserted in slices
 * so that a hundred thousand take seconds. Returns their account ids in order.
 */
export async function subscribeReaders(db: Database, newsletterId: number, { count, prefix }: { count: number; prefix: string }, now: Date): Promise<number[]> {
  const stamp = now.toISOString();
  const ids: number[] = [];
  for (let start = 0; start < count; start += 500) {
    const slice = Array.from({ length: Math.min(500, count - start) }, (_, index) => ({
      email: `${prefix}-${start + index}@readers.example`,
      name: `Reader ${start + index}`,
      password_hash: null,
      role: 'reader' as const,
      created_at: stamp,
      updated_at: stamp,
    }));
    const accounts = await db.insertInto('accounts').values(slice).returning('id').execute();
    ids.push(...accounts.map((account) => account.id));
    await db
      .insertInto('newsletter_subscriptions')
      .values(
        accounts.map((account) => ({
          newsletter_id: newsletterId,
          account_id: account.id,
          status: 'subscribed' as const,
          consent_source: 'import' as const,
          consented_at: stamp,
          unsubscribed_at: null,
          unsubscribe_source: null,
          updated_at: stamp,
        })),
      )
      .execute();
  }
  return ids;
}
