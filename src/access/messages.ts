import { IntlMessageFormat } from 'intl-messageformat';

/**
 * Every text of the meter and the paywall, as ICU messages, so a publication can reword and
 * translate them. These are the English defaults.
 */
export const defaultAccessMessages = {
  meterRemaining: 'You have {n, plural, one {# free article} other {# free articles}} left this month',
  meterLast: 'This is your last free article this month',
  meterExhaustedAnonymousTitle: 'Register to keep reading',
  meterExhaustedAnonymousBody:
    'You have read your {limit, plural, one {free article} other {# free articles}} this month. Register for free to read {registeredLimit} a month, or subscribe for unlimited access to {publication}.',
  meterExhaustedRegisteredTitle: 'Subscribe to keep reading',
  meterExhaustedRegisteredBody:
    'You have read your {limit, plural, one {free article} other {# free articles}} this month. Subscribe for unlimited access to {publication}.',
  registrationRequiredTitle: 'Register to read this article',
  registrationRequiredBody: 'This article is free to read for registered readers of {publication}. Registering takes a minute.',
  subscriptionRequiredTitle: 'This article is for subscribers',
  subscriptionRequiredBody: 'Subscribe for unlimited access to everything {publication} publishes.',
  trialExpiredTitle: 'Your trial period has expired',
  trialExpiredBody: 'A subscription gives you unlimited access to every article on the web and in our apps.',
  subscriptionExpiredTitle: 'Your full access to {publication} has expired',
  subscriptionExpiredBody: 'Subscribe again to keep reading every article on the web and in our apps.',
  subscribeAction: 'Subscribe',
  seeOffersAction: 'See all offers',
  seeOffersAndSubscribeAction: 'See all offers and subscribe',
  registerAction: 'Register for free',
  logInAction: 'Already registered? Log in',
  giftedBy: 'Gifted to you by {giver}, a subscriber',
  giftedBySubscriber: 'Gifted to you by a subscriber',
  giftLinkInvalid: 'This gift link is not valid: it may have been copied only in part, or it opens another article',
  giftLinkExpired: 'This gift link has expired',
  giftLinkRevoked: 'This gift link has been withdrawn by the subscriber who shared it',
  giftLinkUsedUp: 'This gift link has been opened as many times as it allows',
  giftsLeft: 'You have {n, plural, =0 {no gifts} one {# gift} other {# gifts}} left this month',
  giftAllowanceSpent: 'You have given all your {allowance, plural, one {# gift} other {# gifts}} this month. You can give more from the first of next month.',
} as const;

export type AccessMessageKey = keyof typeof defaultAccessMessages;
export type AccessMessages = Readonly<Record<AccessMessageKey, string>>;

type Values = Record<string, string | number>;

const compiled = new Map<string, IntlMessageFormat>();

/** Formats one message in the publication's locale; compiled messages are kept for reuse. */
export function formatAccessMessage(messages: AccessMessages, key: AccessMessageKey, locale: string, values: Values = {}): string {
  const source = messages[key];
  const cacheKey = `${locale}\u0000${source}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    format = new IntlMessageFormat(source, locale);
    compiled.set(cacheKey, format);
  }
  const result = format.format(values);
  return typeof result === 'string' ? result : String(result);
}

/** Checks that a message parses as ICU before it is saved; returns the parser's complaint or null. */
export function findMessageError(source: string, locale: string): string | null {
  try {
    new IntlMessageFormat(source, locale);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
