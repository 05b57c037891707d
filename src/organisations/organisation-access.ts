import { listTiersByPlan } from '../commerce/tier-repository.ts';
import type { Database } from '../db/database.ts';
import type { JoinRoute } from './admission.ts';
import { isAddressInRanges, parseIpRange, type IpRange } from './ip-range.ts';

/** What a seat or a visit on site gives: the organisation's name, for the reader's page, and the plan whose tiers they read with. */
export type OrganisationAccess = { organisationId: number; organisationName: string; planId: number };

/**
 * The live contract the account holds a seat in, if any: its member reads as a subscriber of the
 * contract's plan. With seats in more than one, the one ending last.
 */
export async function findMemberAccess(db: Database, accountId: number, now: Date): Promise<OrganisationAccess | undefined> {
  const at = now.toISOString();
  const row = await db
    .selectFrom('organisation_members')
    .innerJoin('organisation_contracts', 'organisation_contracts.organisation_id', 'organisation_members.organisation_id')
    .innerJoin('organisations', 'organisations.id', 'organisation_members.organisation_id')
    .select(['organisations.id', 'organisations.name', 'organisation_contracts.plan_id'])
    .where('organisation_members.account_id', '=', accountId)
    .where('organisation_members.removed_at', 'is', null)
    .where('organisation_contracts.starts_at', '<=', at)
    .where('organisation_contracts.ends_at', '>', at)
    .orderBy('organisation_contracts.ends_at', 'desc')
    .executeTakeFirst();
  return row ? { organisationId: row.id, organisationName: row.name, planId: row.plan_id } : undefined;
}

/** The plans of the live contracts each of these accounts holds a seat in at `now`, for a send's batch. */
export async function listMemberPlansOf(db: Database, accountIds: readonly number[], now: Date): Promise<Map<number, number[]>> {
  const plans = new Map<number, number[]>();
  if (accountIds.length === 0) return plans;
  const at = now.toISOString();
  const rows = await db
    .selectFrom('organisation_members')
    .innerJoin('organisation_contracts', 'organisation_contracts.organisation_id', 'organisation_members.organisation_id')
    .select(['organisation_members.account_id', 'organisation_contracts.plan_id'])
    .where('organisation_members.account_id', 'in', accountIds)
    .where('organisation_members.removed_at', 'is', null)
    .where('organisation_contracts.starts_at', '<=', at)
    .where('organisation_contracts.ends_at', '>', at)
    .execute();
  for (const row of rows) plans.set(row.account_id, [...(plans.get(row.account_id) ?? []), row.plan_id]);
  return plans;
}
export type EndedMembership = { organisationName: string; endedAt: Date };

/** The organisation whose contract ended while the account still held a seat in it: its notice names it. */
export async function findEndedMembership(db: Database, accountId: number, now: Date): Promise<EndedMembership | undefined> {
  const row = await db
    .selectFrom('organisation_members')
    .innerJoin('organisation_contracts', 'organisation_contracts.organisation_id', 'organisation_members.organisation_id')
    .innerJoin('organisations', 'organisations.id', 'organisation_members.organisation_id')
    .select(['organisations.name', 'organisation_contracts.ends_at'])
    .where('organisation_members.account_id', '=', accountId)
    .where('organisation_members.removed_at', 'is', null)
    .where('organisation_contracts.ends_at', '<=', now.toISOString())
    .orderBy('organisation_contracts.ends_at', 'desc')
    .executeTakeFirst();
  return row ? { organisationName: row.name, endedAt: new Date(row.ends_at) } : undefined;
}

/** A contract that admits by IP range, with the tiers (slugs) of its plan that its on-site visitors read with. */
type OnSiteContract = OrganisationAccess & { tiers: readonly string[]; startsAt: string; endsAt: string; ranges: IpRange[] };

/**
 * The contracts that admit by IP range, with their plans' tiers, read at most every few seconds per
 * process: an anonymous page asks for them, and a query per page would cost every reader (and every
 * page of a visitor on site) for the sake of a few. Saving an organisation here forgets them at once;
 * another instance, or a change of a plan's tiers, is seen within the interval.
 */
