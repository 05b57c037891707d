import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultAccessSettings } from '../../access/access-settings.ts';
import { defaultAccessMessages } from '../../access/messages.ts';
import { toPaywallView } from './paywall-view.ts';

const wording = { messages: defaultAccessMessages, locale: 'en-US', publication: 'The Courier', settings: defaultAccessSettings };
const asked = { isSignedIn: true, returnPath: '/world/a-story', offers: [], csrfToken: 'token' };

describe('the paywall in words', () => {
  it('names the organisation whose contract ended and the day it ended, in words', () => {
    const wall = { kind: 'organisation-ended', organisationName: 'Quay Institute', endedAt: new Date('2026-12-02T00:00:00Z') } as const;
    const view = toPaywallView(wall, asked, wording);
    assert.equal(view.title, 'Your access through Quay Institute ended on December 2, 2026');
    assert.deepEqual(
      view.actions.map(({ url }) => url),
      ['/offers'],
    );
  });

  it('writes the day in the publication’s language', () => {
    const wall = { kind: 'organisation-ended', organisationName: 'Institut du Quai', endedAt: new Date('2026-12-02T00:00:00Z') } as const;
    assert.match(toPaywallView(wall, asked, { ...wording, locale: 'fr-FR' }).title, /2 décembre 2026/);
  });

  it('asks a subscriber without the tier to change plan, and sells the tier to anyone else', () => {
    const tier = { slug: 'premium', name: 'Premium' };
    const upgrade = toPaywallView({ kind: 'upgrade-required', tier }, asked, wording);
    assert.match(upgrade.title, /Premium/);
    assert.deepEqual(
      upgrade.actions.map(({ url, isPrimary }) => [url, isPrimary]),
      [['/account', true]],
    );
    assert.equal(toPaywallView({ kind: 'tier-required', tier }, asked, wording).title, 'This article is for Premium subscribers');
  });
});
