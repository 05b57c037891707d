import type { Database } from '../db/database.ts';

/** What a backup is checked by: taken from the copy when it is made, and again from the restored database. */
export type ContentCounts = { articles: number; accounts: number; subscriptions: number };

export async function countContent(db: Database): Promise<ContentCounts> {
  const articles = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  const accounts = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  const subscriptions = await db
    .selectFrom('subscriptions')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return { articles: Number(articles.count), accounts: Number(accounts.count), subscriptions: Number(subscriptions.count) };
}
