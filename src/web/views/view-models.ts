import type { AccountPlanChangeView } from './plan-change-view.ts';
import type { AccountNewslettersView, NewsletterOptionView } from '../newsletters/newsletter-views.ts';
/**
 * What the theme's templates receive. Every string is plain text that Liquid escapes on output,
 * except fields named `...Html`, which are sanitized HTML printed with the `raw` filter.
 */
import type { FeedLinkView } from '../feeds/feed-links.ts';
import type { PrivateFeedView } from '../feeds/private-feed-view.ts';
import type { ArticleGiftView, GiftListView } from '../gifts/gift-views.ts';
import type { DevicesView } from '../devices/device-view.ts';
import type { OwnDataView } from '../routes/accounts/own-data-view.ts';

export type LinkView = { label: string; url: string };

/**
 * The reader's account links in the masthead. Logging out is a form, so it carries a CSRF token.
 * Log in and Register carry the page's own address as `next`, to come back to it.
 */
export type ReaderLinksView = {
  isSignedIn: boolean;
  name: string;
  accountUrl: string;
  logInUrl: string;
  registerUrl: string;
  /** "Subscribe", for every reader without a subscription (anonymous, registered, lapsed). */
  isSubscribeShown: boolean;
  offersUrl: string;
  logOutUrl: string;
  csrfToken: string;
  /** Where the banner of a reader whose payment is failing goes; filled per request (render-page.ts). */
  paymentBanner: string;
};

export type SiteView = {
  /** Payments run through the built-in test provider: every page says "Test mode". */
  isTestMode: boolean;
  name: string;
  tagline: string;
  /** The BCP 47 language of the site, for <html lang>. */
  language: string;
  homeUrl: string;
  sections: readonly (LinkView & { slug: string; isCurrent: boolean })[];
  searchUrl: string;
  feedUrl: string;
  offersUrl: string;
  /** The whole site's feeds, which every page's head links for feed readers to find. */
  feeds: readonly FeedLinkView[];
  year: number;
  reader: ReaderLinksView;
  /** The minified CSS of the page's kind, inlined in the head, and the print rules' file. */
  stylesheet: string;
  printStylesheetUrl: string;
};

export type ImageView = {
  /** The JPEG of middle width, for browsers without srcset and for social cards. */
  src: string;
  srcsetAvif: string;
  srcsetWebp: string;
  srcsetJpeg: string;
  width: number;
  height: number;
  alt: string;
};

export type LeadImageView = ImageView & { caption: string; credit: string };

export type TeaserView = {
  headline: string;
  standfirst: string;
  url: string;
  section: LinkView;
  bylineNames: string;
  publishedIso: string;
  publishedLabel: string;
  access: 'free' | 'metered' | 'registered' | 'premium';
  /** "Free to read", "Registered readers", "Subscriber exclusive", or "" for metered pieces. */
  accessLabel: string;
  isSponsored: boolean;
  sponsorName: string;
  image: ImageView | null;
  /** Search results only: sanitized HTML with the matched words in <mark>. */
  snippetHtml: string;
};

export type ShareLinksView = { facebook: string; linkedin: string; x: string; email: string };

export type ArticleView = {
  headline: string;
  standfirst: string;
  section: LinkView;
  canonicalUrl: string;
  /** The article's address on the site, for forms that bring the reader back to it. */
  path: string;
  authors: readonly (LinkView & { bio: string })[];
  publishedIso: string;
  publishedLabel: string;
  updatedIso: string;
  updatedLabel: string;
  /** Shown only when the piece changed meaningfully after it was published. */
  isUpdated: boolean;
  dateline: string;
  leadImage: LeadImageView | null;
  /** The body's open blocks (all of a free article, the preview of a locked one), dateline set in the first paragraph. */
  bodyHtml: readonly string[];
  /**
   * The blocks behind the paywall, present only for a reader entitled to them, printed inside an
   * element of class "article-body__locked" (the structured data names that selector).
   */
  lockedBodyHtml: readonly string[];
  /** The reader sees only the preview; the paywall follows it. */
  isPreview: boolean;
  /** The meter's line for this read ("You have 2 free articles left this month"), or null. */
  notice: NoticeView | null;
  paywall: PaywallView | null;
  /** For staff only: which access level the article has, since staff read everything. */
  staffNote: string | null;
  access: 'free' | 'metered' | 'registered' | 'premium';
  accessLabel: string;
  sponsor: { name: string; url: string; disclosure: string } | null;
  /** Gift links: who gave this read, why a link did not open, or a subscriber's "Gift this article"; null when none applies. */
  gift: ArticleGiftView | null;
  share: ShareLinksView;
  related: readonly TeaserView[];
};

export type NoticeView = { text: string };

