import type { Reader } from '../access/reader.ts';
import type { NewsletterAudience } from './newsletter-tables.ts';

/**
 * What a newsletter's audience asks of whoever wants it: only an address (a visitor at the sign-up
 * form), an account, or an account entitled to read everything (a subscriber, or newsroom staff).
 */
export type SubscriberStanding = 'address-only' | 'registered' | 'entitled';

/** The standing a reader has for choosing newsletters: lapsed readers are registered ones again. */
export function subscriberStandingOf(reader: Reader): SubscriberStanding {
  switch (reader.kind) {
    case 'subscriber':
    case 'staff':
      return 'entitled';
    case 'registered':
      return 'registered';
    case 'anonymous':
    case 'on-site':
    case 'verified-crawler':
      return 'address-only';
  }
}

/** Whether someone of this standing may subscribe to a newsletter for this audience. */
export function maySubscribe(audience: NewsletterAudience, standing: SubscriberStanding): boolean {
  switch (audience) {
    case 'anyone':
      return true;
    case 'registered':
      return standing !== 'address-only';
    case 'subscribers':
      return standing === 'entitled';
  }
}

/**
 * The newsletters a reader is offered to tick or untick: those their standing lets them join, and
 * any they are on already, so a reader whose subscription lapsed can still leave a subscribers' one.
 */
export function choosableNewsletters<N extends { id: number; audience: NewsletterAudience }>(
  newsletters: readonly N[],
  { standing, subscribed }: { standing: SubscriberStanding; subscribed: ReadonlySet<number> },
): N[] {
  return newsletters.filter((newsletter) => subscribed.has(newsletter.id) || maySubscribe(newsletter.audience, standing));
}
