import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideAdmission, type JoinRoute } from './admission.ts';
import { isLive, standingOfContract } from './contract-standing.ts';
import { domainOfAddress, isAddressOfDomains, parseEmailDomain } from './email-domain.ts';
import { canonicalAddress, formatIpRange, isAddressInRanges, parseIpRange, type IpRange } from './ip-range.ts';
import { hasSeatLeft, seatsLeft } from './seats.ts';

const startsAt = new Date('2026-01-01T00:00:00Z');
const endsAt = new Date('2027-01-01T00:00:00Z');
const contract = { startsAt, endsAt };

describe("a contract's standing on the clock (standingOfContract)", () => {
  it('has not started before its start', () => {
    assert.deepEqual(standingOfContract(contract, new Date('2025-12-31T23:59:59.999Z')), { kind: 'not-started', startsAt });
  });
  it('is live from the instant it starts', () => {
    assert.deepEqual(standingOfContract(contract, startsAt), { kind: 'live', endsAt });
  });
  it('is live until the instant before its end', () => {
    assert.equal(isLive(contract, new Date('2026-12-31T23:59:59.999Z')), true);
  });
  it('has ended at its end and after', () => {
    assert.deepEqual(standingOfContract(contract, endsAt), { kind: 'ended', endedAt: endsAt });
    assert.equal(isLive(contract, new Date('2030-01-01T00:00:00Z')), false);
  });
});

describe("an organisation's domains (parseEmailDomain, isAddressOfDomains)", () => {
  it('takes a domain as staff type it, lower-cased, with or without its "@" or final dot', () => {
    assert.equal(parseEmailDomain(' Uni.Example '), 'uni.example');
    assert.equal(parseEmailDomain('@uni.example'), 'uni.example');
    assert.equal(parseEmailDomain('uni.example.'), 'uni.example');
    assert.equal(parseEmailDomain('mail.uni-bonn.example'), 'mail.uni-bonn.example');
  });
  for (const bad of ['', 'localhost', 'uni..example', '-uni.example', 'uni-.example', 'uni example.org', 'ana@uni.example', '*.uni.example']) {
    it(`refuses ${JSON.stringify(bad)}`, () => assert.equal(parseEmailDomain(bad), null));
  }
  it('finds the domain after the last "@" of an address, lower-cased', () => {
    assert.equal(domainOfAddress('Ana.Lima@Uni.Example'), 'uni.example');
    assert.equal(domainOfAddress('not an address'), null);
  });
  it('matches an address of the domain itself, whatever its case', () => {
    assert.equal(isAddressOfDomains('ana@UNI.example', ['uni.example']), true);
  });
  it('does not match a subdomain, a parent domain, or a name ending the same way', () => {
    assert.equal(isAddressOfDomains('ana@mail.uni.example', ['uni.example']), false);
    assert.equal(isAddressOfDomains('ana@example', ['uni.example']), false);
    assert.equal(isAddressOfDomains('ana@evil-uni.example', ['uni.example']), false);
    assert.equal(isAddressOfDomains('uni.example@evil.example', ['uni.example']), false);
  });
  it('matches nothing without domains, and no malformed address', () => {
    assert.equal(isAddressOfDomains('ana@uni.example', []), false);
    assert.equal(isAddressOfDomains('ana@@uni.example', ['uni.example']), false);
  });
});

