import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import { Type, type Static } from 'typebox';
import { accountSources, type AccountSource } from '../accounts/account.ts';
import type { Database } from '../db/database.ts';
import type { Tables } from '../db/tables.ts';
import { readerStates, type ReaderState } from './reader-state.ts';

/** What the desk's list is narrowed to; every field is optional, and all that are given must hold. */
export type ReaderFilter = {
  /** The start of the reader's address, or of any word of their name, in any case. */
  query?: string;
  state?: ReaderState;
  /** The plan of the reader's latest subscription. */
  planId?: number;
  /** An offer the reader has redeemed, on any of their subscriptions. */
  offerId?: number;
  /** Signed up at or after this instant, and before `signedUpBefore`. */
  signedUpFrom?: Date;
  signedUpBefore?: Date;
  source?: AccountSource;
};

const optionalId = Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 }));
const day = Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }));

/**
 * The filter as the desk's address carries it (?q=&state=&plan=&offer=&from=&to=&source=); the
 * dates are days in the publication's time zone, which the route turns into instants.
 */
export const readerFilterQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    state: Type.Optional(Type.Union(readerStates.map((state) => Type.Literal(state)))),
    plan: optionalId,
    offer: optionalId,
    from: day,
    to: day,
    source: Type.Optional(Type.Union(accountSources.map((source) => Type.Literal(source)))),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
export type ReaderFilterQuery = Static<typeof readerFilterQuery>;

type AccountsQuery = SelectQueryBuilder<Tables, 'accounts', object>;
type Accounts = ExpressionBuilder<Tables, 'accounts'>;

const likePrefix = (text: string) => `${text.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/** The id of the reader's newest subscription, as a correlated subquery. */
const latestSubscriptionId = (eb: Accounts) =>
  eb
    .selectFrom('subscriptions')
    .select((s) => s.fn.max('subscriptions.id').as('id'))
    .whereRef('subscriptions.account_id', '=', 'accounts.id');

/** Whether the reader holds complimentary access at `now`. */
export const hasLiveComplimentaryAccess = (eb: Accounts, now: Date) =>
  eb.exists(
    eb
      .selectFrom('complimentary_access')
      .select('complimentary_access.id')
      .whereRef('complimentary_access.account_id', '=', 'accounts.id')
      .where('complimentary_access.starts_at', '<=', now.toISOString())
      .where((c) => c.or([c('complimentary_access.ends_at', 'is', null), c('complimentary_access.ends_at', '>', now.toISOString())]))
      .where((c) => c.or([c('complimentary_access.revoked_at', 'is', null), c('complimentary_access.revoked_at', '>', now.toISOString())])),
  );

function latestSubscriptionWhere(eb: Accounts, condition: { status: Exclude<ReaderState, 'free' | 'complimentary'> } | { planId: number }) {
  const latest = eb.selectFrom('subscriptions as latest').select('latest.id').where('latest.id', '=', latestSubscriptionId(eb));
  return eb.exists('status' in condition ? latest.where('latest.status', '=', condition.status) : latest.where('latest.plan_id', '=', condition.planId));
}

function whereState(eb: Accounts, state: ReaderState, now: Date) {
  const complimentary = hasLiveComplimentaryAccess(eb, now);
  if (state === 'complimentary') return complimentary;
  if (state === 'free')
    return eb.and([
      eb.not(complimentary),
      eb.not(eb.exists(eb.selectFrom('subscriptions').select('id').whereRef('subscriptions.account_id', '=', 'accounts.id'))),
    ]);
  return eb.and([eb.not(complimentary), latestSubscriptionWhere(eb, { status: state })]);
}

/** Narrows a query over `accounts` to the readers (never staff) the filter describes. */
export function whereReaderMatches<Query extends AccountsQuery>(query: Query, filter: ReaderFilter, now: Date): Query {
  return query.where((eb) => {
    const conditions = [eb('accounts.role', '=', 'reader')];
    const text = filter.query?.trim() ?? '';
    if (text !== '') {
      const prefix = likePrefix(text);
      conditions.push(
        eb.or([
          eb('accounts.email', 'like', sql<string>`${prefix} escape '\\'`),
          eb(sql`lower(accounts.name)`, 'like', sql<string>`${prefix} escape '\\'`),
          eb(sql`lower(accounts.name)`, 'like', sql<string>`${`% ${prefix}`} escape '\\'`),
        ]),
      );
    }
    if (filter.state !== undefined) conditions.push(whereState(eb, filter.state, now));
    if (filter.planId !== undefined) conditions.push(latestSubscriptionWhere(eb, { planId: filter.planId }));
    if (filter.offerId !== undefined) {
      conditions.push(
        eb.exists(
          eb
            .selectFrom('subscriptions')
            .select('id')
            .whereRef('subscriptions.account_id', '=', 'accounts.id')
            .where('subscriptions.offer_id', '=', filter.offerId),
        ),
      );
    }
    if (filter.signedUpFrom !== undefined) conditions.push(eb('accounts.created_at', '>=', filter.signedUpFrom.toISOString()));
    if (filter.signedUpBefore !== undefined) conditions.push(eb('accounts.created_at', '<', filter.signedUpBefore.toISOString()));
    if (filter.source !== undefined) conditions.push(eb('accounts.source', '=', filter.source));
    return eb.and(conditions);
  }) as Query;
}

/** How many readers the filter finds. */
export async function countReaders(db: Database, filter: ReaderFilter, now: Date): Promise<number> {
  const row = await whereReaderMatches(db.selectFrom('accounts'), filter, now)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
