import type { GiftSubscription } from './gift-subscription.ts';

/** The mails of a gift subscription: to its recipient on the delivery day, and before their access ends. */
export type GiftSubscriptionMail =
  /** To the buyer once the payment is confirmed: the receipt, and the link to print or pass on. */
  | {
      kind: 'gift-subscription-receipt';
      gift: Pick<GiftSubscription, 'buyerName' | 'recipientName' | 'recipientEmail' | 'months' | 'deliveryDay'>;
      price: string;
      redemptionUrl: string;
    }
  | { kind: 'gift-subscription-delivered'; gift: Pick<GiftSubscription, 'buyerName' | 'recipientName' | 'message' | 'months'>; redemptionUrl: string }
  | { kind: 'gift-subscription-ending'; accessUntil: Date; continuationUrl: string };

type Wording = { publication: string; locale: string; timeZone: string };

/** The mail's subject and text, in the publication's words; the buyer's message is quoted as they wrote it. */
export function composeGiftSubscriptionMail(mail: GiftSubscriptionMail, { publication, locale, timeZone }: Wording): { subject: string; text: string } {
  switch (mail.kind) {
    case 'gift-subscription-receipt': {
      const { buyerName, recipientName, recipientEmail, months, deliveryDay } = mail.gift;
      const day = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${deliveryDay}T12:00:00Z`));
      return {
        subject: `Your gift of ${publication} for ${recipientName}`,
        text: `Dear ${buyerName},\n\nThank you: we received your payment of ${mail.price} for ${months} months of ${publication} for ${recipientName}. We will email ${recipientEmail} on ${day} with your message and the link to start reading.\n\nTo hand the gift over yourself, print or pass on this link; it works once:\n${mail.redemptionUrl}\n`,
      };
    }
    case 'gift-subscription-delivered': {
      const { buyerName, recipientName, message, months } = mail.gift;
      const quoted = message.trim() === '' ? '' : `\n${message.trim().replace(/^/gmu, '> ')}\n`;
      return {
        subject: `${buyerName} has given you ${months} months of ${publication}`,
        text: `Dear ${recipientName},\n\n${buyerName} has given you a ${months}-month subscription to ${publication}.\n${quoted}\nRedeem it here to start reading; it does not renew and costs you nothing:\n${mail.redemptionUrl}\n`,
      };
    }
    case 'gift-subscription-ending': {
      const day = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(mail.accessUntil);
      return {
        subject: `Your gift subscription to ${publication} ends on ${day}`,
        text: `The subscription you were given ends on ${day}. Nothing renews by itself; to keep reading ${publication} after that, continue here:\n${mail.continuationUrl}\n`,
      };
    }
  }
}
