import type { DunningReminderDay } from './dunning.ts';
import { formatMoney } from './money.ts';
import type { Plan } from './plan.ts';

/** The messages a subscriber receives along the subscription's life. */
export type SubscriptionMail =
  | { kind: 'welcome'; trialEnd: Date | null }
  | { kind: 'receipt'; amountMinor: number; periodEnd: Date }
  | { kind: 'trial-ending'; trialEnd: Date }
  /** A dunning reminder: day 0 of the grace period tells of the failure, days 3 and 6 remind. */
  | { kind: 'payment-failed'; day: DunningReminderDay; accessUntil: Date }
  | { kind: 'card-expiring'; last4: string; lastMonth: { month: number; year: number } }
  | { kind: 'subscription-ended'; endedFrom: 'trial' | 'subscription' };

type Wording = { publication: string; plan: Plan; locale: string; timeZone: string; accountUrl: string; offersUrl: string; cardUrl: string };

export function composeSubscriptionMail(
  mail: SubscriptionMail,
  { publication, plan, locale, timeZone, accountUrl, offersUrl, cardUrl }: Wording,
): { subject: string; text: string } {
  const day = (date: Date) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(date);
  const price = (amountMinor: number) => formatMoney({ amountMinor, currency: plan.currency }, locale);
  switch (mail.kind) {
    case 'welcome':
      return {
        subject: `Welcome to ${publication}`,
        text: `Thank you for subscribing to ${publication} (${plan.name}). You now have unlimited access to every article.\n\n${
          mail.trialEnd ? `Your free trial runs until ${day(mail.trialEnd)}. We will remind you three days before it ends.\n\n` : ''
        }Manage your subscription at any time: ${accountUrl}\n`,
      };
    case 'receipt':
      return {
        subject: `Your receipt from ${publication}`,
        text: `We received your payment of ${price(mail.amountMinor)} for ${plan.name}. Your subscription is paid until ${day(mail.periodEnd)}.\n\nYour account: ${accountUrl}\n`,
      };
    case 'trial-ending':
      return {
        subject: `Your ${publication} trial ends on ${day(mail.trialEnd)}`,
        text: `Your free trial of ${plan.name} ends on ${day(mail.trialEnd)}. After that your subscription continues at ${price(plan.priceMinor)} a ${plan.interval}, unless you cancel before then: ${accountUrl}\n`,
      };
    case 'payment-failed':
      return {
        subject:
          mail.day === 0
            ? `We could not take your payment for ${publication}`
            : mail.day === 3
              ? `Reminder: please update your card for ${publication}`
              : `Last reminder: your access to ${publication} ends on ${day(mail.accessUntil)}`,
        text: `${
          mail.day === 0 ? `Your latest payment for ${plan.name} did not go through.` : `Your payment for ${plan.name} is still failing.`
        } You keep full access until ${day(mail.accessUntil)}; please update your card before then, and we will take the payment again: ${cardUrl}\n`,
      };
    case 'card-expiring': {
      const lastMonth = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(Date.UTC(mail.lastMonth.year, mail.lastMonth.month - 1, 1)),
      );
      return {
        subject: `Your card for ${publication} expires soon`,
        text: `The card ending ${mail.last4} that pays for ${plan.name} expires at the end of ${lastMonth}. Please add a new card so your subscription continues without a break: ${cardUrl}\n`,
      };
    }
    case 'subscription-ended':
      return {
        subject: mail.endedFrom === 'trial' ? `Your ${publication} trial has ended` : `Your ${publication} subscription has ended`,
        text: `${mail.endedFrom === 'trial' ? 'Your free trial' : 'Your subscription'} of ${plan.name} has ended, and with it your full access. You can subscribe again at any time: ${offersUrl}\n`,
      };
  }
}
