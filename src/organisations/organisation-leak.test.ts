import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../test/app.ts';
import { seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { plantOrganisation } from '../../test/organisation-fixtures.ts';
import { plantLockedArticles } from '../../test/planted-articles.ts';
import { signedInCookie } from '../../test/readers.ts';
import { admitMember } from './membership.ts';

/**
 * The planted-token check for organisations: a member of a live contract and a visitor on its IP
 * range read the premium article in full; a non-member, a member of an ended contract, a visitor off
 * the range, and one who writes an X-Forwarded-For of the range to a server that trusts no proxy,
 * get its preview and never its locked words.
 */
const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const seeded = await seedPublication(db, now);
const planted = await plantLockedArticles(db, seeded, now, { tokenPrefix: 'PLANTEDORG' });
const premium = planted.get('premium') ?? assert.fail('no premium piece');

const library = await plantOrganisation(db, now, { name: 'City Library', byIpRange: true, ipRanges: '198.51.100.0/24\n2001:db8:77::/48' });
const ended = await plantOrganisation(db, now, {
  name: 'Old College',
  startsAt: new Date(now.getTime() - 60 * 86_400_000).toISOString(),
  endsAt: new Date(now.getTime() - 86_400_000).toISOString(),
});
const member = await signedInCookie(db, 'reader', now);
const formerMember = await signedInCookie(db, 'reader', new Date(now.getTime() - 30 * 86_400_000));
const outsider = await signedInCookie(db, 'reader', now);
await admitMember(db, dialect, { organisationId: library, accountId: member.accountId, route: 'staff', now });
await admitMember(db, dialect, { organisationId: ended, accountId: formerMember.accountId, route: 'staff', now: new Date(now.getTime() - 30 * 86_400_000) });

const behindProxy = await buildTestApp(database, { now: () => now, env: { TRUST_PROXY: 'true' } });
const direct = await buildTestApp(database, { now: () => now });
const url = `/world/${premium.slug}`;

type Visit = { name: string; app: typeof direct; cookie?: string; remoteAddress?: string; forwardedFor?: string };
const read = ({ app, cookie, remoteAddress, forwardedFor }: Visit) =>
  app.inject({
    method: 'GET',
    url,
    ...(remoteAddress === undefined ? {} : { remoteAddress }),
    headers: { ...(cookie === undefined ? {} : { cookie }), ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }) },
  });

const entitled: Visit[] = [
  { name: 'a member of a live contract', app: direct, cookie: member.cookie },
  { name: 'a visitor on the range, directly', app: direct, remoteAddress: '198.51.100.7' },
  { name: 'a visitor on the range, IPv4-mapped', app: direct, remoteAddress: '::ffff:198.51.100.7' },
  { name: 'a visitor on the IPv6 range', app: direct, remoteAddress: '2001:db8:77::1' },
  { name: 'a visitor on the range through a trusted proxy', app: behindProxy, forwardedFor: '198.51.100.7' },
  { name: 'a signed-in non-member on the range through a trusted proxy', app: behindProxy, cookie: outsider.cookie, forwardedFor: '198.51.100.7' },
];
const refused: Visit[] = [
  { name: 'an anonymous visitor off the range', app: direct, remoteAddress: '192.0.2.1' },
  { name: 'a signed-in non-member off the range', app: direct, cookie: outsider.cookie },
  { name: 'a member of an ended contract', app: direct, cookie: formerMember.cookie },
  { name: 'a visitor whose spoofed X-Forwarded-For names the range, to a server that trusts no proxy', app: direct, forwardedFor: '198.51.100.7' },
  {
    name: 'a spoofed X-Forwarded-For beside a real address off the range',
    app: direct,
    remoteAddress: '192.0.2.1',
    forwardedFor: '198.51.100.7, 198.51.100.8',
  },
  { name: 'a visitor off the range through a trusted proxy', app: behindProxy, forwardedFor: '192.0.2.1' },
];

describe(`organisations and the paywall (${dialect})`, () => {
  for (const visit of entitled) {
    it(`${visit.name} reads the premium article in full`, async () => {
      const response = await read(visit);
      assert.equal(response.statusCode, 200);
      assert.ok(response.body.includes(premium.token), 'the locked words are there');
    });
  }
  for (const visit of refused) {
    it(`${visit.name} gets the preview, never the locked words`, async () => {
      const response = await read(visit);
      assert.equal(response.statusCode, 200);
      assert.ok(response.body.includes(premium.openToken), 'the preview is there');
      assert.ok(!response.body.includes(premium.token), 'the locked words leaked');
    });
  }
  it('keeps an on-site page out of shared caches', async () => {
    const response = await read({ name: 'on site', app: direct, remoteAddress: '198.51.100.7' });
    assert.equal(response.headers['cache-control'], 'private, no-store');
  });
});