const onSiteCacheMs = 10_000;
const onSiteCache = new WeakMap<Database, { readAt: number; contracts: Promise<OnSiteContract[]> }>();

export function forgetOnSiteContracts(db: Database): void {
  onSiteCache.delete(db);
}

async function loadOnSiteContracts(db: Database): Promise<OnSiteContract[]> {
  const [rows, tiersByPlan] = await Promise.all([
    db
      .selectFrom('organisation_ip_ranges')
      .innerJoin('organisation_contracts', 'organisation_contracts.organisation_id', 'organisation_ip_ranges.organisation_id')
      .innerJoin('organisations', 'organisations.id', 'organisation_ip_ranges.organisation_id')
      .select([
        'organisations.id',
        'organisations.name',
        'organisation_contracts.plan_id',
        'organisation_contracts.starts_at',
        'organisation_contracts.ends_at',
        'organisation_ip_ranges.ip_range',
      ])
      .where('organisation_contracts.by_ip_range', '=', 1)
      .orderBy('organisations.id')
      .execute(),
    listTiersByPlan(db),
  ]);
  const byOrganisation = new Map<number, OnSiteContract>();
  for (const row of rows) {
    const range = parseIpRange(row.ip_range);
    if (range === null) continue;
    const known = byOrganisation.get(row.id);
    if (known) known.ranges.push(range);
    else
      byOrganisation.set(row.id, {
        organisationId: row.id,
        organisationName: row.name,
        planId: row.plan_id,
        tiers: tiersByPlan.get(row.plan_id) ?? [],
        startsAt: row.starts_at,
        endsAt: row.ends_at,
        ranges: [range],
      });
  }
  return [...byOrganisation.values()];
}

function onSiteContracts(db: Database): Promise<OnSiteContract[]> {
  const cached = onSiteCache.get(db);
  if (cached && performance.now() - cached.readAt < onSiteCacheMs) return cached.contracts;
  const contracts = loadOnSiteContracts(db);
  onSiteCache.set(db, { readAt: performance.now(), contracts });
  contracts.catch(() => onSiteCache.delete(db));
  return contracts;
}

/**
 * The live contract whose IP ranges take in this address, if any, with its plan's tiers. The address
 * must be the one Fastify's `request.ip` gives under the configured TRUST_PROXY: a header the client
 * wrote is never asked here.
 */
export async function findOnSiteAccess(db: Database, address: string, now: Date): Promise<(OrganisationAccess & { tiers: readonly string[] }) | undefined> {
  const at = now.toISOString();
  for (const contract of await onSiteContracts(db)) {
    if (contract.startsAt <= at && at < contract.endsAt && isAddressInRanges(address, contract.ranges)) {
      const { organisationId, organisationName, planId, tiers } = contract;
      return { organisationId, organisationName, planId, tiers };
    }
  }
  return undefined;
}

/** The seats a reader holds now, for the desk: which organisation, how and when they joined, and whether its contract runs. */
export async function listReaderSeats(
  db: Database,
  accountId: number,
  now: Date,
): Promise<{ organisationId: number; organisationName: string; joinedBy: JoinRoute; joinedAt: Date; isLive: boolean }[]> {
  const rows = await db
    .selectFrom('organisation_members')
    .innerJoin('organisation_contracts', 'organisation_contracts.organisation_id', 'organisation_members.organisation_id')
    .innerJoin('organisations', 'organisations.id', 'organisation_members.organisation_id')
    .select([
      'organisations.id',
      'organisations.name',
      'organisation_members.joined_by',
      'organisation_members.joined_at',
      'organisation_contracts.starts_at',
      'organisation_contracts.ends_at',
    ])
    .where('organisation_members.account_id', '=', accountId)
    .where('organisation_members.removed_at', 'is', null)
    .orderBy('organisation_members.joined_at')
    .execute();
  const at = now.toISOString();
  return rows.map((row) => ({
    organisationId: row.id,
    organisationName: row.name,
    joinedBy: row.joined_by,
    joinedAt: new Date(row.joined_at),
    isLive: row.starts_at <= at && at < row.ends_at,
  }));
}
