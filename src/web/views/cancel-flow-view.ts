import { cancellationReasons, commentMaxLength, type CancellationReason } from '../../retention/cancellation-reasons.ts';
import { describeRetentionOffer, type RetentionOffer } from '../../retention/retention-offer.ts';
import type { Plan } from '../../commerce/plan.ts';
import type { Subscription } from '../../commerce/subscription-repository.ts';
import { accountPaths } from '../../http/account-paths.ts';
import { subscriptionPaths } from './subscription-view.ts';

/**
 * The cancel page, in the order the reader meets it: why (optional: `reason` from the list and
 * `comment`), the one offer to stay if the publication makes one, and what cancelling means. One
 * form posts all of it with `decision` (stay or cancel) and `offer`, the offer as shown.
 */
export type CancelPageView = {
  csrfToken: string;
  error: string | null;
  message: string | null;
  formUrl: string;
  accountUrl: string;
  reasons: { key: string; label: string; isChosen: boolean }[];
  comment: string;
  commentMaxLength: number;
  commentError: string | null;
  planName: string;
  /** "You keep full access until December 20, 2026, when …; nothing more is charged." */
  consequence: string;
  offer: { headline: string; detail: string; kind: RetentionOffer['kind']; acceptLabel: string } | null;
  /** retentionOfferToken of the offer shown. */
  offerToken: string;
};

export function toCancelPageView({
  csrfToken,
  subscription,
  plan,
  offer,
  nextChargeMinor,
  offerToken,
  locale,
  timeZone,
  said = { reason: null, comment: null },
  error = null,
  commentError = null,
}: {
  csrfToken: string;
  subscription: Subscription;
  plan: Plan;
  offer: RetentionOffer | null;
  nextChargeMinor: number;
  offerToken: string;
  locale: string;
  timeZone: string;
  said?: CancellationReason;
  error?: string | null;
  commentError?: string | null;
}): CancelPageView {
  const { currentPeriodEnd, status } = subscription.state;
  const until = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(currentPeriodEnd);
  const what = status === 'trialing' ? 'your free trial ends' : 'the period you have paid for ends';
  return {
    csrfToken,
    error,
    message: null,
    formUrl: subscriptionPaths.cancel,
    accountUrl: accountPaths.account,
    reasons: cancellationReasons.map(({ key, label }) => ({ key, label, isChosen: key === said.reason })),
    comment: said.comment ?? '',
    commentMaxLength,
    commentError,
    planName: plan.name,
    consequence: `You keep full access until ${until}, when ${what}; nothing more is charged. You can resume until then.`,
    offer:
      offer === null
        ? null
        : {
            kind: offer.kind,
            acceptLabel: offer.kind === 'discount' ? 'Accept the discount' : 'Pause my payments',
            ...describeRetentionOffer(offer, {
              nextChargeMinor,
              currency: plan.currency,
              interval: plan.interval,
              currentPeriodEnd,
              locale,
              timeZone,
            }),
          },
    offerToken,
  };
}
