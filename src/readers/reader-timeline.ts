import type { AccountSource } from '../accounts/account.ts';
import { formatMoney } from '../commerce/money.ts';
import type { Payment } from '../commerce/payment-ledger.ts';
import type { SubscriptionStatus } from '../commerce/subscription.ts';
import type { ComplimentaryAccess } from './complimentary-access.ts';
import type { ReaderEvent, RecordedReaderEvent } from './reader-events.ts';
import { describePlanChanges, type DeskPlanChange } from './plan-change-lines.ts';

/**
 * Everything that happened to one reader, each part as its own table keeps it. The timeline is a
 * pure fold over it, so what the desk is told can be checked with plain objects.
 */
export type ReaderHistory = {
  signedUpAt: Date;
  source: AccountSource;
  subscriptions: readonly {
    id: number;
    planName: string;
    offerHeadline: string | null;
    status: SubscriptionStatus;
    startedAt: Date;
    trialEnd: Date | null;
    currentPeriodEnd: Date;
    pastDueSince: Date | null;
  }[];
  payments: readonly Payment[];
  complimentary: readonly ComplimentaryAccess[];
  gifts: readonly { id: number; headline: string; givenAt: Date; revokedAt: Date | null }[];
  devices: readonly { id: number; name: string; signedInAt: Date; revokedAt: Date | null }[];
  mails: readonly { id: number; kind: string; subject: string; sentAt: Date }[];
  events: readonly RecordedReaderEvent[];
  /** Staff by id, for "by whom" on the desk's own actions. */
  staffNames: ReadonlyMap<number, string>;
  /** Moves between plans, applied, waiting or called off. */
  planChanges?: readonly DeskPlanChange[];
  /** Gift subscriptions the reader bought or redeemed; a revocation is told by its event, which holds the reason. */
  giftSubscriptions?: readonly DeskGiftSubscription[];
};

/** A gift subscription, on the side the reader was on. */
export type DeskGiftSubscription = {
  side: 'bought' | 'received';
  months: number;
  buyerName: string;
  recipientName: string;
  paidAt: Date | null;
  deliveredAt: Date | null;
  redeemedAt: Date | null;
  accessUntil: Date | null;
  revokedAt: Date | null;
};

/** What kind of line it is, for the timeline's filter and its marks. */
export const timelineCategories = ['account', 'subscription', 'payment', 'access', 'gift', 'device', 'mail'] as const;
export type TimelineCategory = (typeof timelineCategories)[number];

export type TimelineEntry = {
  at: Date;
  category: TimelineCategory;
  title: string;
  detail: string | null;
  /** Good news (a payment taken), bad news (a payment failed), or neither. */
  tone: 'positive' | 'negative' | 'neutral';
  /** The staff member who did it, for the desk's own actions. */
  by: string | null;
};

/** The publication's locale and clock, and the moment the page is read (what has not happened yet is not history). */
type Wording = { locale: string; timeZone: string; now: Date };

const signUpTitles: Readonly<Record<AccountSource, string>> = {
  website: 'Signed up on the website',
  import: 'Account brought in by import',
  newsletter: 'Confirmed a newsletter sign-up',
};

const statusWords: Readonly<Record<SubscriptionStatus, string>> = {
  trialing: 'trialing',
  active: 'active',
  past_due: 'past due',
  canceled: 'canceled, access until the period ends',
  expired: 'ended',
};

/**
 * The reader's timeline, newest first. Subscriptions, payments, access given, gifts, devices and
 * mails come from their own tables; the events add what no table keeps (a cancellation's reason, an
 * import, the desk's actions). Events that only repeat a table's line (a subscription started, a
 * refund, access given or revoked) are left to the table, which holds the amounts and dates.
 */
const joinedByDetails: Record<Extract<ReaderEvent, { kind: 'organisation-joined' }>['joinedBy'], string> = {
  domain: 'By a proven address of its domain',
  invitation: 'By invitation',
  staff: 'By staff',
  purchase: 'As the reader who bought its seats',
};

