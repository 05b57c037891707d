import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import { Type, type Static } from 'typebox';
import { accountSources, type AccountSource } from '../accounts/account.ts';
import type { Database } from '../db/database.ts';
import type { Tables } from '../db/tables.ts';
import { DomainError } from '../errors/domain-error.ts';
import { parseLocalDateTime } from '../settings/local-date-time.ts';
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
  /** An organisation the reader holds a seat in now (src/organisations). */
  organisationId?: number;
  /** Readers on a redeemed gift subscription's access now (src/gift-subscriptions). */
  giftRecipient?: true;
};

const optionalId = Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 }));
const day = Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }));

/**
 * The filter as the desk's address carries it (?q=&state=&plan=&offer=&from=&to=&source=&organisation=&gift=); the
 * dates are days in the publication's time zone, which the route turns into instants.
 */
export const readerFilterQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    state: Type.Optional(Type.Enum(readerStates)),
    plan: optionalId,
    offer: optionalId,
    from: day,
    to: day,
    source: Type.Optional(Type.Enum(accountSources)),
    organisation: optionalId,
    /** `recipient`: readers whose gift subscription's access runs now. */
    gift: Type.Optional(Type.Enum(['recipient'])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
export type ReaderFilterQuery = Static<typeof readerFilterQuery>;

/** A day the filter was given that is no day of the calendar (2026-02-30). */
export class InvalidReaderFilterError extends DomainError {
  override name = 'InvalidReaderFilterError';
  constructor(field: 'from' | 'to', text: string) {
    super(`${text} is not a date`, { kind: 'invalid', field });
  }
}

/** The filter the desk's address asks for; its days run midnight to midnight in the publication's time zone. */
export function readerFilterOf(query: ReaderFilterQuery, timeZone: string): ReaderFilter {
  const startOf = (field: 'from' | 'to', text: string, plusDays: number) => {
    const start = parseLocalDateTime(`${text}T00:00`, timeZone);
    if (start === null) throw new InvalidReaderFilterError(field, text);
    if (plusDays === 0) return start;
    const next = new Date(`${text}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + plusDays);
    return parseLocalDateTime(`${next.toISOString().slice(0, 10)}T00:00`, timeZone) ?? start;
  };
  return {
    ...(query.q?.trim() ? { query: query.q.trim() } : {}),
    ...(query.state ? { state: query.state } : {}),
    ...(query.plan ? { planId: query.plan } : {}),
    ...(query.offer ? { offerId: query.offer } : {}),
    ...(query.from ? { signedUpFrom: startOf('from', query.from, 0) } : {}),
    ...(query.to ? { signedUpBefore: startOf('to', query.to, 1) } : {}),
    ...(query.source ? { source: query.source } : {}),
    ...(query.organisation ? { organisationId: query.organisation } : {}),
    ...(query.gift === 'recipient' ? { giftRecipient: true as const } : {}),
  };
}

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
    if (filter.organisationId !== undefined) {
      conditions.push(
        eb.exists(
          eb
            .selectFrom('organisation_members')
            .select('organisation_members.id')
            .whereRef('organisation_members.account_id', '=', 'accounts.id')
            .where('organisation_members.organisation_id', '=', filter.organisationId)
            .where('organisation_members.removed_at', 'is', null),
        ),
      );
    }
    if (filter.giftRecipient) {
      // As findLiveGiftAccess reads it: redeemed, not revoked, its access not yet ended.
      conditions.push(
        eb.exists(
          eb
            .selectFrom('gift_subscriptions')
            .select('gift_subscriptions.id')
            .whereRef('gift_subscriptions.redeemed_by', '=', 'accounts.id')
            .where('gift_subscriptions.redeemed_at', '<=', now.toISOString())
            .where('gift_subscriptions.access_until', '>', now.toISOString())
            .where('gift_subscriptions.revoked_at', 'is', null),
        ),
      );
    }
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
