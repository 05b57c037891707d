import { insertAccount } from '../src/accounts/account-repository.ts';
import { savePlan } from '../src/commerce/catalogue-repository.ts';
import type { Database } from '../src/db/database.ts';
import { parseOrganisationForm, type OrganisationForm } from '../src/organisations/organisation-draft.ts';
import { saveOrganisation } from '../src/organisations/organisation-repository.ts';

let counter = 0;

/** A plan for organisations' contracts, made once per database. */
export async function contractPlan(db: Database, now: Date): Promise<number> {
  const known = await db.selectFrom('plans').select('id').where('slug', '=', 'campus').executeTakeFirst();
  if (known) return known.id;
  return savePlan(db, { slug: 'campus', name: 'Campus', benefits: [], priceMinor: 500_000, currency: 'USD', interval: 'year', isActive: false }, now);
}

/** An organisation with a contract live for a year from `now`, open by invitation and domain; `form` changes any of it. */
export async function plantOrganisation(db: Database, now: Date, form: Partial<OrganisationForm> = {}): Promise<number> {
  counter += 1;
  const planId = await contractPlan(db, now);
  const draft = parseOrganisationForm({
    name: `University ${counter}`,
    planId,
    seats: '2',
    startsAt: new Date(now.getTime() - 86_400_000).toISOString(),
    endsAt: new Date(now.getTime() + 365 * 86_400_000).toISOString(),
    byInvitation: true,
    byDomain: true,
    byIpRange: false,
    domains: '',
    ipRanges: '',
    ...form,
  });
  return saveOrganisation(db, { draft, now });
}

/** A reader's account, without a password, by a fresh address of the domain given. */
export async function plantReaderAt(db: Database, domain: string, now: Date): Promise<{ id: number; email: string }> {
  counter += 1;
  const email = `reader${counter}@${domain}`;
  const id = await insertAccount(db, { email, name: `Reader ${counter}`, passwordHash: null, role: 'reader', now });
  return { id, email };
}
