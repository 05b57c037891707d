import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultAccessSettings } from '../access/access-settings.ts';
import type { Wall } from '../access/decide-access.ts';
import { defaultAccessMessages } from '../access/messages.ts';
import { defaultPaywallSettings } from '../access/paywall-settings.ts';
import type { Reader } from '../access/reader.ts';
import type { AccessLevel } from '../content/access-level.ts';
import type { ExperimentKind, RunningExperiment, VariantChange } from './experiment.ts';
import { changesDecision, changesPaywall, registeredMeterLimitOf, withChange } from './variant-effects.ts';

const changes: Record<ExperimentKind, VariantChange> = {
  'meter-limit': { kind: 'meter-limit', reader: 'anonymous', limit: 5 },
  'registration-wall': { kind: 'registration-wall', after: 1 },
  'paywall-offers': { kind: 'paywall-offers', offerIds: [4] },
  'paywall-wording': { kind: 'paywall-wording', title: 'Keep reading', body: 'Subscribe.' },
};
const experimentOf = (kind: ExperimentKind, change = changes[kind]): RunningExperiment => ({
  id: 1,
  kind,
  variants: [
    { key: 'a', name: 'A', share: 50, change },
    { key: 'b', name: 'B', share: 50, change },
  ],
});

const readers: Record<string, Reader> = {
  anonymous: { kind: 'anonymous' },
  registered: { kind: 'registered', readerId: 1, lapsed: null },
  lapsed: { kind: 'registered', readerId: 2, lapsed: 'subscription' },
  subscriber: { kind: 'subscriber', readerId: 3, tiers: [] },
  staff: { kind: 'staff', readerId: 4 },
  crawler: { kind: 'verified-crawler' },
};
const levels: AccessLevel[] = ['free', 'metered', 'registered', 'premium'];

describe('which experiments change the decision on a read', () => {
  it('a meter limit: its own kind of reader, on metered articles alone', () => {
    const anonymousMeter = experimentOf('meter-limit');
    const registeredMeter = experimentOf('meter-limit', { kind: 'meter-limit', reader: 'registered', limit: 20 });
    for (const [name, reader] of Object.entries(readers)) {
      for (const access of levels) {
        const isMetered = access === 'metered';
        assert.equal(changesDecision(anonymousMeter, { access, reader }), isMetered && name === 'anonymous', `${name} ${access}`);
        assert.equal(changesDecision(registeredMeter, { access, reader }), isMetered && (name === 'registered' || name === 'lapsed'), `${name} ${access}`);
      }
    }
  });

  it('the registration wall: anonymous readers on metered articles alone', () => {
    for (const [name, reader] of Object.entries(readers)) {
      for (const access of levels) {
        assert.equal(changesDecision(experimentOf('registration-wall'), { access, reader }), access === 'metered' && name === 'anonymous', `${name} ${access}`);
      }
    }
  });

  it('never the offers or the wording, which are the paywall’s', () => {
    for (const reader of Object.values(readers)) {
      assert.equal(changesDecision(experimentOf('paywall-offers'), { access: 'metered', reader }), false);
      assert.equal(changesDecision(experimentOf('paywall-wording'), { access: 'metered', reader }), false);
    }
  });
});

describe('which experiments change a paywall', () => {
  const walls: Wall[] = [
    { kind: 'meter-exhausted', reader: 'anonymous', limit: 3 },
    { kind: 'meter-exhausted', reader: 'registered', limit: 10 },
    { kind: 'registration-required' },
    { kind: 'subscription-required' },
    { kind: 'trial-expired' },
    { kind: 'subscription-expired' },
  ];
  it('offers: every wall that sells; wording: the wall of a spent meter; the meter and registration wall: none', () => {
    for (const wall of walls) {
      assert.equal(changesPaywall(experimentOf('paywall-offers'), wall), wall.kind !== 'registration-required', wall.kind);
      assert.equal(changesPaywall(experimentOf('paywall-wording'), wall), wall.kind === 'meter-exhausted', wall.kind);
      assert.equal(changesPaywall(experimentOf('meter-limit'), wall), false);
      assert.equal(changesPaywall(experimentOf('registration-wall'), wall), false);
    }
  });
});

describe("a variant's change", () => {
  const terms = { accessSettings: defaultAccessSettings, paywallSettings: defaultPaywallSettings, messages: defaultAccessMessages };

  it('sets one meter limit and leaves the other', () => {
    const changed = withChange(terms, { kind: 'meter-limit', reader: 'registered', limit: 20 });
    assert.deepEqual(changed.accessSettings.meterLimits, { anonymous: 3, registered: 20 });
    assert.equal(changed.messages, terms.messages);
  });

  it('places the registration wall, or takes it away', () => {
    assert.equal(withChange(terms, changes['registration-wall']).paywallSettings.registrationWallAfter, 1);
    assert.equal(withChange(terms, { kind: 'registration-wall', after: null }).paywallSettings.registrationWallAfter, null);
  });

  it("chooses the paywall's offers", () => {
    assert.deepEqual(withChange(terms, changes['paywall-offers']).paywallSettings.offerIds, [4]);
  });

  it("rewords both spent meters' walls and nothing else", () => {
    const { messages } = withChange(terms, changes['paywall-wording']);
    assert.equal(messages.meterExhaustedAnonymousTitle, 'Keep reading');
    assert.equal(messages.meterExhaustedRegisteredBody, 'Subscribe.');
    assert.equal(messages.subscriptionRequiredTitle, defaultAccessMessages.subscriptionRequiredTitle);
    assert.equal(messages.meterRemaining, defaultAccessMessages.meterRemaining);
  });

  it('leaves the terms it was given untouched', () => {
    withChange(terms, changes['meter-limit']);
    assert.deepEqual(terms.accessSettings.meterLimits, { anonymous: 3, registered: 10 });
  });
});

describe("a signed-in reader's monthly limit", () => {
  const registeredMeter: RunningExperiment = {
    id: 7,
    kind: 'meter-limit',
    variants: [
      { key: 'a', name: 'Ten', share: 50, change: { kind: 'meter-limit', reader: 'registered', limit: 10 } },
      { key: 'b', name: 'Twenty', share: 50, change: { kind: 'meter-limit', reader: 'registered', limit: 20 } },
    ],
  };
  const settings = { ...defaultAccessSettings, meterLimits: { anonymous: 3, registered: 12 } };

  it("is their variant's where a meter experiment on signed-in readers gave them one", () => {
    assert.equal(registeredMeterLimitOf(settings, { experiments: [registeredMeter], assignments: [{ experimentId: 7, variant: 'b' }] }), 20);
  });

  it('is the setting without a variant, with a variant of another experiment, or under a meter experiment on anonymous readers', () => {
    assert.equal(registeredMeterLimitOf(settings, { experiments: [registeredMeter], assignments: [] }), 12);
    assert.equal(registeredMeterLimitOf(settings, { experiments: [registeredMeter], assignments: [{ experimentId: 8, variant: 'b' }] }), 12);
    const anonymousMeter = { ...experimentOf('meter-limit'), id: 9 };
    assert.equal(registeredMeterLimitOf(settings, { experiments: [anonymousMeter], assignments: [{ experimentId: 9, variant: 'a' }] }), 12);
  });
});