export function composeTimeline(history: ReaderHistory, { locale, timeZone, now }: Wording): TimelineEntry[] {
  const money = (payment: Pick<Payment, 'amountMinor' | 'currency'>) => formatMoney(payment, locale);
  const day = (date: Date) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(date);
  const entries: TimelineEntry[] = [];
  const add = (entry: Omit<TimelineEntry, 'by' | 'detail' | 'tone'> & Partial<Pick<TimelineEntry, 'by' | 'detail' | 'tone'>>) =>
    entries.push({ detail: null, tone: 'neutral', by: null, ...entry });

  add({
    at: history.signedUpAt,
    category: 'account',
    title: signUpTitles[history.source],
  });

  for (const subscription of history.subscriptions) {
    const offer = subscription.offerHeadline === null ? '' : ` on the offer “${subscription.offerHeadline}”`;
    add({
      at: subscription.startedAt,
      category: 'subscription',
      title: subscription.trialEnd !== null ? `Started a free trial of ${subscription.planName}` : `Subscribed to ${subscription.planName}`,
      detail: `${subscription.trialEnd !== null ? `Trial to ${day(subscription.trialEnd)}` : 'Paid'}${offer}; now ${statusWords[subscription.status]}.`,
      tone: 'positive',
    });
    if (subscription.pastDueSince !== null && subscription.pastDueSince <= now) {
      add({
        at: subscription.pastDueSince,
        category: 'payment',
        title: `${subscription.planName}: payments failing`,
        detail: 'The grace period began.',
        tone: 'negative',
      });
    }
    if (subscription.status === 'expired' && subscription.currentPeriodEnd <= now) {
      add({
        at: subscription.currentPeriodEnd,
        category: 'subscription',
        title:
          subscription.trialEnd !== null && subscription.trialEnd >= subscription.currentPeriodEnd
            ? `Trial of ${subscription.planName} ended`
            : `${subscription.planName} ended`,
        tone: 'negative',
      });
    }
  }

  for (const line of describePlanChanges(history.planChanges ?? [], { locale, timeZone, now })) add({ ...line, category: 'subscription' });

  const charges = new Map(history.payments.map((payment) => [payment.id, payment]));
  for (const payment of history.payments) {
    if (payment.kind === 'refund') {
      const charge = payment.refundOf === null ? undefined : charges.get(payment.refundOf);
      add({
        at: payment.occurredAt,
        category: 'payment',
        title: `Refunded ${money(payment)}`,
        detail: charge ? `Paid back the payment of ${day(charge.occurredAt)}.` : null,
      });
    } else if (payment.status === 'failed') {
      add({ at: payment.occurredAt, category: 'payment', title: `Payment of ${money(payment)} failed`, tone: 'negative' });
    } else {
      add({
        at: payment.occurredAt,
        category: 'payment',
        title: `Paid ${money(payment)}`,
        detail: payment.provider === 'test' ? 'Test mode' : payment.providerPaymentId,
        tone: 'positive',
      });
    }
  }

  for (const access of history.complimentary) {
    const grantor = access.grantedBy === null ? null : (history.staffNames.get(access.grantedBy) ?? null);
    add({
      at: access.startsAt,
      category: 'access',
      title: access.endsAt === null ? 'Complimentary access given, open-ended' : `Complimentary access given until ${day(access.endsAt)}`,
      detail: access.reason,
      tone: 'positive',
      by: grantor,
    });
    if (access.revokedAt !== null && access.revokedAt <= now) add({ at: access.revokedAt, category: 'access', title: 'Complimentary access revoked' });
    else if (access.endsAt !== null && access.endsAt <= now) add({ at: access.endsAt, category: 'access', title: 'Complimentary access ended' });
  }

  for (const gift of history.gifts) {
    add({ at: gift.givenAt, category: 'gift', title: `Gave an article: “${gift.headline}”` });
    if (gift.revokedAt !== null) add({ at: gift.revokedAt, category: 'gift', title: `Took back the gift of “${gift.headline}”` });
  }

  for (const line of describeGiftSubscriptions(history.giftSubscriptions ?? [], { day, now })) add(line);

  for (const device of history.devices) {
    add({ at: device.signedInAt, category: 'device', title: `Signed in on a device: ${device.name}` });
    if (device.revokedAt !== null) add({ at: device.revokedAt, category: 'device', title: `Signed out a device: ${device.name}` });
  }

  for (const mail of history.mails) add({ at: mail.sentAt, category: 'mail', title: `Mail sent: “${mail.subject}”` });

  for (const event of history.events) {
    const line = describeEvent(event, day);
    if (line === null) continue;
    add({ at: event.occurredAt, ...line, by: event.actorId === null ? null : (history.staffNames.get(event.actorId) ?? 'A former staff member') });
  }

  // Newest first; at the same moment, the order they were added in (a sign-up before its first payment).
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => b.entry.at.getTime() - a.entry.at.getTime() || b.index - a.index)
    .map(({ entry }) => entry);
}

