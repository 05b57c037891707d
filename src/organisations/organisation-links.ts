import { normalizeEmail } from '../accounts/email-address.ts';
import { refuseUnusableLink, unclaimedLinkError } from '../accounts/one-time-link.ts';
import { hashToken, newToken } from '../accounts/tokens.ts';
import type { Database, Dialect } from '../db/database.ts';
import { domainOfAddress } from './email-domain.ts';
import { admitMember } from './membership.ts';
import { OrganisationError } from './organisation-errors.ts';
import { findOrganisationIdByDomain } from './organisation-repository.ts';

/** How long a mailed invitation or domain proof can be followed: an invitation waits for a busy reader; a proof is asked for now. */
export const invitationLifetimeMs = 14 * 24 * 60 * 60 * 1000;
export const domainProofLifetimeMs = 24 * 60 * 60 * 1000;

/** A manager invites an address: gives the link's token, for the mail; the table keeps its hash. */
export async function inviteReader(
  db: Database,
  { organisationId, email, invitedBy, now }: { organisationId: number; email: string; invitedBy: number; now: Date },
): Promise<{ token: string; email: string }> {
  const address = normalizeEmail(email);
  if (address === null) throw new OrganisationError('invalid-email');
  const token = newToken();
  await db
    .insertInto('organisation_invitations')
    .values({
      token_hash: hashToken(token),
      organisation_id: organisationId,
      email: address,
      invited_by: invitedBy,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + invitationLifetimeMs).toISOString(),
      used_at: null,
      used_by: null,
    })
    .execute();
  return { token, email: address };
}

/** The invitations sent and not yet accepted nor expired, newest first. */
export async function listOpenInvitations(db: Database, organisationId: number, now: Date): Promise<{ email: string; sentAt: Date; expiresAt: Date }[]> {
  const rows = await db
    .selectFrom('organisation_invitations')
    .select(['email', 'created_at', 'expires_at'])
    .where('organisation_id', '=', organisationId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({ email: row.email, sentAt: new Date(row.created_at), expiresAt: new Date(row.expires_at) }));
}

/** Which organisation an invitation is from, for the page its link opens; refuses a link that cannot be followed. */
export async function checkInvitation(db: Database, { token, now }: { token: string; now: Date }): Promise<{ organisationName: string; email: string }> {
  const row = await db
    .selectFrom('organisation_invitations')
    .innerJoin('organisations', 'organisations.id', 'organisation_invitations.organisation_id')
    .select(['organisations.name', 'organisation_invitations.email', 'organisation_invitations.used_at', 'organisation_invitations.expires_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  refuseUnusableLink(row, now);
  return { organisationName: row.name, email: row.email };
}

/**
 * The signed-in reader accepts an invitation sent to their address: the link is used up and the
 * seat taken in one transaction, so a refusal (seats full, contract ended) leaves the link to be
 * followed again once a seat is free.
 */
export async function acceptInvitation(
  db: Database,
  dialect: Dialect,
  { token, account, now }: { token: string; account: { id: number; email: string }; now: Date },
): Promise<{ organisationId: number; planId: number }> {
  const tokenHash = hashToken(token);
  return db.transaction().execute(async (trx) => {
    const invitation = await trx
      .selectFrom('organisation_invitations')
      .select(['organisation_id', 'email', 'used_at', 'expires_at'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    refuseUnusableLink(invitation, now);
    if (invitation.email !== account.email) throw new OrganisationError('invitation-for-another-address');
    const claimed = await trx
      .updateTable('organisation_invitations')
      .set({ used_at: now.toISOString(), used_by: account.id })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) throw unclaimedLinkError(invitation);
    const { planId } = await admitMember(trx, dialect, { organisationId: invitation.organisation_id, accountId: account.id, route: 'invitation', now });
    return { organisationId: invitation.organisation_id, planId };
  });
}

/**
 * A signed-in reader asks to prove an address of an organisation's domains (their account's own, or
 * another they hold, such as a work address): gives the token for the mail to that address.
 */
export async function requestDomainProof(
  db: Database,
  { accountId, email, now }: { accountId: number; email: string; now: Date },
): Promise<{ token: string; email: string; organisationId: number }> {
  const address = normalizeEmail(email);
  if (address === null) throw new OrganisationError('invalid-email');
  const domain = domainOfAddress(address);
  const organisationId = domain === null ? undefined : await findOrganisationIdByDomain(db, domain);
  if (organisationId === undefined) throw new OrganisationError('not-of-domains');
  const token = newToken();
  await db
    .insertInto('organisation_domain_proofs')
    .values({
      token_hash: hashToken(token),
      organisation_id: organisationId,
      account_id: accountId,
      email: address,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + domainProofLifetimeMs).toISOString(),
      used_at: null,
    })
    .execute();
  return { token, email: address, organisationId };
}

/**
 * The reader follows the proof mailed to the address: it admits the account that asked for it, once,
 * as a member who joined by domain, if the address's domain is still the organisation's. Following
 * it signed in as another account is refused, so a forwarded link admits nobody else.
 */
export async function confirmDomainProof(
  db: Database,
  dialect: Dialect,
  { token, accountId, now }: { token: string; accountId: number; now: Date },
): Promise<{ organisationId: number; planId: number }> {
  const tokenHash = hashToken(token);
  return db.transaction().execute(async (trx) => {
    const proof = await trx
      .selectFrom('organisation_domain_proofs')
      .select(['organisation_id', 'account_id', 'email', 'used_at', 'expires_at'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    refuseUnusableLink(proof, now);
    if (proof.account_id !== accountId) throw new OrganisationError('proof-for-another-account');
    const domain = domainOfAddress(proof.email);
    if (domain === null || (await findOrganisationIdByDomain(trx, domain)) !== proof.organisation_id) throw new OrganisationError('not-of-domains');
    const claimed = await trx
      .updateTable('organisation_domain_proofs')
      .set({ used_at: now.toISOString() })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) throw unclaimedLinkError(proof);
    const { planId } = await admitMember(trx, dialect, { organisationId: proof.organisation_id, accountId, route: 'domain', now });
    return { organisationId: proof.organisation_id, planId };
  });
}
