import { cancellationReasons, commentMaxLength, type CancellationReason } from '../../retention/cancellation-reasons.ts';
import { describeRetentionOffer, type RetentionOffer } from '../../retention/retention-offer.ts';
import type { Plan } from '../../commerce/plan.ts';
import type { Subscription } from '../../commerce/subscription-repository.ts';
import { accountPaths } from '../../http/account-paths.ts';
import { subscriptionPaths } from './subscription-view.ts';

type FormView = { csrfToken: string; error: string | null; message: string | null };

/** The first step of cancelling: why, both parts optional. The form posts `reason` and `comment`. */
export type CancelReasonPageView = FormView & {
  formUrl: string;
  accountUrl: string;
  reasons: { key: string; label: string; isChosen: boolean }[];
  comment: string;
  commentMaxLength: number;
  commentError: string | null;
};

/** The last step: the one offer, if any, beside the confirmation. Both forms post `cancellation`. */
export type CancelConfirmPageView = FormView & {
  cancellationId: number;
  confirmUrl: string;
  offerUrl: string;
  accountUrl: string;
  planName: string;
  /** "You keep full access until December 20, 2026; nothing more is charged." */
  consequence: string;
  offer: { headline: string; detail: string; kind: RetentionOffer['kind'] } | null;
};

export function toCancelReasonView(
  csrfToken: string,
  { said = { reason: null, comment: null }, error = null, commentError = null }: { said?: CancellationReason; error?: string | null; commentError?: string | null } = {},
): CancelReasonPageView {
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
  };
}

export function toCancelConfirmView(
  csrfToken: string,
  {
    cancellationId,
    subscription,
    plan,
    offer,
    locale,
    timeZone,
  }: { cancellationId: number; subscription: Subscription; plan: Plan; offer: RetentionOffer | null; locale: string; timeZone: string },
): CancelConfirmPageView {
  const { currentPeriodEnd, status } = subscription.state;
  const until = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(currentPeriodEnd);
  const what = status === 'trialing' ? 'your free trial ends' : 'the period you have paid for ends';
  return {
    csrfToken,
    error: null,
    message: null,
    cancellationId,
    confirmUrl: subscriptionPaths.cancelConfirm,
    offerUrl: subscriptionPaths.cancelOffer,
    accountUrl: accountPaths.account,
    planName: plan.name,
    consequence: `You keep full access until ${until}, when ${what}; nothing more is charged. You can resume until then.`,
    offer:
      offer === null
        ? null
        : {
            kind: offer.kind,
            ...describeRetentionOffer(offer, { priceMinor: plan.priceMinor, currency: plan.currency, interval: plan.interval, currentPeriodEnd, locale, timeZone }),
          },
  };
}
