import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import { contractPlan, plantOrganisation, plantReaderAt } from '../../test/organisation-fixtures.ts';
import { listReaderEvents } from '../readers/reader-events.ts';
import { admitMember, listMembers, removeMember, seatsTaken } from './membership.ts';
import { findEndedMembership, findMemberAccess, findOnSiteAccess } from './organisation-access.ts';
import { parseOrganisationForm } from './organisation-draft.ts';
import { OrganisationError } from './organisation-errors.ts';
import { acceptInvitation, checkInvitation, confirmDomainProof, inviteReader, requestDomainProof } from './organisation-links.ts';
import { findOrganisation, saveOrganisation } from './organisation-repository.ts';
import { listTiersOfPlan } from '../commerce/tier-repository.ts';

const { db, dialect } = await openTestDatabase();
const now = new Date('2026-06-01T09:00:00Z');
const later = (days: number) => new Date(now.getTime() + days * 86_400_000);
const refusedWith = (problem: string) => (error: unknown) => error instanceof OrganisationError && error.problem === problem;
const planId = await contractPlan(db, now);

describe(`organisations and their contracts (${dialect})`, () => {
  it('keeps the contract, domains and ranges staff saved, and replaces them on edit', async () => {
    const id = await plantOrganisation(db, now, {
      name: 'Northfield University',
      domains: 'northfield.example\nNorthfield.example',
      ipRanges: '192.0.2.0/24, 2001:db8::/32',
    });
    const saved = await findOrganisation(db, id);
    assert.equal(saved?.name, 'Northfield University');
    assert.deepEqual(saved?.domains, ['northfield.example']);
    assert.deepEqual(
      saved?.ipRanges.map(({ address, prefix }) => `${address}/${prefix}`),
      ['192.0.2.0/24', '2001:db8::/32'],
    );
    assert.equal(saved?.contract.seats, 2);
    const draft = parseOrganisationForm({
      name: 'Northfield',
      planId,
      seats: '40',
      startsAt: '2026-01-01',
      endsAt: '2027-01-01',
      byInvitation: false,
      byDomain: true,
      byIpRange: true,
      domains: 'nf.example',
      ipRanges: '',
    });
    await saveOrganisation(db, { id, draft, now });
    const edited = await findOrganisation(db, id);
    assert.deepEqual(
      { name: edited?.name, seats: edited?.contract.seats, domains: edited?.domains, ranges: edited?.ipRanges, byInvitation: edited?.contract.byInvitation },
      { name: 'Northfield', seats: 40, domains: ['nf.example'], ranges: [], byInvitation: false },
    );
  });

  it('refuses a domain another organisation has, and saves nothing of the second', async () => {
    await plantOrganisation(db, now, { domains: 'taken.example' });
    await assert.rejects(plantOrganisation(db, now, { name: 'Copycat', domains: 'taken.example' }), refusedWith('domain-taken'));
    assert.equal(await db.selectFrom('organisations').select('id').where('name', '=', 'Copycat').executeTakeFirst(), undefined);
  });

  it('refuses a plan that does not exist', async () => {
    await assert.rejects(plantOrganisation(db, now, { planId: 999_999 }), refusedWith('plan-not-found'));
  });

  it('refuses a form whose period, seats, domain or range is wrong', () => {
    const form = {
      name: 'X',
      planId,
      seats: '1',
      startsAt: '2026-01-01',
      endsAt: '2027-01-01',
      byInvitation: true,
      byDomain: true,
      byIpRange: true,
      domains: '',
      ipRanges: '',
    };
    assert.throws(() => parseOrganisationForm({ ...form, name: ' ' }), refusedWith('name-required'));
    assert.throws(() => parseOrganisationForm({ ...form, endsAt: '2026-01-01' }), refusedWith('period-invalid'));
    assert.throws(() => parseOrganisationForm({ ...form, startsAt: 'soon' }), refusedWith('period-invalid'));
    for (const seats of ['-1', '1.5', 'ten', '', '2000000'])
      assert.throws(() => parseOrganisationForm({ ...form, seats }), refusedWith('seats-invalid'), seats);
    assert.throws(() => parseOrganisationForm({ ...form, domains: 'uni' }), refusedWith('domain-invalid'));
    assert.throws(() => parseOrganisationForm({ ...form, ipRanges: '10.0.0.0/40' }), refusedWith('ip-range-invalid'));
  });
});