describe('IP ranges (parseIpRange, isAddressInRanges)', () => {
  const range = (text: string): IpRange => {
    const parsed = parseIpRange(text);
    assert.ok(parsed, text);
    return parsed;
  };

  it('reads IPv4 and IPv6 ranges, and a lone address as a range of one', () => {
    assert.deepEqual(parseIpRange('10.0.0.0/8'), { family: 'ipv4', address: '10.0.0.0', prefix: 8 });
    assert.deepEqual(parseIpRange(' 2001:DB8::/32 '), { family: 'ipv6', address: '2001:db8::', prefix: 32 });
    assert.deepEqual(parseIpRange('192.0.2.7'), { family: 'ipv4', address: '192.0.2.7', prefix: 32 });
    assert.deepEqual(parseIpRange('2001:db8::7'), { family: 'ipv6', address: '2001:db8::7', prefix: 128 });
  });
  it('reads an IPv4-mapped range as the IPv4 range it maps', () => {
    assert.deepEqual(parseIpRange('::ffff:10.0.0.0/104'), { family: 'ipv4', address: '10.0.0.0', prefix: 8 });
  });
  for (const bad of [
    '',
    '10.0.0.0/33',
    '2001:db8::/129',
    '10.0.0/8',
    '10.0.0.0/-1',
    '10.0.0.0/8/8',
    '10.0.0.0/',
    '10.0.0.0/a',
    'campus',
    '::ffff:10.0.0.0/8',
    '256.0.0.0/8',
  ]) {
    it(`refuses ${JSON.stringify(bad)}`, () => assert.equal(parseIpRange(bad), null));
  }
  it('writes a range back as CIDR', () => {
    assert.equal(formatIpRange(range('10.1.0.0/16')), '10.1.0.0/16');
  });

  const campus = [range('192.0.2.0/24'), range('2001:db8:1::/48')];
  it('admits an IPv4 address inside and refuses one just outside', () => {
    assert.equal(isAddressInRanges('192.0.2.0', campus), true);
    assert.equal(isAddressInRanges('192.0.2.255', campus), true);
    assert.equal(isAddressInRanges('192.0.3.0', campus), false);
    assert.equal(isAddressInRanges('192.0.1.255', campus), false);
  });
  it('admits an IPv6 address inside and refuses one just outside', () => {
    assert.equal(isAddressInRanges('2001:db8:1:ffff::1', campus), true);
    assert.equal(isAddressInRanges('2001:DB8:1::', campus), true);
    assert.equal(isAddressInRanges('2001:db8:2::1', campus), false);
  });
  it('admits an IPv4-mapped IPv6 address by its IPv4 range, as a dual-stack socket reports it', () => {
    assert.equal(isAddressInRanges('::ffff:192.0.2.9', campus), true);
    assert.equal(isAddressInRanges('::FFFF:192.0.3.9', campus), false);
  });
  it('does not let an IPv6 range catch an IPv4 address or the other way round', () => {
    assert.equal(isAddressInRanges('10.0.0.1', [range('::/0')]), false);
    assert.equal(isAddressInRanges('2001:db8::1', [range('0.0.0.0/0')]), false);
  });
  it('admits a single address range only that address', () => {
    assert.equal(isAddressInRanges('198.51.100.7', [range('198.51.100.7')]), true);
    assert.equal(isAddressInRanges('198.51.100.8', [range('198.51.100.7')]), false);
  });
  it('admits nothing without ranges, and nothing that is not an address', () => {
    assert.equal(isAddressInRanges('192.0.2.1', []), false);
    for (const junk of ['', 'unknown', '192.0.2.1, 10.0.0.1', '192.0.2.1:443', '[2001:db8:1::1]']) assert.equal(isAddressInRanges(junk, campus), false, junk);
  });
  it('compares addresses canonically', () => {
    assert.deepEqual(canonicalAddress('::ffff:127.0.0.1'), { family: 'ipv4', address: '127.0.0.1' });
    assert.deepEqual(canonicalAddress('::1'), { family: 'ipv6', address: '::1' });
    assert.equal(canonicalAddress('localhost'), null);
  });
});

describe('seats (seatsLeft, hasSeatLeft)', () => {
  it('counts what is left', () => {
    assert.equal(seatsLeft({ seats: 10, taken: 3 }), 7);
    assert.equal(hasSeatLeft({ seats: 10, taken: 9 }), true);
  });
  it('has none left when every seat is taken, or more (seats cut below the members)', () => {
    assert.equal(hasSeatLeft({ seats: 10, taken: 10 }), false);
    assert.equal(seatsLeft({ seats: 5, taken: 8 }), 0);
    assert.equal(hasSeatLeft({ seats: 0, taken: 0 }), false);
  });
});

describe('what admits whom (decideAdmission)', () => {
  const open = { ...contract, byInvitation: true, byDomain: true, byIpRange: false };
  const now = new Date('2026-06-01T00:00:00Z');
  const admit = (changes: { route?: JoinRoute; taken?: number; isMember?: boolean; now?: Date; contract?: typeof open } = {}) =>
    decideAdmission({
      contract: changes.contract ?? open,
      route: changes.route ?? 'invitation',
      seats: { seats: 2, taken: changes.taken ?? 0 },
      isMember: changes.isMember ?? false,
      now: changes.now ?? now,
    });

  it('admits by invitation, by domain and by staff while the contract is live with a seat left', () => {
    for (const route of ['invitation', 'domain', 'staff'] as const) assert.deepEqual(admit({ route, taken: 1 }), { kind: 'admitted' });
  });
  it('refuses the last seat once it is taken', () => {
    assert.deepEqual(admit({ taken: 2 }), { kind: 'refused', reason: 'seats-full' });
    assert.deepEqual(admit({ route: 'staff', taken: 2 }), { kind: 'refused', reason: 'seats-full' });
  });
  it('refuses before the contract starts and after it ends', () => {
    assert.deepEqual(admit({ now: new Date('2025-06-01T00:00:00Z') }), { kind: 'refused', reason: 'contract-not-started' });
    assert.deepEqual(admit({ now: endsAt }), { kind: 'refused', reason: 'contract-ended' });
  });
  it('refuses a way the contract does not open, but lets staff add a member', () => {
    const closed = { ...open, byInvitation: false, byDomain: false };
    assert.deepEqual(admit({ contract: closed, route: 'invitation' }), { kind: 'refused', reason: 'way-closed' });
    assert.deepEqual(admit({ contract: closed, route: 'domain' }), { kind: 'refused', reason: 'way-closed' });
    assert.deepEqual(admit({ contract: closed, route: 'staff' }), { kind: 'admitted' });
  });
  it('refuses a reader who is a member already, before counting seats', () => {
    assert.deepEqual(admit({ isMember: true, taken: 2 }), { kind: 'refused', reason: 'already-member' });
  });
});
