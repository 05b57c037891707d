import { IntlMessageFormat } from 'intl-messageformat';

/**
 * Every text of the meter and the paywall, as ICU messages, so a publication can reword and
 * translate them. These are the English defaults.
 */
export const defaultAccessMessages = {
  meterRemaining: 'You have {n, plural, one {# free article} other {# free articles}} left this month',
  meterLast: 'This is your last free article this month',
  meterExhaustedAnonymousTitle: 'Subscribe to keep reading',
  meterExhaustedAnonymousBody:
    'You have read your {limit, plural, one {free article} other {# free articles}} this month. Subscribe for unlimited access to {publication}.',
  meterExhaustedRegisteredTitle: 'Subscribe to keep reading',
  meterExhaustedRegisteredBody:
    'You have read your {limit, plural, one {free article} other {# free articles}} this month. Subscribe for unlimited access to {publication}.',
  registrationRequiredTitle: 'Register to read this article',
  registrationRequiredBody: 'This article is free to read for registered readers of {publication}. Registering takes a minute.',
  subscriptionRequiredTitle: 'This article is for subscribers',
  subscriptionRequiredBody: 'Subscribe for unlimited access to everything {publication} publishes.',
  tierRequiredTitle: 'This article is for {tier} subscribers',
  tierRequiredBody: 'Subscribe to a plan with {tier} to read it and everything else {publication} publishes for {tier} subscribers.',
  upgradeRequiredTitle: 'This article is part of {tier}',
  upgradeRequiredBody: 'Your plan does not include {tier}. Change to a plan that does and read on: what is left of this period counts towards it.',
  changePlanAction: 'Change your plan',
  trialExpiredTitle: 'Your trial period has expired',
  trialExpiredBody: 'A subscription gives you unlimited access to every article on the web and in our apps.',
  subscriptionExpiredTitle: 'Your full access to {publication} has expired',
  subscriptionExpiredBody: 'Subscribe again to keep reading every article on the web and in our apps.',
  organisationEndedTitle: 'Your access through {organisation} ended on {endedOn}',
  organisationEndedBody: 'Subscribe yourself to keep reading every article {publication} publishes, on the web and in our apps.',
  subscribeAction: 'Subscribe',
  seeOffersAction: 'See all offers',
  seeOffersAndSubscribeAction: 'See all offers and subscribe',
  registerAction: 'Register for free',
  registerForMoreAction: 'Or register for free to read {registeredLimit} articles a month',
  logInAction: 'Already registered? Log in',
  giftedBy: 'Gifted to you by {giver}, a subscriber',
  giftedBySubscriber: 'Gifted to you by a subscriber',
  giftLinkInvalid: 'This gift link is not valid: it may have been copied only in part, or it opens another article',
  giftLinkExpired: 'This gift link has expired',
  giftLinkRevoked: 'This gift link has been withdrawn by the subscriber who shared it',
  giftLinkUsedUp: 'This gift link has been opened as many times as it allows',
  giftsLeft: 'You have {n, plural, =0 {no gifts} one {# gift} other {# gifts}} left this month',
  giftAllowanceSpent: 'You have given all your {allowance, plural, one {# gift} other {# gifts}} this month. You can give more from the first of next month.',
  giftSubscribePrompt: 'Enjoyed this article? Subscribe to {publication} to read every story',
  subscribedWelcome: 'Welcome to {publication} — you now have full access',
} as const;

export type AccessMessageKey = keyof typeof defaultAccessMessages;
export type AccessMessages = Readonly<Record<AccessMessageKey, string>>;

type Values = Readonly<Record<string, string | number>>;

const wallValues: Values = {
  publication: 'The Courier',
  limit: 3,
  registeredLimit: 10,
  tier: 'Premium',
  organisation: 'Harbour Press Club',
  endedOn: '2026-06-01',
};

/**
 * The values the site gives each message when it shows it (the paywall gives every one of its texts
 * the same values). A message is checked by formatting it with these before it is saved, so a
 * placeholder the site never fills is refused in the form rather than failing on a reader's page.
 */
