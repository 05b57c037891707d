import type { EditorForm } from './editor-form.ts';

/**
 * What the newsroom's templates (src/admin/templates) receive. Every page gets `admin` and `page`.
 * Strings are plain text (escaped on output) except fields named `...Html`.
 */

export type AdminChromeView = {
  publicationName: string;
  staffName: string;
  roleLabel: string;
  /** Navigation; `isCurrent` marks the section of the admin the page belongs to. */
  nav: readonly { label: string; url: string; isCurrent: boolean }[];
  siteUrl: string;
  logOutUrl: string;
  csrfToken: string;
};

export type AdminArticleRowView = {
  id: number;
  headline: string;
  editUrl: string;
  siteUrl: string | null;
  sectionName: string;
  authorNames: string;
  /** "Draft", "Scheduled", "Published". */
  statusLabel: string;
  status: 'draft' | 'scheduled' | 'published';
  accessLabel: string;
  /** "Published Nov 20, 10:04" / "Scheduled for Nov 28, 09:00" / "Edited Nov 20, 10:04". */
  whenLabel: string;
};

export type AdminFilterOption = { value: string; label: string; isSelected: boolean };

export type ArticleListPageView = {
  articles: readonly AdminArticleRowView[];
  /** The filter form (GET to the same page): fields q, status, section, author, access. */
  q: string;
  statusOptions: readonly AdminFilterOption[];
  sectionOptions: readonly AdminFilterOption[];
  authorOptions: readonly AdminFilterOption[];
  accessOptions: readonly AdminFilterOption[];
  total: number;
  newArticleUrl: string | null;
  previousUrl: string | null;
  nextUrl: string | null;
};

/**
 * The article editor. The form posts to `saveUrl` with `_csrf`, `version` (for conflict detection)
 * and the fields below; the submit button's `intent` value says what to do: "save" (keep status),
 * "publish", "schedule", "unpublish". Buttons the role may not use are left out (`can...`).
 */
export type ArticleEditorPageView = {
  isNew: boolean;
  saveUrl: string;
  previewUrl: string;
  version: string;
  error: string | null;
  message: string | null;
  /** The form's fields as typed (publishAt on the publication's clock, for datetime-local). */
  fields: EditorForm & {
    /** Slugs stay fixed once an article is published; the field is read-only then. */
    isSlugLocked: boolean;
  };
  sectionOptions: readonly AdminFilterOption[];
  authorOptions: readonly AdminFilterOption[];
  accessOptions: readonly AdminFilterOption[];
  sponsorOptions: readonly AdminFilterOption[];
  statusLabel: string;
  canPublish: boolean;
  canUnpublish: boolean;
  siteUrl: string | null;
  timeZone: string;
  /** The body rendered as readers will see it, for the preview pane on first load. */
  previewHtml: string;
  /** The article's lead image, if any (a small rendition to show). */
  leadImage: { src: string; alt: string; caption: string; credit: string } | null;
  /**
   * Where the editor's form goes, as multipart with its button's formaction, to save its text and
   * upload the lead image with it: fields `image` (file, accept="image/*"), `alt` (required),
   * `caption`, `credit`, beside the editor's own. Null for a new article: it must be saved once first.
   */
  imageUploadUrl: string | null;
  /**
   * Where a draft saves itself (POST, the editor's own fields with intent "save"; answers JSON
   * {revision} or {error} with 409 on a conflict); null for new and published articles.
   */
  autosaveUrl: string | null;
  /** The article's history of saved versions; null for a new article. */
  revisionsUrl: string | null;
  /**
   * The active newsletters to tick, to carry the article when it is published (at once, or at its
   * scheduled time); one it already went or waits to go to is shown ticked and fixed. Empty for a
   * role that does not send newsletters.
   */
  newsletterTicks: readonly { value: string; label: string; isTicked: boolean; isCarrying: boolean }[];
};

export type StaffListPageView = {
  staff: readonly { name: string; email: string; roleLabel: string }[];
  inviteUrl: string;
  roleOptions: readonly AdminFilterOption[];
  error: string | null;
  message: string | null;
};

export type AuditLogPageView = {
  entries: readonly { whenLabel: string; who: string; action: string; subject: string }[];
};

/** The desk's dunning figures: for each month payments failed in, how many were recovered and lost, and what they came to. */
export type RecoveryPageView = {
  months: readonly {
    /** "November 2026". */
    monthLabel: string;
    failed: number;
    recovered: number;
    lost: number;
    open: number;
    /** "$140.00" or "$140.00, €20.00"; empty when none. */
    recoveredAmount: string;
    lostAmount: string;
    /** "75 %" of the failures settled either way; "—" while none is. */
    recoveryRate: string;
  }[];
  /** How far back the figures reach: "since December 2025". */
  periodLabel: string;
};

/** The first-run page: creates the first admin. Posts `name`, `email`, `password`, `token`, `_csrf` to `actionUrl`. */
export type SetupPageView = { actionUrl: string; token: string; csrfToken: string; error: string | null; isLinkUsable: boolean };

export type AdminPageContext<Page> = { admin: AdminChromeView | null; page: Page };

