import type { Database } from '../db/database.ts';
import { isForeignKeyViolation } from '../db/foreign-key-violation.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { forgetOnSiteContracts } from './organisation-access.ts';
import { formatIpRange, parseIpRange, type IpRange } from './ip-range.ts';
import type { Contract, Organisation } from './organisation.ts';
import type { OrganisationDraft } from './organisation-draft.ts';
import { OrganisationError } from './organisation-errors.ts';
import type { OrganisationTables } from './organisation-tables.ts';

type ContractRow = Omit<OrganisationTables['organisation_contracts'], 'id'> & { id: number };

export function toContract(row: ContractRow): Contract {
  return {
    planId: row.plan_id,
    seats: row.seats,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    byInvitation: row.by_invitation === 1,
    byDomain: row.by_domain === 1,
    byIpRange: row.by_ip_range === 1,
  };
}

function contractColumns(contract: Contract) {
  return {
    plan_id: contract.planId,
    seats: contract.seats,
    starts_at: contract.startsAt.toISOString(),
    ends_at: contract.endsAt.toISOString(),
    by_invitation: contract.byInvitation ? 1 : 0,
    by_domain: contract.byDomain ? 1 : 0,
    by_ip_range: contract.byIpRange ? 1 : 0,
  };
}

const storedRanges = (rows: { ip_range: string }[]): IpRange[] => rows.flatMap(({ ip_range }) => parseIpRange(ip_range) ?? []);

/**
 * Creates the organisation (no `id`) or replaces its name, contract, domains and ranges, in one
 * transaction; gives its id. A domain another organisation has is refused, and nothing is saved.
 */
export async function saveOrganisation(db: Database, { id, draft, now }: { id?: number; draft: OrganisationDraft; now: Date }): Promise<number> {
  try {
    const saved = await db.transaction().execute(async (trx) => {
      const at = now.toISOString();
      let organisationId: number;
      if (id === undefined) {
        const row = await trx
          .insertInto('organisations')
          .values({ name: draft.name, created_at: at, updated_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        organisationId = row.id;
        await trx
          .insertInto('organisation_contracts')
          .values({ organisation_id: organisationId, ...contractColumns(draft.contract), created_at: at, updated_at: at })
          .execute();
      } else {
        const updated = await trx.updateTable('organisations').set({ name: draft.name, updated_at: at }).where('id', '=', id).executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) throw new OrganisationError('not-found');
        organisationId = id;
        await trx
          .updateTable('organisation_contracts')
          .set({ ...contractColumns(draft.contract), updated_at: at })
          .where('organisation_id', '=', id)
          .execute();
        await trx.deleteFrom('organisation_domains').where('organisation_id', '=', id).execute();
        await trx.deleteFrom('organisation_ip_ranges').where('organisation_id', '=', id).execute();
      }
      if (draft.domains.length > 0) {
        await trx
          .insertInto('organisation_domains')
          .values(draft.domains.map((domain) => ({ domain, organisation_id: organisationId })))
          .execute();
      }
      if (draft.ipRanges.length > 0) {
        await trx
          .insertInto('organisation_ip_ranges')
          .values(draft.ipRanges.map((range) => ({ organisation_id: organisationId, ip_range: formatIpRange(range) })))
          .execute();
      }
      return organisationId;
    });
    forgetOnSiteContracts(db);
    return saved;
  } catch (error) {
    if (isUniqueViolation(error)) throw new OrganisationError('domain-taken');
    if (isForeignKeyViolation(error)) throw new OrganisationError('plan-not-found');
    throw error;
  }
}

export async function findOrganisation(db: Database, id: number): Promise<Organisation | undefined> {
  const row = await db
    .selectFrom('organisations')
    .innerJoin('organisation_contracts', 'organisation_contracts.organisation_id', 'organisations.id')
    .selectAll('organisation_contracts')
    .select('organisations.name')
    .where('organisations.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const [domains, ranges] = await Promise.all([
    db.selectFrom('organisation_domains').select('domain').where('organisation_id', '=', id).orderBy('domain').execute(),
    db.selectFrom('organisation_ip_ranges').select('ip_range').where('organisation_id', '=', id).orderBy('id').execute(),
  ]);
  return { id, name: row.name, contract: toContract(row), domains: domains.map(({ domain }) => domain), ipRanges: storedRanges(ranges) };
}

/** Every organisation with its contract, by name, for the newsroom's list. */
export async function listOrganisations(db: Database): Promise<{ id: number; name: string; contract: Contract }[]> {
  const rows = await db
    .selectFrom('organisations')
    .innerJoin('organisation_contracts', 'organisation_contracts.organisation_id', 'organisations.id')
    .selectAll('organisation_contracts')
    .select('organisations.name')
    .orderBy('organisations.name')
    .execute();
  return rows.map((row) => ({ id: row.organisation_id, name: row.name, contract: toContract(row) }));
}

/** The organisation whose domains include this one, if any: a domain belongs to one at most. */
export async function findOrganisationIdByDomain(db: Database, domain: string): Promise<number | undefined> {
  const row = await db.selectFrom('organisation_domains').select('organisation_id').where('domain', '=', domain).executeTakeFirst();
  return row?.organisation_id;
}

export async function addManager(db: Database, { organisationId, accountId }: { organisationId: number; accountId: number }): Promise<void> {
  await db
    .insertInto('organisation_managers')
    .values({ organisation_id: organisationId, account_id: accountId })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}

export async function removeManager(db: Database, { organisationId, accountId }: { organisationId: number; accountId: number }): Promise<void> {
  await db.deleteFrom('organisation_managers').where('organisation_id', '=', organisationId).where('account_id', '=', accountId).execute();
}

export async function listManagers(db: Database, organisationId: number): Promise<{ accountId: number; email: string; name: string }[]> {
  return db
    .selectFrom('organisation_managers')
    .innerJoin('accounts', 'accounts.id', 'organisation_managers.account_id')
    .select(['accounts.id as accountId', 'accounts.email', 'accounts.name'])
    .where('organisation_managers.organisation_id', '=', organisationId)
    .orderBy('accounts.email')
    .execute();
}

/** The organisations this account manages, by name: what /organisation shows them. */
export async function listManagedOrganisationIds(db: Database, accountId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('organisation_managers')
    .innerJoin('organisations', 'organisations.id', 'organisation_managers.organisation_id')
    .select('organisations.id')
    .where('organisation_managers.account_id', '=', accountId)
    .orderBy('organisations.name')
    .execute();
  return rows.map(({ id }) => id);
}