/** One offer as readers see it, on the offers page and on the paywall. */
export type OfferView = {
  slug: string;
  headline: string;
  copy: string;
  planName: string;
  /** "$3 a month for the first 3 months, then $15 a month". */
  terms: string;
  /** A yearly plan's "$8.25/month, billed $99 yearly — save 17%", or "". */
  priceBreakdown: string;
  /** The best offer (the same on the paywall and the offers page): first, framed, and marked. */
  isBest: boolean;
  /** "Offer ends October 31st", or "" for an offer without an end. */
  endsLabel: string;
  benefits: readonly string[];
  /** The offer's checkout form posts here, with the CSRF token and a hidden `offer` field (the slug); the page to return to rides in its query. */
  checkoutUrl: string;
  /** A reader who is not signed in is sent to register first; this link does that and lands in checkout for this offer. */
  registerUrl: string;
};

/** What a locked article shows after its preview: why, and what the reader can do. */
export type PaywallView = {
  title: string;
  body: string;
  actions: readonly { label: string; url: string; isPrimary: boolean }[];
  /** The best current offers (at most 2), each with its own subscribe button. */
  offers: readonly OfferView[];
  /** For the offer forms; empty when the reader is not signed in (the offers then link to registration). */
  csrfToken: string;
  isSignedIn: boolean;
};

export type PaginationView = {
  page: number;
  pageCount: number;
  previousUrl: string | null;
  nextUrl: string | null;
};

/** The <head> metadata of a page: title, description, canonical URL, social cards, structured data. */
export type MetaView = {
  title: string;
  description: string;
  canonicalUrl: string;
  openGraph: readonly { property: string; content: string }[];
  twitter: readonly { name: string; content: string }[];
  /** JSON-LD, already serialized safely for a <script> element. */
  jsonLd: string;
  robots: string;
  /** A section's or an author's own feeds, linked in the head before the site's; absent on other pages. */
  feeds?: readonly FeedLinkView[];
  /** An article's oEmbed address, by which other sites find how to embed it; absent on other pages. */
  oembedUrl?: string;
};

export type HomePageView = {
  lead: TeaserView | null;
  topStories: readonly TeaserView[];
  sectionBlocks: readonly { section: LinkView & { description: string }; teasers: readonly TeaserView[] }[];
};

export type SectionPageView = {
  section: LinkView & { description: string };
  teasers: readonly TeaserView[];
  pagination: PaginationView;
};

export type AuthorPageView = {
  name: string;
  bio: string;
  teasers: readonly TeaserView[];
  pagination: PaginationView;
};

export type SearchPageView = {
  query: string;
  /** Why nothing was searched or found, for the reader; empty when there are results. */
  message: string;
  /** "24 results", or "More than 1,000 results". */
  totalLabel: string;
  results: readonly TeaserView[];
  pagination: PaginationView;
};

export type ErrorPageView = { status: number; title: string; message: string };

/** Every template gets `site` and `meta`, plus the page's own model under `page`. */
export type PageContext<Page> = { site: SiteView; meta: MetaView; page: Page };

/** Every account form has these: the CSRF token, and an error or a confirmation to show above it. */
type FormView = { csrfToken: string; error: string | null; message: string | null };

export type LogInPageView = FormView & { email: string; next: string; registerUrl: string; forgotUrl: string; magicLinkUrl: string };

/**
 * Registering. Mode "request" is the form, and once sent (`sentTo` set) says the address was mailed,
 * in the same words whether or not it already has an account; mode "confirm" is where the mailed
 * link lands: a button that finishes, so mail scanners that open links do not use them up. When the
 * link cannot be used (`isLinkUsable` false) it says why and offers to start again, log in, or reset
 * the password.
 */
export type RegisterPageView = FormView & {
  mode: 'request' | 'confirm';
  email: string;
  name: string;
  next: string;
  sentTo: string | null;
  token: string;
  isLinkUsable: boolean;
  /** The empty form, to start again. */
  registerUrl: string;
  logInUrl: string;
  forgotUrl: string;
  /** The newsletters a new reader may tick as they register, kept ticked when the form comes back. */
  newsletters: NewsletterOptionView[];
};

/** Asking for a password-reset link; `sentTo` is set once asked (whether or not the account exists). */
export type ForgotPasswordPageView = FormView & { email: string; sentTo: string | null };

/** Choosing a new password from a reset link; `isLinkUsable` false shows the error and a way to ask again. */
export type ResetPasswordPageView = FormView & { token: string; isLinkUsable: boolean; forgotUrl: string };

/**
 * Logging in by e-mailed link. Mode "request" asks for the address (and says where the link was
 * sent); mode "confirm" is where the link lands: a button that uses it, so mail scanners that open
 * links do not use them up.
 */
export type MagicLinkPageView = FormView & { mode: 'request' | 'confirm'; email: string; sentTo: string | null; token: string; isLinkUsable: boolean };