/** An article's saved versions, newest first, each with what changed in it. */
export type RevisionsPageView = {
  headline: string;
  editUrl: string;
  revisions: readonly {
    revision: number;
    whenLabel: string;
    who: string;
    /** The changes from the version before, line by line. */
    changes: readonly { kind: 'added' | 'removed' | 'same'; text: string }[];
    /** A POST form (with `_csrf`) that loads this version into the editor; saving it there restores it. */
    restoreUrl: string;
  }[];
};

/**
 * The publication's settings (administrators only). One form posting to `saveUrl` with `_csrf`
 * and the fields: name, tagline, locale, timeZone, anonymousLimit, registeredLimit, defaultPreviewBlocks,
 * giftsPerMonth (kept as it is when a form leaves it out), gracePeriodDays, trialReminderDays, and one field per message named `message.<key>`.
 */
export type SettingsPageView = {
  saveUrl: string;
  error: string | null;
  message: string | null;
  fields: Readonly<
    Record<
      | 'name'
      | 'tagline'
      | 'locale'
      | 'timeZone'
      | 'anonymousLimit'
      | 'registeredLimit'
      | 'defaultPreviewBlocks'
      | 'giftsPerMonth'
      | 'gracePeriodDays'
      | 'trialReminderDays'
      | 'registrationWallAfter',
      string
    >
  >;
  /** The live offers the paywall may be set to show, each a checkbox named `field`; none checked: the best ones, as ranked. */
  paywallOffers: readonly { field: string; headline: string; isChecked: boolean }[];
  messages: readonly { key: string; value: string; defaultValue: string }[];
};

/**
 * Sections, authors or sponsors: a list in which each item is its own small form (POST `saveUrl`
 * with `_csrf`, `slug` hidden for an existing item, and one input per field of `fields`), then an
 * empty form to add one (no `slug`: it is made from the name).
 */
/** One field of a masthead form; a `select` offers its options, the first being the default. */
export type MastheadField =
  | { name: string; label: string; kind: 'text' | 'textarea' | 'url' | 'number'; isRequired: boolean }
  | { name: string; label: string; kind: 'select'; isRequired: false; options: readonly { value: string; label: string }[] };

export type MastheadPageView = {
  title: string;
  intro: string;
  saveUrl: string;
  error: string | null;
  message: string | null;
  /** isRequired: the save refuses the field empty, so the browser asks for it before sending. */
  fields: readonly MastheadField[];
  items: readonly {
    slug: string;
    values: Readonly<Record<string, string>>;
    siteUrl: string | null;
    /** Sponsors: the pieces each one paid for. */
    articles: readonly { headline: string; editUrl: string }[];
  }[];
};

/**
 * Plans and offers (administrators). Each plan and each offer is its own form posting to
 * `planSaveUrl` / `offerSaveUrl` with `_csrf` and `slug` (hidden, empty for a new one).
 * Plan fields: name, price ("15.00"), currency, interval (month|year), benefits (one per line),
 * isActive (checkbox "on"). Offer fields: headline, copy, planSlug (select), termsKind
 * (introductory-price|free-trial|standard), introPrice, introPeriods, trialDays, startsAt, endsAt
 * (datetime-local, publication's clock), redemptionCap, isRetired (checkbox "on").
 */
/** A tier as a plan's form offers it: ticked when the plan gives it. */
export type TierChoiceView = { slug: string; name: string; isChecked: boolean };

export type OffersAdminPageView = {
  planSaveUrl: string;
  offerSaveUrl: string;
  tierSaveUrl: string;
  timeZone: string;
  error: string | null;
  message: string | null;
  /** Each tier with the plans that give it ("Premium, Premium yearly"). */
  tiers: readonly { slug: string; name: string; description: string; planNames: string }[];
  /** The tiers a new plan may give, none ticked. */
  tierChoices: readonly TierChoiceView[];
  plans: readonly {
    slug: string;
    name: string;
    price: string;
    currency: string;
    interval: string;
    benefits: string;
    isActive: boolean;
    tierChoices: readonly TierChoiceView[];
  }[];
  planOptions: readonly AdminFilterOption[];
  offers: readonly {
    slug: string;
    headline: string;
    copy: string;
    planSlug: string;
    termsKind: string;
    introPrice: string;
    introPeriods: string;
    trialDays: string;
    startsAt: string;
    endsAt: string;
    redemptionCap: string;
    redemptionCount: number;
    isRetired: boolean;
    /** "Shown now", "Ended", "Not started", "Sold out", "Retired". */
    stateLabel: string;
  }[];
};

/** The image library: every stored image with where it is used. */
export type ImagesPageView = {
  images: readonly { src: string; alt: string; sizeLabel: string; addedLabel: string; usedBy: readonly { headline: string; editUrl: string }[] }[];
  total: number;
  previousUrl: string | null;
  nextUrl: string | null;
};

/**
 * The retention offer (administrators): none, a discount on the next renewals, or a pause of the
 * payments; the form posts `kind`, `percentOff`, `periods` and `months`. Below it, the reasons
 * readers gave for cancelling over the last `reasonDays` days and how each ended.
 */
export type RetentionPageView = {
  saveUrl: string;
  error: string | null;
  message: string | null;
  fields: Readonly<Record<'kind' | 'percentOff' | 'periods' | 'months', string>>;
  limits: Readonly<Record<'percentOff' | 'periods' | 'months', { min: number; max: number }>>;
  reasonDays: number;
  reasons: readonly { label: string; canceled: number; stayed: number }[];
};
