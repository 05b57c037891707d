import type { AccessSettings } from '../../access/access-settings.ts';
import type { Notice, Wall } from '../../access/decide-access.ts';
import { formatAccessMessage, type AccessMessageKey, type AccessMessages } from '../../access/messages.ts';
import { accountPaths } from '../../http/account-paths.ts';
import type { NoticeView, OfferView, PaywallView } from './view-models.ts';

type Wording = { messages: AccessMessages; locale: string; publication: string; settings: AccessSettings };

export function toNoticeView(notice: Notice | null, { messages, locale }: Wording): NoticeView | null {
  if (notice === null) return null;
  return notice.kind === 'meter-last'
    ? { text: formatAccessMessage(messages, 'meterLast', locale) }
    : { text: formatAccessMessage(messages, 'meterRemaining', locale, { n: notice.remaining }) };
}

const wallMessages: Record<Wall['kind'] | 'meter-exhausted-registered', { title: AccessMessageKey; body: AccessMessageKey }> = {
  'meter-exhausted': { title: 'meterExhaustedAnonymousTitle', body: 'meterExhaustedAnonymousBody' },
  'meter-exhausted-registered': { title: 'meterExhaustedRegisteredTitle', body: 'meterExhaustedRegisteredBody' },
  'registration-required': { title: 'registrationRequiredTitle', body: 'registrationRequiredBody' },
  'subscription-required': { title: 'subscriptionRequiredTitle', body: 'subscriptionRequiredBody' },
  'tier-required': { title: 'tierRequiredTitle', body: 'tierRequiredBody' },
  'upgrade-required': { title: 'upgradeRequiredTitle', body: 'upgradeRequiredBody' },
  'trial-expired': { title: 'trialExpiredTitle', body: 'trialExpiredBody' },
  'subscription-expired': { title: 'subscriptionExpiredTitle', body: 'subscriptionExpiredBody' },
  'organisation-ended': { title: 'organisationEndedTitle', body: 'organisationEndedBody' },
};

/** What the paywall says and offers, for the reason the article stopped. */
export function toPaywallView(
  wall: Wall,
  { isSignedIn, returnPath, offers, csrfToken }: { isSignedIn: boolean; returnPath: string; offers: readonly OfferView[]; csrfToken: string },
  wording: Wording,
): PaywallView {
  const { messages, locale, publication, settings } = wording;
  const key = wall.kind === 'meter-exhausted' && wall.reader === 'registered' ? 'meter-exhausted-registered' : wall.kind;
  const values = {
    publication,
    // The limit this read was held to: the setting's, or the meter rule's that applied.
    limit: wall.kind === 'meter-exhausted' ? wall.limit : 0,
    registeredLimit: settings.meterLimits.registered,
    tier: wall.kind === 'tier-required' || wall.kind === 'upgrade-required' ? wall.tier.name : '',
    organisation: wall.kind === 'organisation-ended' ? wall.organisationName : '',
    // In words ("December 2, 2026"): a contract ends at midnight UTC of the day the newsroom names.
    endedOn: wall.kind === 'organisation-ended' ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(wall.endedAt) : '',
  };
  const text = (messageKey: AccessMessageKey) => formatAccessMessage(messages, messageKey, locale, values);
  const next = `?next=${encodeURIComponent(returnPath)}`;
  const register = { label: text('registerAction'), url: `${accountPaths.register}${next}` };
  const logIn = { label: text('logInAction'), url: `${accountPaths.logIn}${next}` };
  // With offer cards on the paywall, the plain link goes to the full list instead of repeating "Subscribe".
  const subscribe = { label: text(offers.length > 0 ? 'seeOffersAction' : 'subscribeAction'), url: accountPaths.offers };
  const secondary = <T extends object>(action: T) => ({ ...action, isPrimary: false });

  // One story a wall: its title says what to do, and its strongest button (the best offer, else the
  // one action) does it; the other ways on follow as quieter links.
  const actions =
    key === 'meter-exhausted'
      ? offers.length === 0
        ? [{ ...subscribe, isPrimary: true }, secondary({ label: text('registerForMoreAction'), url: register.url }), secondary(logIn)]
        : [secondary({ label: text('registerForMoreAction'), url: register.url }), secondary(subscribe), secondary(logIn)]
      : key === 'registration-required'
        ? [{ ...register, isPrimary: true }, secondary(logIn)]
        : key === 'trial-expired'
          ? [{ label: text('seeOffersAndSubscribeAction'), url: accountPaths.offers, isPrimary: offers.length === 0 }]
          : key === 'subscription-expired' || key === 'organisation-ended'
            ? [{ label: text('seeOffersAction'), url: accountPaths.offers, isPrimary: offers.length === 0 }]
            : key === 'upgrade-required'
              ? [{ label: text('changePlanAction'), url: accountPaths.account, isPrimary: true }]
              : [{ ...subscribe, isPrimary: offers.length === 0 }, ...(isSignedIn ? [] : [secondary(logIn)])];

  // Registered walls sell registration, not a subscription, and a subscriber changes plan rather
  // than taking an offer; every other wall shows the offers.
  const shownOffers = key === 'registration-required' || key === 'upgrade-required' ? [] : offers;
  return { title: text(wallMessages[key].title), body: text(wallMessages[key].body), actions, offers: shownOffers, csrfToken, isSignedIn };
}
