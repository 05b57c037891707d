import { sql } from 'kysely';
import type { Database, Dialect } from '../db/database.ts';
import type { StoredGift } from './gift-rules.ts';

/** A gift link as the domain knows it: its row, with the giver's name for the reader's line. */
export type GiftLink = StoredGift & { id: number; accountId: number; giverName: string; createdAt: Date };

/** One of a giver's links on their account page. */
export type GivenGift = GiftLink & { headline: string; articleSlug: string; sectionSlug: string };

const toDate = (text: string) => new Date(text);

/**
 * Records a new gift link if the giver has gifts left this period, in one atomic step: its id, or
 * null when the allowance is spent. Parallel requests cannot give more than the allowance: SQLite
 * runs the statement under its write lock, and on PostgreSQL the giver's account row is locked for
 * the transaction first (as the registered meter does).
 */
export async function insertGiftWithinAllowance(
  db: Database,
  dialect: Dialect,
  gift: { accountId: number; articleId: number; tokenHash: string; period: string; expiresAt: Date; maxOpens: number; allowance: number; now: Date },
): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') {
      await trx.selectFrom('accounts').select('id').where('id', '=', gift.accountId).forUpdate().execute();
    }
    const result = await sql<{ id: number }>`
      insert into gift_links (account_id, article_id, token_hash, period, created_at, expires_at, opens_count, max_opens)
      select cast(${gift.accountId} as integer), cast(${gift.articleId} as integer), cast(${gift.tokenHash} as text), cast(${gift.period} as text),
        cast(${gift.now.toISOString()} as text), cast(${gift.expiresAt.toISOString()} as text), 0, cast(${gift.maxOpens} as integer)
      where (select count(*) from gift_links where account_id = ${gift.accountId} and period = ${gift.period}) < ${gift.allowance}
      returning id`.execute(trx);
    const id = result.rows[0]?.id;
    return id === undefined ? null : Number(id);
  });
}

/** How many gifts the giver has given this period, revoked ones included (revoking gives none back). */
export async function countGiftsGiven(db: Database, accountId: number, period: string): Promise<number> {
  const row = await db
    .selectFrom('gift_links')
    .select((eb) => eb.fn.countAll<number>().as('given'))
    .where('account_id', '=', accountId)
    .where('period', '=', period)
    .executeTakeFirst();
  return Number(row?.given ?? 0);
}

const giftColumns = [
  'g.id',
  'g.account_id',
  'g.article_id',
  'g.created_at',
  'g.expires_at',
  'g.revoked_at',
  'g.opens_count',
  'g.max_opens',
  'a.name as giver_name',
] as const;

type GiftRow = {
  id: number;
  account_id: number;
  article_id: number;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  opens_count: number;
  max_opens: number;
  giver_name: string;
};

function toGiftLink(row: GiftRow): GiftLink {
  return {
    id: Number(row.id),
    accountId: Number(row.account_id),
    articleId: Number(row.article_id),
    giverName: row.giver_name,
    createdAt: toDate(row.created_at),
    expiresAt: toDate(row.expires_at),
    revokedAt: row.revoked_at === null ? null : toDate(row.revoked_at),
    opensCount: Number(row.opens_count),
    maxOpens: Number(row.max_opens),
  };
}

export async function findGiftByTokenHash(db: Database, tokenHash: string): Promise<GiftLink | null> {
  const row = await db
    .selectFrom('gift_links as g')
    .innerJoin('accounts as a', 'a.id', 'g.account_id')
    .select(giftColumns)
    .where('g.token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? toGiftLink(row) : null;
}

export async function findGiftById(db: Database, id: number): Promise<GiftLink | null> {
  const row = await db
    .selectFrom('gift_links as g')
    .innerJoin('accounts as a', 'a.id', 'g.account_id')
    .select(giftColumns)
    .where('g.id', '=', id)
    .executeTakeFirst();
  return row ? toGiftLink(row) : null;
}

/**
 * Counts one open of a link, only while it still opens (not revoked, not expired, opens left), in
 * one statement, so parallel opens never count past its limit: true when it was counted.
 */
export async function recordGiftOpen(db: Database, { id, now }: { id: number; now: Date }): Promise<boolean> {
  const result = await db
    .updateTable('gift_links')
    .set((eb) => ({ opens_count: eb('opens_count', '+', 1) }))
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .whereRef('opens_count', '<', 'max_opens')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Revokes one of the giver's own links: false when they have no such link (someone else's is not theirs to revoke). */
export async function revokeGift(db: Database, { id, accountId, now }: { id: number; accountId: number; now: Date }): Promise<boolean> {
  const result = await db
    .updateTable('gift_links')
    // A link revoked twice keeps the time it was first revoked.
    .set({ revoked_at: sql<string>`coalesce(revoked_at, ${now.toISOString()})` })
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The giver's links, newest first, with the article each opens. */
export async function listGivenGifts(db: Database, accountId: number, limit = 50): Promise<GivenGift[]> {
  const rows = await db
    .selectFrom('gift_links as g')
    .innerJoin('accounts as a', 'a.id', 'g.account_id')
    .innerJoin('articles as r', 'r.id', 'g.article_id')
    .innerJoin('sections as s', 's.id', 'r.section_id')
    .select([...giftColumns, 'r.headline', 'r.slug as article_slug', 's.slug as section_slug'])
    .where('g.account_id', '=', accountId)
    .orderBy('g.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...toGiftLink(row), headline: row.headline, articleSlug: row.article_slug, sectionSlug: row.section_slug }));
}
