import type { Account } from '../src/accounts/account.ts';
import { admitMember } from '../src/organisations/membership.ts';
import { completeSeatCheckoutIn } from '../src/organisations/seat-checkout.ts';
import { inviteReader, requestDomainProof } from '../src/organisations/organisation-links.ts';
import { addManager } from '../src/organisations/organisation-repository.ts';
import { contractPlan, plantOrganisation } from '../test/organisation-fixtures.ts';
import { now, unique, type Actor, type WebRequest, type World } from './role-fixtures.ts';
import type { RouteCase } from './route-requests.ts';

const none = { kind: 'none' } as const;

/** An organisation of its own for one case: a seat for each, a domain for address proofs. */
async function freshOrganisation(world: World): Promise<{ id: number; domain: string }> {
  const domain = `org-${unique()}.example`;
  const id = await plantOrganisation(world.db, now, { seats: '5', domains: domain });
  return { id, domain };
}

/** An open checkout of seats for a company, by `account`, in test mode. */
async function openSeatCheckoutOf(world: World, account: Pick<Account, 'id'>, seats = 3): Promise<string> {
  const plan = await world.db.selectFrom('plans').select('id').where('is_active', '=', 1).orderBy('id').executeTakeFirstOrThrow();
  const id = `hardening-seats-${unique()}`;
  await world.db
    .insertInto('seat_checkouts')
    .values({
      id,
      account_id: account.id,
      plan_id: plan.id,
      organisation_name: `Route Works ${unique()}`,
      seats,
      provider: 'test',
      provider_session_id: null,
      status: 'open',
      organisation_id: null,
      created_at: now.toISOString(),
      completed_at: null,
    })
    .execute();
  return id;
}

/** An organisation a company bought, by another reader, renewing a month from now. */
async function boughtOrganisation(world: World): Promise<{ id: number }> {
  const checkoutId = await openSeatCheckoutOf(world, world.otherReader);
  const bought = await world.db.transaction().execute((trx) =>
    completeSeatCheckoutIn(trx, world.database.dialect, {
      checkoutId,
      providerSubscriptionId: null,
      providerCustomerId: null,
      currentPeriodEnd: new Date(now.getTime() + 30 * 86_400_000),
      providerEventAt: null,
      now,
    }),
  );
  return { id: bought.organisationId };
}

/** A seat checkout of the actor's own, and another reader's (hidden as not found). */
function seatCheckoutCases(world: World, request: (checkoutId: string) => WebRequest): RouteCase[] {
  return (['self', 'other'] as const).map((owner) => ({
    label: owner === 'self' ? 'own seat checkout' : "another reader's seat checkout",
    prepare: async (actor: Actor) => {
      const ownerAccount = owner === 'self' && actor.account !== null ? actor.account : world.otherReader;
      return { request: request(await openSeatCheckoutOf(world, ownerAccount)), subject: { kind: 'checkout', isOwn: ownerAccount.id === actor.account?.id } };
    },
  }));
}

/** The manager's forms on an organisation the actor manages, and on one they do not (refused as another's). */
function managedCases(
  world: World,
  fields: (organisation: { id: number }) => Promise<Record<string, string>>,
  url: string,
  makeOrganisation: (world: World) => Promise<{ id: number }> = freshOrganisation,
): RouteCase[] {
  return (['self', 'other'] as const).map((owner) => ({
    label: owner === 'self' ? 'an organisation they manage' : "another's organisation",
    prepare: async (actor: Actor) => {
      const organisation = await makeOrganisation(world);
      const managesIt = owner === 'self' && actor.account !== null;
      if (managesIt && actor.account) await addManager(world.db, { organisationId: organisation.id, accountId: actor.account.id });
      return { request: { method: 'POST', url, form: await fields(organisation) }, subject: { kind: 'organisation', isOwn: managesIt } };
    },
  }));
}

/** A token for the actor's own invitation or address proof (an anonymous visitor gets one for a fresh address). */
async function invitationToken(world: World, actor: Actor): Promise<string> {
  const organisation = await freshOrganisation(world);
  const email = actor.account?.email ?? `invited-${unique()}@example.org`;
  return (await inviteReader(world.db, { organisationId: organisation.id, email, invitedBy: world.otherReader.id, now })).token;
}

async function proofToken(world: World, actor: Actor): Promise<string> {
  const organisation = await freshOrganisation(world);
  const accountId = actor.account?.id ?? world.otherReader.id;
  return (await requestDomainProof(world.db, { accountId, email: `proving-${unique()}@${organisation.domain}`, now })).token;
}