describe(`seats (${dialect})`, () => {
  it('admits members up to the seats, refuses the next, and frees a seat on removal', async () => {
    const organisationId = await plantOrganisation(db, now);
    const [ana, ben, cleo] = [await plantReaderAt(db, 'a.example', now), await plantReaderAt(db, 'a.example', now), await plantReaderAt(db, 'a.example', now)];
    await admitMember(db, dialect, { organisationId, accountId: ana.id, route: 'staff', now });
    await admitMember(db, dialect, { organisationId, accountId: ben.id, route: 'staff', now });
    await assert.rejects(admitMember(db, dialect, { organisationId, accountId: cleo.id, route: 'staff', now }), refusedWith('seats-full'));
    await assert.rejects(admitMember(db, dialect, { organisationId, accountId: ana.id, route: 'staff', now }), refusedWith('already-member'));
    await removeMember(db, { organisationId, accountId: ana.id, actorId: null, now: later(1) });
    await admitMember(db, dialect, { organisationId, accountId: cleo.id, route: 'staff', now: later(2) });
    assert.deepEqual(
      (await listMembers(db, organisationId)).map(({ accountId }) => accountId),
      [ben.id, cleo.id],
    );
    await assert.rejects(removeMember(db, { organisationId, accountId: ana.id, actorId: null, now }), refusedWith('not-a-member'));
  });

  it('grants the last seat once when two readers take it at once', async () => {
    const organisationId = await plantOrganisation(db, now, { seats: '1' });
    const readers = await Promise.all(Array.from({ length: 6 }, () => plantReaderAt(db, 'b.example', now)));
    const results = await Promise.allSettled(readers.map((reader) => admitMember(db, dialect, { organisationId, accountId: reader.id, route: 'staff', now })));
    assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
    for (const result of results) if (result.status === 'rejected') assert.ok(refusedWith('seats-full')(result.reason), String(result.reason));
    assert.equal(await seatsTaken(db, organisationId), 1);
  });

  it('grants one seat when the same reader takes it twice at once', async () => {
    const organisationId = await plantOrganisation(db, now, { seats: '5' });
    const reader = await plantReaderAt(db, 'b.example', now);
    const results = await Promise.allSettled([1, 2, 3].map(() => admitMember(db, dialect, { organisationId, accountId: reader.id, route: 'staff', now })));
    assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
    assert.equal(await seatsTaken(db, organisationId), 1);
  });

  it('records joins and leaves in the reader’s history', async () => {
    const organisationId = await plantOrganisation(db, now, { name: 'Ledger College' });
    const reader = await plantReaderAt(db, 'c.example', now);
    await admitMember(db, dialect, { organisationId, accountId: reader.id, route: 'staff', now });
    await removeMember(db, { organisationId, accountId: reader.id, actorId: null, now: later(1) });
    const events = await listReaderEvents(db, reader.id);
    assert.deepEqual(
      events.map((event) => ({ kind: event.kind, occurredAt: event.occurredAt })),
      [
        { kind: 'organisation-left', occurredAt: later(1) },
        { kind: 'organisation-joined', occurredAt: now },
      ],
    );
  });
});