export type AccountPageView = FormView & {
  name: string;
  email: string;
  hasPassword: boolean;
  /** "Reader", or the newsroom role for staff. */
  roleLabel: string;
  profileUrl: string;
  passwordUrl: string;
  subscription: SubscriptionView | null;
  /** Changing plans: the way to, and a waiting downgrade; null without a subscription. */
  planChange?: AccountPlanChangeView | null;
  /** Access the publication gave, told as such ("Complimentary access until March 1, 2027"); null without it. */
  complimentary: string | null;
  privateFeed: PrivateFeedView;
  /** The gift links a subscriber (or a former one) has given; null for an account that has given none and cannot give. */
  gifts: GiftListView | null;
  /** The phones and tablets signed in through the apps. */
  devices: DevicesView;
  /** "Your data": download it, or delete the account. */
  ownData: OwnDataView;
  /** The newsletters the reader may choose, ticked where they are subscribed. */
  newsletters: AccountNewslettersView;
  offersUrl: string;
};

export type OffersPageView = FormView & {
  offers: readonly OfferView[];
  isSignedIn: boolean;
  /** Why there are no offers to show, or "". */
  emptyMessage: string;
  /** Where gift subscriptions are bought while they are on sale, or "". */
  giftsUrl: string;
  /** Where a company buys seats for its people: "For teams". */
  teamsUrl: string;
};

/**
 * The step between choosing an offer and paying, which a link can land on (after registering, say):
 * the offer, and one form posting `offer` (the slug), `return` and `_csrf` to `checkoutUrl`.
 */
export type CheckoutStartPageView = FormView & {
  offer: OfferView;
  checkoutUrl: string;
  /** The page the reader subscribed from, carried to checkout, or "". */
  returnPath: string;
  /** The story to go back to instead of paying, or "" when the reader came from none. */
  storyUrl: string;
  offersUrl: string;
};

/** Back from paying, while the subscription is confirmed: where to go meanwhile, and whether it is taking longer than usual. */
export type CheckoutWaitingPageView = {
  isTakingLong: boolean;
  /** The story subscribed from, or "" when the reader came from none. */
  storyUrl: string;
  accountUrl: string;
  checkAgainUrl: string;
  /** Seconds until the page's script asks again, or 0 once it stops asking by itself. */
  askAgainAfterSeconds: number;
};

/**
 * The test-mode provider's card page: it stands in for Stripe's checkout. The form posts `card`
 * (the number), `expiry` and `cvc` to `payUrl` with the CSRF token.
 */
/** One field of the card form: what was typed, and what is wrong with it. */
export type CardFieldView = { id: string; value: string; error: string | null; isFocused: boolean };

export type TestCheckoutPageView = FormView & {
  payUrl: string;
  offerHeadline: string;
  planName: string;
  terms: string;
  /** "Total due today: $3". */
  dueToday: string;
  /** "Then $15 every month from March 1, 2027". */
  renewal: string;
  /** "Cancel any time from your account." */
  cancelTerms: string;
  accountUrl: string;
  cancelUrl: string;
  card: CardFieldView;
  expiry: CardFieldView;
  cvc: CardFieldView;
  postalCode: CardFieldView;
  /** The problems above the form, each linked to its field, in the form's order. */
  errorSummary: { fieldId: string; message: string }[];
};

/** Test mode's card page, standing in for Stripe's customer portal: the card on file and a form for another. */
export type CardPageView = FormView & {
  saveUrl: string;
  accountUrl: string;
  /** "Visa ending 4242, expires 12/2030"; null when no card is on file. */
  cardOnFile: string | null;
  /** The reader's last payment failed: the page says the payment is taken again once a working card is saved. */
  isPaymentFailing: boolean;
  card: CardFieldView;
  expiry: CardFieldView;
  cvc: CardFieldView;
  postalCode: CardFieldView;
  errorSummary: { fieldId: string; message: string }[];
};

/** The reader's subscription on the account page. */
export type SubscriptionView = {
  planName: string;
  /** "Active", "Free trial", "Payment failed", "Canceled", "Ended". */
  statusLabel: string;
  status: 'trialing' | 'active' | 'past_due' | 'canceled' | 'expired';
  /** "Next charge: $15 on December 20, 2026", "Your access ends on …", etc. */
  detail: string;
  /** "Your 40% discount applies to your next payment.": a retention offer taken, while it lasts; "" otherwise. */
  retentionNote: string;
  /** Forms posting the CSRF token only; null when the action does not apply. */
  cancelUrl: string | null;
  resumeUrl: string | null;
  /** A form (CSRF token only) that sends the reader to the provider's page for their card and invoices (test mode's card page). */
  billingUrl: string | null;
  offersUrl: string;
  /** A form (CSRF token only) restarting an ended subscription at its plan in one step; null unless it has ended and its plan is still sold. */
  resubscribeUrl: string | null;
  /** "Digital, $15 a month": what resubscribing starts. */
  resubscribeTerms: string;
};
