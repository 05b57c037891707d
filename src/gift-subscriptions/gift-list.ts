import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Tables } from '../db/tables.ts';
import type { GiftSubscriptionState } from './gift-subscription.ts';
import { type StoredGiftSubscription, toGiftSubscription } from './gift-subscription-repository.ts';

/** The states the newsroom's list files gifts under, in the order a gift passes through them. */
export const giftStateKinds = ['awaiting-payment', 'paid', 'delivered', 'redeemed', 'revoked'] as const satisfies readonly GiftSubscriptionState['kind'][];
export type GiftStateKind = (typeof giftStateKinds)[number];

/** Gifts on one page of the newsroom's list. */
export const giftListPageSize = 50;

/** What the list is narrowed to: a state, and the start of the buyer's, the recipient's or the redeemer's address. */
export type GiftListFilter = { state?: GiftStateKind; address?: string };

/** One line of the list: the gift, its plan's name, and the address of the account that redeemed it. */
export type GiftListing = StoredGiftSubscription & { planName: string; redeemerEmail: string | null };

type Gifts = ExpressionBuilder<Tables & { redeemer: Tables['accounts'] }, 'gift_subscriptions' | 'redeemer'>;

/** The state as columns, as stateOfGiftSubscription reads it: revoked outranks all, then redeemed, then unpaid, delivered, paid. */
function whereState(eb: Gifts, state: GiftStateKind) {
  const notRevoked = eb('gift_subscriptions.revoked_at', 'is', null);
  const notRedeemed = eb('gift_subscriptions.redeemed_at', 'is', null);
  switch (state) {
    case 'revoked':
      return eb('gift_subscriptions.revoked_at', 'is not', null);
    case 'redeemed':
      return eb.and([notRevoked, eb('gift_subscriptions.redeemed_at', 'is not', null)]);
    case 'awaiting-payment':
      return eb.and([notRevoked, notRedeemed, eb('gift_subscriptions.paid_at', 'is', null)]);
    case 'delivered':
      return eb.and([notRevoked, notRedeemed, eb('gift_subscriptions.paid_at', 'is not', null), eb('gift_subscriptions.delivered_at', 'is not', null)]);
    case 'paid':
      return eb.and([notRevoked, notRedeemed, eb('gift_subscriptions.paid_at', 'is not', null), eb('gift_subscriptions.delivered_at', 'is', null)]);
  }
}

const likePrefix = (text: string) => `${text.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

function whereFilter(eb: Gifts, filter: GiftListFilter) {
  const conditions = [];
  if (filter.state !== undefined) conditions.push(whereState(eb, filter.state));
  const address = filter.address?.trim() ?? '';
  if (address !== '') {
    const prefix = sql<string>`${likePrefix(address)} escape '\\'`;
    conditions.push(
      eb.or([
        eb(sql`lower(gift_subscriptions.buyer_email)`, 'like', prefix),
        eb(sql`lower(gift_subscriptions.recipient_email)`, 'like', prefix),
        eb(sql`lower(redeemer.email)`, 'like', prefix),
      ]),
    );
  }
  return eb.and(conditions);
}

/** One page of the gifts the filter finds, the newest purchase first, with how many it finds in all. */
export async function listGifts(db: Database, { filter, page }: { filter: GiftListFilter; page: number }): Promise<{ total: number; gifts: GiftListing[] }> {
  const base = db
    .selectFrom('gift_subscriptions')
    .innerJoin('plans', 'plans.id', 'gift_subscriptions.plan_id')
    .leftJoin('accounts as redeemer', 'redeemer.id', 'gift_subscriptions.redeemed_by')
    .where((eb) => whereFilter(eb, filter));
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    base
      .selectAll('gift_subscriptions')
      .select(['plans.name as plan_name', 'redeemer.email as redeemer_email'])
      .orderBy('gift_subscriptions.id', 'desc')
      .limit(giftListPageSize)
      .offset((page - 1) * giftListPageSize)
      .execute(),
  ]);
  return {
    total: Number(count.count),
    gifts: rows.map(({ plan_name, redeemer_email, ...row }) => ({ ...toGiftSubscription(row), planName: plan_name, redeemerEmail: redeemer_email ?? null })),
  };
}
