import type { Reader } from '../access/reader.ts';
import type { Database } from '../db/database.ts';
import { findOnSiteAccess } from './organisation-access.ts';

/**
 * The identity as it stands, or, when `address` lies in a live contract's ranges, the same identity
 * reading as the organisation's on-site reader. `address` must be Fastify's `request.ip`, which
 * believes X-Forwarded-For only as far as TRUST_PROXY says: a header alone never grants the range.
 */
export async function onSiteIdentity<Identity extends { reader: Reader }>(
  address: string,
  identity: Identity,
  deps: { db: Database; now: () => Date },
): Promise<Identity> {
  const access = await findOnSiteAccess(deps.db, address, deps.now());
  if (access === undefined) return identity;
  // The visitor reads as the organisation's: its contract's plan's tiers, without an account or a meter.
  const reader: Reader = { kind: 'on-site', organisationId: access.organisationId, tiers: access.tiers };
  return { ...identity, reader };
}