export const accessMessageValues: Readonly<Record<AccessMessageKey, Values>> = {
  meterRemaining: { n: 2 },
  meterLast: {},
  meterExhaustedAnonymousTitle: wallValues,
  meterExhaustedAnonymousBody: wallValues,
  meterExhaustedRegisteredTitle: wallValues,
  meterExhaustedRegisteredBody: wallValues,
  registrationRequiredTitle: wallValues,
  registrationRequiredBody: wallValues,
  subscriptionRequiredTitle: wallValues,
  subscriptionRequiredBody: wallValues,
  tierRequiredTitle: wallValues,
  tierRequiredBody: wallValues,
  upgradeRequiredTitle: wallValues,
  upgradeRequiredBody: wallValues,
  changePlanAction: wallValues,
  trialExpiredTitle: wallValues,
  trialExpiredBody: wallValues,
  subscriptionExpiredTitle: wallValues,
  subscriptionExpiredBody: wallValues,
  organisationEndedTitle: wallValues,
  organisationEndedBody: wallValues,
  subscribeAction: wallValues,
  seeOffersAction: wallValues,
  seeOffersAndSubscribeAction: wallValues,
  registerAction: wallValues,
  registerForMoreAction: wallValues,
  logInAction: wallValues,
  giftedBy: { giver: 'Ada' },
  giftedBySubscriber: {},
  giftLinkInvalid: {},
  giftLinkExpired: {},
  giftLinkRevoked: {},
  giftLinkUsedUp: {},
  giftsLeft: { n: 2 },
  giftAllowanceSpent: { allowance: 10 },
  giftSubscribePrompt: { publication: 'The Courier' },
  subscribedWelcome: { publication: 'The Courier' },
};

/** A message that could not be shown, for the log: which one and why. */
export type MessageFailure = { key: AccessMessageKey; source: string; reason: string };

const compiled = new Map<string, IntlMessageFormat>();
const reported = new Set<string>();

function formatSource(source: string, locale: string, values: Values): string {
  const cacheKey = `${locale}\u0000${source}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    format = new IntlMessageFormat(source, locale);
    compiled.set(cacheKey, format);
  }
  const result = format.format(values);
  return typeof result === 'string' ? result : String(result);
}

/** One line on the server's error output, once per bad message, however many pages show it. */
function reportOnce(failure: MessageFailure, locale: string): void {
  const seenKey = `${locale}\u0000${failure.key}\u0000${failure.source}`;
  if (reported.has(seenKey)) return;
  reported.add(seenKey);
  console.error(
    `dateline: the publication's wording of "${failure.key}" cannot be shown (${failure.reason}); readers see the default wording until it is corrected in Settings`,
  );
}

/**
 * Formats one message in the publication's locale; compiled messages are kept for reuse. A
 * publication's wording that cannot be formatted (one saved before wordings were checked, say) gives
 * way to the default wording and is reported, so one bad setting never takes a page down.
 */
export function formatAccessMessage(
  messages: AccessMessages,
  key: AccessMessageKey,
  locale: string,
  values: Values = {},
  { onFailure = reportOnce }: { onFailure?: (failure: MessageFailure, locale: string) => void } = {},
): string {
  const source = messages[key];
  try {
    return formatSource(source, locale, values);
  } catch (error) {
    if (source === defaultAccessMessages[key]) throw error;
    onFailure({ key, source, reason: error instanceof Error ? error.message : String(error) }, locale);
    return formatSource(defaultAccessMessages[key], locale, values);
  }
}

/**
 * Checks a publication's wording of a message before it is saved: it must parse as ICU and format
 * with the values the site gives it. Returns what is wrong, in words for the administrator, or null.
 */
export function findMessageError(key: AccessMessageKey, source: string, locale: string): string | null {
  let format: IntlMessageFormat;
  try {
    format = new IntlMessageFormat(source, locale);
  } catch (error) {
    return `is not a valid ICU message: ${error instanceof Error ? error.message : String(error)}`;
  }
  try {
    format.format(accessMessageValues[key]);
    return null;
  } catch (error) {
    const names = Object.keys(accessMessageValues[key]);
    const allowed =
      names.length === 0 ? 'This text takes no values in braces, and no tags.' : `It may use ${names.map((name) => `{${name}}`).join(', ')}, and no tags.`;
    return `cannot be shown to readers: ${error instanceof Error ? error.message : String(error)}. ${allowed}`;
  }
}
