import type { AdminFilterOption } from './admin-views.ts';
import type { GiftRowView } from './gift-subscription-views.ts';

/**
 * What the readers' desk templates (readers.liquid, reader.liquid) receive as `page`. Strings are
 * plain text, escaped on output.
 */

export type ReaderRowView = {
  url: string;
  name: string;
  email: string;
  /** free, trialing, active, past_due, canceled, expired, complimentary: the badge's colour. */
  state: string;
  stateLabel: string;
  planName: string | null;
  /** "Renews Dec 20, 2026", "Access until …", "Trial ends …"; null when there is nothing ahead. */
  periodLabel: string | null;
  signedUpLabel: string;
  sourceLabel: string;
};

export type ReaderListPageView = {
  readers: readonly ReaderRowView[];
  /** The filter form (GET to the same page): fields q, state, plan, offer, organisation, from, to, source, gift. */
  q: string;
  from: string;
  to: string;
  stateOptions: readonly AdminFilterOption[];
  planOptions: readonly AdminFilterOption[];
  offerOptions: readonly AdminFilterOption[];
  organisationOptions: readonly AdminFilterOption[];
  sourceOptions: readonly AdminFilterOption[];
  /** Anyone, or the readers on a gift subscription's access now. */
  giftOptions: readonly AdminFilterOption[];
  /** One-click filters by state above the list. */
  stateTabs: readonly { label: string; url: string; isCurrent: boolean }[];
  isFiltered: boolean;
  clearUrl: string;
  exportUrl: string;
  total: number;
  totalLabel: string;
  /** "Showing 51–100 of 1,234"; null when nothing matches. */
  rangeLabel: string | null;
  pageLabel: string | null;
  previousUrl: string | null;
  nextUrl: string | null;
  error: string | null;
};

export type TimelineEntryView = {
  whenLabel: string;
  /** Machine-readable, for <time datetime>. */
  isoTime: string;
  category: string;
  categoryLabel: string;
  title: string;
  detail: string | null;
  tone: 'positive' | 'negative' | 'neutral';
  by: string | null;
};

/** A link to one of the desk's confirmation pages. */
export type DeskActionView = { label: string; url: string; isDanger: boolean; hint: string };

export type ReaderPageView = {
  id: number;
  listUrl: string;
  displayName: string;
  email: string;
  state: string;
  stateLabel: string;
  account: readonly { label: string; value: string }[];
  /** The subscription that counts (the newest), or null for a reader who never subscribed. */
  subscription: {
    planName: string;
    priceLabel: string;
    statusLabel: string;
    state: string;
    facts: readonly { label: string; value: string }[];
  } | null;
  earlierSubscriptions: number;
  /** Gift subscriptions the reader redeemed, and those they bought (signed in, or with their address), the newest first. */
  gifts: { received: readonly GiftRowView[]; bought: readonly GiftRowView[] };
  complimentary: readonly { untilLabel: string; reason: string; givenLabel: string; revokeUrl: string }[];
  actions: readonly DeskActionView[];
  timeline: readonly TimelineEntryView[];
  /** "5 payments · 3 mails · 1 device event". */
  timelineSummary: string;
  meter: {
    monthLabel: string;
    used: number;
    limit: number;
    /** While the reader is entitled (subscribed, in grace or given access) the meter does not stop them. */
    isMetered: boolean;
    /** `ruleLabel`: what set the limit the read was counted under: "The meter" or "Rule: Newsletter readers get 2 more". */
    articles: readonly { headline: string; readLabel: string; ruleLabel: string }[];
    /** Some read was counted under a meter rule, so the limit shown (the setting) was not every read's. */
    hasRules: boolean;
  };
  notes: readonly { text: string; who: string; whenLabel: string }[];
  /** The newsletters the reader said yes to (kept after they leave, with how), and whether their address gets none at all. */
  newsletters: {
    subscriptions: readonly { name: string; isSubscribed: boolean; statusLabel: string; consentLabel: string; leftLabel: string | null }[];
    /** "Suppressed since …: hard bounce (webhook)", or null while newsletters may go to the address. */
    suppression: string | null;
    isSuppressed: boolean;
    /** Where the desk stops newsletters to the address, or lets them go again; the form posts `_csrf` and the `reason`. */
    suppressUrl: string;
    /** The reason as typed, when the form came back refused. */
    reason: string;
  };
  /** Sending a log-in link has no confirmation page: its form posts `_csrf` and the `reason` at once. */
  loginLinkUrl: string;
  noteUrl: string;
  noteText: string;
  error: string | null;
  message: string | null;
};
