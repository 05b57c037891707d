import type { FastifyRequest } from 'fastify';
import type { Reader } from '../access/reader.ts';
import { isStaff, type Account } from '../accounts/account.ts';
import { findSessionAccount, sessionCookieName } from '../accounts/sessions.ts';
import { gracePeriodMsOf, readCommerceSettings } from '../commerce/commerce-settings.ts';
import { isInGracePeriod } from '../commerce/dunning.ts';
import { standingOf } from '../commerce/entitlement.ts';
import { findLatestSubscription } from '../commerce/subscription-repository.ts';
import { listTiersByPlan } from '../commerce/tier-repository.ts';
import type { CrawlerVerifier } from '../crawlers/verify-crawler.ts';
import type { Database } from '../db/database.ts';
import type { IdentityCache } from './identity-cache.ts';
import { findLiveComplimentaryAccess } from '../readers/complimentary-access-repository.ts';
import { entitledReaderOf, lapseOf } from '../readers/entitled-reader.ts';
import { findLiveGiftAccess } from '../gift-subscriptions/gift-subscription-repository.ts';
import { findEndedMembership, findMemberAccess } from '../organisations/organisation-access.ts';
import { onSiteIdentity } from '../organisations/on-site-reader.ts';

export type ReaderIdentity = {
  account: Account | null;
  reader: Reader;
  sessionToken: string | undefined;
  /** The reader's last payment failed and they read on in the grace period: every page asks them to update their card. */
  isPaymentFailing: boolean;
};

/**
 * What finding out who is asking takes from the app's dependencies: named here rather than taken
 * from SiteDeps, which holds the cache of the identities this file defines.
 */
type ReaderLookupDeps = { db: Database; now: () => Date; identities: IdentityCache<ReaderIdentity>; verifyCrawler: CrawlerVerifier };

export const anonymousIdentity: ReaderIdentity = { account: null, reader: { kind: 'anonymous' }, sessionToken: undefined, isPaymentFailing: false };

/** The signed-in account, for pages whose content is the same for everyone but the masthead. */
export async function findReaderAccount(request: FastifyRequest, deps: ReaderLookupDeps): Promise<Account | null> {
  return findSessionAccount(deps.db, request.cookies?.[sessionCookieName], deps.now());
}

/**
 * What an account's role and subscription make of its holder as a reader, by the rule a newsletter's
 * send applies to many at once (readers/entitled-reader.ts): complimentary access entitles to every
 * tier; a subscription, a redeemed gift subscription and a seat in a live contract each to their
 * plan's tiers.
 */
export async function readerOf(account: Account, deps: ReaderLookupDeps): Promise<Reader> {
  return (await standingOfAccount(account, deps)).reader;
}

/**
 * The reader the account makes, and whether its latest subscription is failing to pay within its
 * grace period (commerce/dunning.ts): both from one read of the subscription and the settings.
 */
async function standingOfAccount(account: Account, deps: ReaderLookupDeps): Promise<Pick<ReaderIdentity, 'reader' | 'isPaymentFailing'>> {
  if (isStaff(account)) return { reader: { kind: 'staff', readerId: account.id }, isPaymentFailing: false };
  const now = deps.now();
  const [subscription, settings, complimentary, gift, seat, tiersByPlan] = await Promise.all([
    findLatestSubscription(deps.db, account.id),
    readCommerceSettings(deps.db),
    findLiveComplimentaryAccess(deps.db, account.id, now),
    findLiveGiftAccess(deps.db, account.id, now),
    findMemberAccess(deps.db, account.id, now),
    // Every plan's tiers in one small read beside the rest, rather than one read per plan held after them.
    listTiersByPlan(deps.db),
  ]);
  const clock = { now, gracePeriodMs: gracePeriodMsOf(settings) };
  const isPaymentFailing = subscription !== undefined && isInGracePeriod(subscription.state, clock);
  const grantedPlanIds = [gift, seat].flatMap((grant) => (grant ? [grant.planId] : []));
  const facts = { role: account.role, latestSubscription: subscription, complimentaryAccess: complimentary ? [complimentary] : [], grantedPlanIds };
  const entitled = entitledReaderOf(account.id, facts, { clock, tiersByPlan });
  if (entitled) return { reader: entitled, isPaymentFailing };
  const standing = standingOf(subscription, clock);
  const endedSeat = await findEndedMembership(deps.db, account.id, now);
  return { reader: { kind: 'registered', readerId: account.id, lapsed: lapseOf(standing, endedSeat) }, isPaymentFailing };
}

/**
 * The signed-in reader and what they may read, else an anonymous one: for pages that are the same
 * for everyone but the masthead (which offers "Subscribe" to all but subscribers). No crawler check.
 */
export async function findSignedInReader(request: FastifyRequest, deps: ReaderLookupDeps): Promise<ReaderIdentity> {
  const sessionToken = request.cookies?.[sessionCookieName];
  if (sessionToken === undefined) return anonymousIdentity;
  const known = deps.identities.get(sessionToken);
  if (known !== undefined) return known;
  const account = await findSessionAccount(deps.db, sessionToken, deps.now());
  if (!account) return anonymousIdentity;
  const identity = { account, sessionToken, ...(await standingOfAccount(account, deps)) };
  deps.identities.set(sessionToken, identity);
  return identity;
}

/** Whether the reader already has full access, so that nothing asks them to subscribe. */
export function hasSubscription({ reader }: Pick<ReaderIdentity, 'reader'>): boolean {
  return reader.kind === 'subscriber' || reader.kind === 'staff';
}

/**
 * Who is asking: the account behind the session cookie, else a crawler whose address checks out
 * by DNS, else an anonymous reader. A User-Agent alone never makes a crawler.
 */
export async function identifyReader(request: FastifyRequest, deps: ReaderLookupDeps): Promise<ReaderIdentity> {
  const signedIn = await findSignedInReader(request, deps);
  if (signedIn.account !== null) return hasSubscription(signedIn) ? signedIn : onSiteIdentity(request.ip, signedIn, deps);
  if (await deps.verifyCrawler(request.ip, request.headers['user-agent'])) {
    return { account: null, reader: { kind: 'verified-crawler' }, sessionToken: undefined, isPaymentFailing: false };
  }
  return onSiteIdentity(request.ip, { ...anonymousIdentity, sessionToken: undefined }, deps);
}
