import { formatMoney } from '../commerce/money.ts';

/** What the desk tells a reader about what it did for them. */
export type DeskMail =
  | { kind: 'complimentary-given'; until: Date | null }
  | { kind: 'complimentary-revoked' }
  | { kind: 'trial-extended'; until: Date }
  | { kind: 'canceled'; when: 'now' | 'period-end'; accessUntil: Date }
  | { kind: 'refunded'; amountMinor: number; currency: string }
  | { kind: 'login-link'; link: string }
  /** To the new address: the link that makes the change. */
  | { kind: 'email-change-link'; link: string }
  /** To the present address: a change was asked for, and nothing happens without the link. */
  | { kind: 'email-change-notice'; newEmail: string };

type Wording = { publication: string; locale: string; timeZone: string; accountUrl: string };

export function composeDeskMail(mail: DeskMail, { publication, locale, timeZone, accountUrl }: Wording): { subject: string; text: string } {
  const day = (date: Date) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(date);
  switch (mail.kind) {
    case 'complimentary-given':
      return {
        subject: `You have complimentary access to ${publication}`,
        text:
          `${publication} has given you full access to every article, free of charge, ${mail.until ? `until ${day(mail.until)}` : 'with no end date'}. ` +
          `Nothing will be billed for it.\n\nYour account: ${accountUrl}\n`,
      };
    case 'complimentary-revoked':
      return {
        subject: `Your complimentary access to ${publication} has ended`,
        text: `The complimentary access ${publication} gave you has ended. A subscription of your own, if you have one, carries on as before.\n\nYour account: ${accountUrl}\n`,
      };
    case 'trial-extended':
      return {
        subject: `Your ${publication} trial is extended`,
        text: `Your free trial now runs until ${day(mail.until)}. Your first payment moves to that day, unless you cancel before then.\n\nYour account: ${accountUrl}\n`,
      };
    case 'canceled':
      return {
        subject: `Your ${publication} subscription is canceled`,
        text:
          mail.when === 'now'
            ? `Your subscription has been canceled and has ended today. Nothing more will be billed.\n\nYour account: ${accountUrl}\n`
            : `Your subscription has been canceled. You keep full access until ${day(mail.accessUntil)}, and nothing more will be billed.\n\nYour account: ${accountUrl}\n`,
      };
    case 'refunded':
      return {
        subject: `Your refund from ${publication}`,
        text: `We have refunded your last payment of ${formatMoney({ amountMinor: mail.amountMinor, currency: mail.currency }, locale)}. It reaches your card within 5 to 10 working days.\n\nYour account: ${accountUrl}\n`,
      };
    case 'login-link':
      return {
        subject: `Your link to log in to ${publication}`,
        text: `As you asked our readers' desk, here is a link to log in to ${publication}. It works once, for 15 minutes:\n\n${mail.link}\n\nIf you did not ask for it, you can ignore this message.\n`,
      };
    case 'email-change-link':
      return {
        subject: `Confirm your new e-mail address for ${publication}`,
        text:
          `Our readers' desk was asked to make this the e-mail address of your ${publication} account. Use this link to confirm it. It works once, for 24 hours:\n\n${mail.link}\n\n` +
          `If you did not ask for it, you can ignore this message: no account moves to this address without the link.\n`,
      };
    case 'email-change-notice':
      return {
        subject: `A new e-mail address was asked for your ${publication} account`,
        text:
          `Our readers' desk was asked to change the e-mail address of your ${publication} account to ${mail.newEmail}. ` +
          `Nothing changes unless the link we sent there is followed within 24 hours.\n\nIf you did not ask for this, reply to this message.\n`,
      };
  }
}