/** A whole contract as the newsroom's form sends it, for an organisation of its own. */
async function contractForm(world: World): Promise<Record<string, string>> {
  return {
    name: `Route College ${unique()}`,
    planId: String(await contractPlan(world.db, now)),
    seats: '10',
    startsAt: '2026-01-01',
    endsAt: '2027-01-01',
    byInvitation: 'on',
    domains: `college-${unique()}.example`,
    ipRanges: '',
  };
}

/** How each organisation route is asked, for the route × role table in route-requests.ts. */
export function organisationRouteCases(world: World): Record<string, () => RouteCase[]> {
  const page = (url: (actor: Actor) => Promise<string>): RouteCase[] => [
    { label: 'the page', prepare: async (actor) => ({ request: { method: 'GET', url: await url(actor) }, subject: none }) },
  ];
  const form = (url: string, fields: (actor: Actor) => Promise<Record<string, string>>): RouteCase[] => [
    { label: 'its form', prepare: async (actor) => ({ request: { method: 'POST', url, form: await fields(actor) }, subject: none }) },
  ];
  const onFreshOrganisation = (suffix: string, fields: () => Promise<Record<string, string>>): RouteCase[] => [
    {
      label: 'an organisation',
      prepare: async () => ({
        request: { method: 'POST', url: `/admin/organisations/${(await freshOrganisation(world)).id}${suffix}`, form: await fields() },
        subject: none,
      }),
    },
  ];
  return {
    'GET /organisation': () => page(async () => '/organisation'),
    'POST /organisation/invite': () =>
      managedCases(world, async ({ id }) => ({ organisationId: String(id), email: `invitee-${unique()}@example.org` }), '/organisation/invite'),
    'POST /organisation/remove': () =>
      managedCases(
        world,
        async ({ id }) => {
          await admitMember(world.db, world.database.dialect, { organisationId: id, accountId: world.otherReader.id, route: 'staff', now });
          return { organisationId: String(id), accountId: String(world.otherReader.id) };
        },
        '/organisation/remove',
      ),
    'POST /organisation/seats': () =>
      managedCases(world, async ({ id }) => ({ organisationId: String(id), seats: '4' }), '/organisation/seats', boughtOrganisation),
    'POST /organisation/renewal': () =>
      managedCases(world, async ({ id }) => ({ organisationId: String(id), renewal: 'cancel' }), '/organisation/renewal', boughtOrganisation),
    'GET /organisations/buy': () => page(async () => '/organisations/buy'),
    'POST /organisations/buy': () =>
      form('/organisations/buy', async () => ({ organisationName: `Route Works ${unique()}`, plan: 'digital', seats: '3', step: 'review' })),
    'GET /organisations/buy/done': () => seatCheckoutCases(world, (id) => ({ method: 'GET', url: `/organisations/buy/done?checkout=${id}` })),
    'GET /organisations/buy/pay/:id': () => seatCheckoutCases(world, (id) => ({ method: 'GET', url: `/organisations/buy/pay/${id}` })),
    'POST /organisations/buy/pay/:id': () =>
      seatCheckoutCases(world, (id) => ({
        method: 'POST',
        url: `/organisations/buy/pay/${id}`,
        form: { card: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', postalCode: '10001' },
      })),
    'POST /organisation/prove': () => form('/organisation/prove', async () => ({ email: `proving-${unique()}@${(await freshOrganisation(world)).domain}` })),
    'GET /organisation/join': () => page(async (actor) => `/organisation/join?token=${await invitationToken(world, actor)}`),
    'POST /organisation/join': () => form('/organisation/join', async (actor) => ({ token: await invitationToken(world, actor) })),
    'GET /organisation/prove/confirm': () => page(async (actor) => `/organisation/prove/confirm?token=${await proofToken(world, actor)}`),
    'POST /organisation/prove/confirm': () => form('/organisation/prove/confirm', async (actor) => ({ token: await proofToken(world, actor) })),
    'GET /admin/organisations': () => page(async () => '/admin/organisations'),
    'POST /admin/organisations': () => form('/admin/organisations', async () => contractForm(world)),
    'GET /admin/organisations/:id': () => page(async () => `/admin/organisations/${(await freshOrganisation(world)).id}`),
    'POST /admin/organisations/:id': () => onFreshOrganisation('', async () => contractForm(world)),
    'POST /admin/organisations/:id/managers': () => onFreshOrganisation('/managers', async () => ({ email: world.otherReader.email })),
    'POST /admin/organisations/:id/managers/remove': () => onFreshOrganisation('/managers/remove', async () => ({ accountId: String(world.otherReader.id) })),
  };
}