describe(`invitations (${dialect})`, () => {
  it('admits the invited address once, by invitation', async () => {
    const organisationId = await plantOrganisation(db, now, { name: 'Invite Ltd' });
    const reader = await plantReaderAt(db, 'invited.example', now);
    const { token } = await inviteReader(db, { organisationId, email: reader.email.toUpperCase(), invitedBy: reader.id, now });
    assert.deepEqual(await checkInvitation(db, { token, now }), { organisationName: 'Invite Ltd', email: reader.email });
    await acceptInvitation(db, dialect, { token, account: reader, now });
    assert.deepEqual(
      (await listMembers(db, organisationId)).map(({ joinedBy }) => joinedBy),
      ['invitation'],
    );
    await assert.rejects(acceptInvitation(db, dialect, { token, account: reader, now }), /already been used/);
  });

  it('refuses another account, an expired link and an unknown one', async () => {
    const organisationId = await plantOrganisation(db, now);
    const invited = await plantReaderAt(db, 'invited.example', now);
    const other = await plantReaderAt(db, 'invited.example', now);
    const { token } = await inviteReader(db, { organisationId, email: invited.email, invitedBy: invited.id, now });
    await assert.rejects(acceptInvitation(db, dialect, { token, account: other, now }), refusedWith('invitation-for-another-address'));
    await assert.rejects(acceptInvitation(db, dialect, { token, account: invited, now: later(15) }), /expired/);
    await assert.rejects(acceptInvitation(db, dialect, { token: 'nonsense', account: invited, now }), /not valid/);
  });

  it('refuses over the seat limit and leaves the link to be followed once a seat is free', async () => {
    const organisationId = await plantOrganisation(db, now, { seats: '1' });
    const holder = await plantReaderAt(db, 'full.example', now);
    const invited = await plantReaderAt(db, 'full.example', now);
    await admitMember(db, dialect, { organisationId, accountId: holder.id, route: 'staff', now });
    const { token } = await inviteReader(db, { organisationId, email: invited.email, invitedBy: holder.id, now });
    await assert.rejects(acceptInvitation(db, dialect, { token, account: invited, now }), refusedWith('seats-full'));
    await removeMember(db, { organisationId, accountId: holder.id, actorId: null, now });
    await acceptInvitation(db, dialect, { token, account: invited, now });
    assert.equal(await seatsTaken(db, organisationId), 1);
  });

  it('refuses an invitation when the contract does not admit by invitation', async () => {
    const organisationId = await plantOrganisation(db, now, { byInvitation: false });
    const invited = await plantReaderAt(db, 'closed.example', now);
    const { token } = await inviteReader(db, { organisationId, email: invited.email, invitedBy: invited.id, now });
    await assert.rejects(acceptInvitation(db, dialect, { token, account: invited, now }), refusedWith('way-closed'));
  });
});