/** What happened to the gift subscriptions a reader bought and redeemed, as far as it has happened. */
function describeGiftSubscriptions(gifts: readonly DeskGiftSubscription[], { day, now }: { day: (date: Date) => string; now: Date }): DatedLine[] {
  return gifts.flatMap((gift): DatedLine[] => {
    const months = `${gift.months} months`;
    if (gift.side === 'received') {
      if (gift.redeemedAt === null) return [];
      const redeemed: DatedLine = {
        at: gift.redeemedAt,
        category: 'gift',
        title: `Redeemed a gift subscription of ${months} from ${gift.buyerName || 'a buyer since erased'}`,
        // A revoked gift's access ended with the revocation, whose own line says so.
        detail: gift.accessUntil === null || gift.revokedAt !== null ? null : `Reads in full until ${day(gift.accessUntil)}; it does not renew.`,
        tone: 'positive',
      };
      const endsAt = gift.accessUntil;
      if (gift.revokedAt !== null || endsAt === null || endsAt > now) return [redeemed];
      return [redeemed, { at: endsAt, category: 'gift', title: `Gift subscription of ${months} ended` }];
    }
    const recipient = gift.recipientName || 'a recipient since erased';
    const lines: DatedLine[] = [];
    if (gift.paidAt !== null) lines.push({ at: gift.paidAt, category: 'gift', title: `Bought a gift subscription of ${months} for ${recipient}` });
    if (gift.deliveredAt !== null && gift.deliveredAt <= now) {
      lines.push({ at: gift.deliveredAt, category: 'gift', title: `Their gift subscription was mailed to ${recipient}` });
    }
    if (gift.redeemedAt !== null)
      lines.push({ at: gift.redeemedAt, category: 'gift', title: `Their gift subscription for ${recipient} was redeemed`, tone: 'positive' });
    return lines;
  });
}

type EventLine = Pick<TimelineEntry, 'category' | 'title'> & Partial<Pick<TimelineEntry, 'detail' | 'tone'>>;
type DatedLine = EventLine & Pick<TimelineEntry, 'at'>;

/** An event's line, or null where its own table already gives one. */
function describeEvent(event: RecordedReaderEvent, day: (date: Date) => string): EventLine | null {
  switch (event.kind) {
    case 'subscribed':
    case 'complimentary-given':
    case 'complimentary-revoked':
    case 'refunded':
      return null;
    case 'imported':
      return { category: 'account', title: `Imported from ${event.from === 'ghost' ? 'Ghost' : "Dateline's export"}` };
    case 'canceled':
      return {
        category: 'subscription',
        title: event.atPeriodEnd ? 'Canceled at the end of the period' : 'Canceled at once',
        detail: event.reason === null ? null : `Reason: ${event.reason}`,
        tone: 'negative',
      };
    case 'resubscribed':
      return { category: 'subscription', title: `Resubscribed to ${event.planName}`, tone: 'positive' };
    case 'retention-offer-accepted':
      return {
        category: 'subscription',
        title: event.offer === 'pause' ? 'Stayed: took a pause' : `Stayed: took ${event.percentOff ?? 0}% off`,
        detail:
          event.offer === 'pause'
            ? event.pausedUntil === null
              ? null
              : `No charge until ${day(new Date(event.pausedUntil))}`
            : `For ${event.periods ?? 0} ${event.periods === 1 ? 'renewal' : 'renewals'}`,
        tone: 'positive',
      };
    case 'trial-extended':
      return { category: 'subscription', title: `Trial extended to ${day(new Date(event.until))}`, tone: 'positive' };
    case 'login-link-sent':
      return { category: 'account', title: 'Log-in link sent' };
    case 'newsletter-links-revoked':
      return {
        category: 'account',
        title: 'Newsletter links revoked',
        detail: `${event.deliveries} ${event.deliveries === 1 ? 'newsletter' : 'newsletters'} sent so far no longer read as the reader`,
        tone: 'negative',
      };
    case 'email-change-requested':
      return { category: 'account', title: 'Address change asked for', detail: `Waiting for ${event.to} to confirm` };
    case 'email-changed':
      return { category: 'account', title: 'Address changed', detail: `${event.from} → ${event.to}` };
    case 'data-downloaded':
      return { category: 'account', title: 'Downloaded their data' };
    case 'newsletters-suppressed':
      return { category: 'account', title: 'Newsletters stopped to their address', tone: 'negative' };
    case 'newsletters-unsuppressed':
      return { category: 'account', title: 'Newsletters allowed to their address again' };
    case 'deletion-requested':
      return { category: 'account', title: 'Asked to delete their account', tone: 'negative' };
    case 'organisation-joined':
      return {
        category: 'subscription',
        title: `Joined ${event.organisation}`,
        detail: joinedByDetails[event.joinedBy],
        tone: 'positive',
      };
    case 'organisation-left':
      return { category: 'subscription', title: `Left ${event.organisation}`, tone: 'negative' };
    case 'gift-subscription-revoked':
      return {
        category: 'gift',
        title:
          event.side === 'received'
            ? `Gift subscription of ${event.months} months revoked${event.endedAccess ? ': its access ended' : ''}`
            : `A gift subscription they bought (${event.months} months) was revoked`,
        detail: `Reason: ${event.reason}`,
        tone: 'negative',
      };
  }
}
