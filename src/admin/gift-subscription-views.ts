import { formatMoney } from '../commerce/money.ts';
import type { GiftStateKind } from '../gift-subscriptions/gift-list.ts';
import type { GiftSettingsFieldErrors, GiftSettingsFields } from '../gift-subscriptions/gift-settings-form.ts';
import { canRevokeGift, stateOfGiftSubscription } from '../gift-subscriptions/gift-subscription.ts';
import type { StoredGiftSubscription } from '../gift-subscriptions/gift-subscription-repository.ts';
import type { PublicationSettings } from '../settings/publication-settings.ts';
import type { AdminFilterOption } from './admin-views.ts';

/** Where the newsroom keeps gift subscriptions: the list (the readers' desk) and their settings (administrators). */
export const giftSubscriptionPaths = {
  list: '/admin/gift-subscriptions',
  settings: '/admin/gift-subscriptions/settings',
  revoke: (giftId: number) => `/admin/gift-subscriptions/${giftId}/revoke`,
} as const;

export const giftStateLabels: Readonly<Record<GiftStateKind, string>> = {
  'awaiting-payment': 'Awaiting payment',
  paid: 'Paid',
  delivered: 'Delivered',
  redeemed: 'Redeemed',
  revoked: 'Revoked',
};

/**
 * One gift as the newsroom shows it, on the list and on a reader's page. Strings are plain text,
 * escaped on output; a person's `url` is their reader page where they have an account.
 */
export type GiftRowView = {
  id: number;
  /** awaiting-payment, paid, delivered, redeemed, revoked: the badge's colour. */
  state: string;
  stateLabel: string;
  planName: string;
  durationLabel: string;
  priceLabel: string;
  buyer: { name: string; email: string; url: string | null };
  recipient: { name: string; email: string; url: string | null };
  deliveryLabel: string;
  /** "Access until Mar 3, 2027", "Access ended Mar 3, 2027", or null for a gift not redeemed; a revoked gift says so in `revokedLabel`. */
  accessLabel: string | null;
  /** Why the desk revoked it, for a revoked gift. */
  revokedLabel: string | null;
  /** The confirmation page that revokes it, while canRevokeGift holds. */
  revokeUrl: string | null;
};

export type GiftListPageView = {
  gifts: readonly GiftRowView[];
  q: string;
  stateOptions: readonly AdminFilterOption[];
  stateTabs: readonly { label: string; url: string; isCurrent: boolean }[];
  isFiltered: boolean;
  clearUrl: string;
  /** Shown to administrators, who set what gifts give and cost. */
  settingsUrl: string | null;
  totalLabel: string;
  rangeLabel: string | null;
  pageLabel: string | null;
  previousUrl: string | null;
  nextUrl: string | null;
  message: string | null;
};

export type GiftSettingsPageView = {
  saveUrl: string;
  listUrl: string;
  fields: GiftSettingsFields;
  errors: GiftSettingsFieldErrors;
  planOptions: readonly AdminFilterOption[];
  offerOptions: readonly AdminFilterOption[];
  /** The currency of the chosen plan, which gifts are sold in; null while none is chosen. */
  currency: string | null;
  /** "3 and 12 months are on sale", or why none is. */
  onSaleLabel: string;
  error: string | null;
  message: string | null;
};

/** The confirmation page of a revocation: the gift, what revoking does, and the reason the audit log keeps. */
export type GiftRevokePageView = {
  gift: GiftRowView;
  consequence: string;
  unavailable: string | null;
  actionUrl: string;
  backUrl: string;
  backLabel: string;
  /** The reader whose page the desk came from, carried through the form to go back there. */
  readerId: string;
  reason: string;
  error: string | null;
};

type Clock = Pick<PublicationSettings, 'locale' | 'timeZone'>;

const readerUrl = (accountId: number | null) => (accountId === null ? null : `/admin/readers/${accountId}`);

/** A gift's line, in the publication's money and calendar; `readerId` is the reader page the desk came from, kept on the way to revoke. */
export function giftRowOf(
  gift: StoredGiftSubscription & { planName: string },
  { clock, now, readerId = null }: { clock: Clock; now: Date; readerId?: number | null },
): GiftRowView {
  const day = (date: Date) => new Intl.DateTimeFormat(clock.locale, { dateStyle: 'medium', timeZone: clock.timeZone }).format(date);
  const state = stateOfGiftSubscription(gift);
  const accessLabel = gift.accessUntil === null ? null : `${now < gift.accessUntil ? 'Access until' : 'Access ended'} ${day(gift.accessUntil)}`;
  return {
    id: gift.id,
    state: state.kind,
    stateLabel: giftStateLabels[state.kind],
    planName: gift.planName,
    durationLabel: `${gift.months} months`,
    priceLabel: formatMoney({ amountMinor: gift.priceMinor, currency: gift.currency }, clock.locale),
    buyer: { name: gift.buyerName, email: gift.buyerEmail, url: readerUrl(gift.buyerAccountId) },
    recipient: { name: gift.recipientName, email: gift.recipientEmail, url: readerUrl(gift.redeemedBy) },
    deliveryLabel: day(gift.deliverAt),
    accessLabel,
    revokedLabel: state.kind === 'revoked' ? `Revoked ${day(state.revokedAt)}: ${state.reason}` : null,
    revokeUrl: canRevokeGift(gift) ? `${giftSubscriptionPaths.revoke(gift.id)}${readerId === null ? '' : `?reader=${readerId}`}` : null,
  };
}