describe(`domain proofs (${dialect})`, () => {
  it('admits the account that asked, once the mailed link is followed, by domain', async () => {
    const organisationId = await plantOrganisation(db, now, { domains: 'proof.example' });
    const reader = await plantReaderAt(db, 'home.example', now);
    const { token, organisationId: found } = await requestDomainProof(db, { accountId: reader.id, email: 'Reader@Proof.example', now });
    assert.equal(found, organisationId);
    await confirmDomainProof(db, dialect, { token, accountId: reader.id, now });
    assert.deepEqual(
      (await listMembers(db, organisationId)).map(({ accountId, joinedBy }) => ({ accountId, joinedBy })),
      [{ accountId: reader.id, joinedBy: 'domain' }],
    );
    await assert.rejects(confirmDomainProof(db, dialect, { token, accountId: reader.id, now }), /already been used/);
  });

  it('refuses an address of no organisation, a subdomain, another account, and a link out of date', async () => {
    await plantOrganisation(db, now, { domains: 'strict.example' });
    const reader = await plantReaderAt(db, 'home.example', now);
    const other = await plantReaderAt(db, 'home.example', now);
    await assert.rejects(requestDomainProof(db, { accountId: reader.id, email: 'a@nowhere.example', now }), refusedWith('not-of-domains'));
    await assert.rejects(requestDomainProof(db, { accountId: reader.id, email: 'a@mail.strict.example', now }), refusedWith('not-of-domains'));
    const { token } = await requestDomainProof(db, { accountId: reader.id, email: 'a@strict.example', now });
    await assert.rejects(confirmDomainProof(db, dialect, { token, accountId: other.id, now }), refusedWith('proof-for-another-account'));
    await assert.rejects(confirmDomainProof(db, dialect, { token, accountId: reader.id, now: later(2) }), /expired/);
  });

  it('refuses a proof once the domain is no longer the organisation’s', async () => {
    const organisationId = await plantOrganisation(db, now, { domains: 'moving.example' });
    const reader = await plantReaderAt(db, 'home.example', now);
    const { token } = await requestDomainProof(db, { accountId: reader.id, email: 'a@moving.example', now });
    const saved = await findOrganisation(db, organisationId);
    assert.ok(saved);
    const draft = parseOrganisationForm({
      name: saved.name,
      planId,
      seats: '2',
      startsAt: saved.contract.startsAt.toISOString(),
      endsAt: saved.contract.endsAt.toISOString(),
      byInvitation: true,
      byDomain: true,
      byIpRange: false,
      domains: '',
      ipRanges: '',
    });
    await saveOrganisation(db, { id: organisationId, draft, now });
    await assert.rejects(confirmDomainProof(db, dialect, { token, accountId: reader.id, now }), refusedWith('not-of-domains'));
  });
});

describe(`what a seat or an address gives (${dialect})`, () => {
  it('gives a member of a live contract its plan, and nothing before it starts, after it ends, or once removed', async () => {
    const organisationId = await plantOrganisation(db, now, { name: 'Access Institute', startsAt: later(-10).toISOString(), endsAt: later(10).toISOString() });
    const reader = await plantReaderAt(db, 'access.example', now);
    await admitMember(db, dialect, { organisationId, accountId: reader.id, route: 'staff', now });
    assert.deepEqual(await findMemberAccess(db, reader.id, now), { organisationId, organisationName: 'Access Institute', planId });
    assert.equal(await findMemberAccess(db, reader.id, later(-11)), undefined);
    assert.equal(await findMemberAccess(db, reader.id, later(10)), undefined);
    assert.deepEqual(await findEndedMembership(db, reader.id, later(10)), { organisationName: 'Access Institute', endedAt: later(10) });
    assert.equal(await findEndedMembership(db, reader.id, now), undefined);
    await removeMember(db, { organisationId, accountId: reader.id, actorId: null, now });
    assert.equal(await findMemberAccess(db, reader.id, now), undefined);
    assert.equal(await findEndedMembership(db, reader.id, later(10)), undefined);
  });

  it('gives a visitor on a live contract’s range its plan, and nothing off the range, when the contract does not admit by range, or after it ends', async () => {
    const organisationId = await plantOrganisation(db, now, {
      name: 'Library',
      ipRanges: '198.51.100.0/24\n2001:db8:aa::/48',
      byIpRange: true,
      endsAt: later(5).toISOString(),
    });
    await plantOrganisation(db, now, { name: 'Closed Library', ipRanges: '203.0.113.0/24', byIpRange: false });
    const library = { organisationId, organisationName: 'Library', planId, tiers: await listTiersOfPlan(db, planId) };
    assert.deepEqual(await findOnSiteAccess(db, '198.51.100.20', now), library);
    assert.deepEqual(await findOnSiteAccess(db, '::ffff:198.51.100.20', now), library);
    assert.deepEqual(await findOnSiteAccess(db, '2001:db8:aa::9', now), library);
    assert.equal(await findOnSiteAccess(db, '198.51.101.20', now), undefined);
    assert.equal(await findOnSiteAccess(db, '203.0.113.5', now), undefined);
    assert.equal(await findOnSiteAccess(db, '198.51.100.20', later(5)), undefined);
  });
});
