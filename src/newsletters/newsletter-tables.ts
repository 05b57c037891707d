import type { Generated } from 'kysely';

/** How often a newsletter goes out, as readers are told when they choose it. */
export const newsletterCadences = ['as-published', 'daily', 'weekly', 'occasional'] as const;
export type NewsletterCadence = (typeof newsletterCadences)[number];

/** Who may subscribe: anyone with an address, registered readers, or paying subscribers only. */
export const newsletterAudiences = ['anyone', 'registered', 'subscribers'] as const;
export type NewsletterAudience = (typeof newsletterAudiences)[number];

/** The message's layout: an edition (lead image, standfirst, text) or a briefing (short items). */
export const newsletterTemplates = ['edition', 'briefing'] as const;
export type NewsletterTemplate = (typeof newsletterTemplates)[number];

/** Where a reader said yes: the consent record keeps it, and keeps it after they leave. */
export const consentSources = ['registration', 'account', 'sign-up-form', 'import', 'desk'] as const;
export type ConsentSource = (typeof consentSources)[number];

export const unsubscribeSources = ['one-click', 'preferences', 'account', 'desk', 'audience'] as const;
export type UnsubscribeSource = (typeof unsubscribeSources)[number];

export const sendKinds = ['article', 'digest', 'section-digest'] as const;
export type SendKind = (typeof sendKinds)[number];

export const sendStatuses = ['scheduled', 'queueing', 'sending', 'sent', 'canceled'] as const;
export type SendStatus = (typeof sendStatuses)[number];

export const deliveryStatuses = ['queued', 'sending', 'sent', 'failed', 'suppressed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** Full for a recipient entitled to every article in the send; otherwise each locked article's preview and a link. */
export type DeliveryVariant = 'full' | 'preview';

export const suppressionReasons = ['hard-bounce', 'complaint', 'manual'] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];
export type SuppressionSource = 'webhook' | 'command-line' | 'desk';

export type NewsletterTables = {
  /** A list staff define: see src/newsletters/CONTEXT.md. */
  newsletters: {
    id: Generated<number>;
    slug: string;
    name: string;
    description: string;
    cadence: NewsletterCadence;
    sender_name: string;
    sender_email: string;
    audience: NewsletterAudience;
    template: NewsletterTemplate;
    /** The section whose day's articles the automatic daily digest gathers; null for none. */
    daily_section_id: number | null;
    /** "HH:MM" in the publication's time zone, when the daily digest goes out. */
    daily_send_time: string | null;
    status: 'active' | 'archived';
    created_at: string;
    updated_at: string;
  };
  /** A reader's consent to one newsletter; kept, with its source and time, after they unsubscribe. */
  newsletter_subscriptions: {
    newsletter_id: number;
    account_id: number;
    status: 'subscribed' | 'unsubscribed';
    consent_source: ConsentSource;
    consented_at: string;
    unsubscribed_at: string | null;
    unsubscribe_source: UnsubscribeSource | null;
    updated_at: string;
  };
  /** The site's sign-up form's double opt-in: nothing is subscribed until the mailed link is opened. */
  newsletter_signup_requests: {
    /** SHA-256 of the mailed token; the token itself is never stored. */
    token_hash: string;
    /** Normalized, as accounts.email. */
    email: string;
    /** JSON array of newsletter ids chosen. */
    newsletter_ids: string;
    next_path: string;
    created_at: string;
    expires_at: string;
    used_at: string | null;
  };
  /** One edition of a newsletter, sent now or at its time. */
  newsletter_sends: {
    id: Generated<number>;
    newsletter_id: number;
    kind: SendKind;
    subject: string;
    /** The editor's note above the articles, in Markdown; null for none. */
    intro: string | null;
    /** The publication's day ("YYYY-MM-DD") a section's daily digest covers; null for other sends. */
    digest_day: string | null;
    status: SendStatus;
    scheduled_for: string;
    queued_at: string | null;
    finished_at: string | null;
    recipient_count: Generated<number>;
    created_by: number | null;
    created_at: string;
  };
  /** The articles of a send, in the order the message gives them. */
  newsletter_send_articles: {
    send_id: number;
    article_id: number;
    position: number;
  };
  /** One recipient's copy of one send: the queue the senders claim from, and its record afterwards. */
  newsletter_deliveries: {
    id: Generated<number>;
    send_id: number;
    account_id: number;
    status: DeliveryStatus;
    /** Decided when the copy is rendered, from what the recipient may read then. */
    variant: DeliveryVariant | null;
    /** A claimed copy's lease: past it, a sender that died is taken to have died before the message was handed over. */
    lease_until: string | null;
    attempts: Generated<number>;
    sent_at: string | null;
    error: string | null;
    first_clicked_at: string | null;
    clicks: Generated<number>;
    /** Set to stop this copy's links crediting anyone: they then open the ordinary page. */
    links_revoked_at: string | null;
  };
  /** An address no newsletter goes to: it hard-bounced, complained, or the desk stopped it. */
  email_suppressions: {
    /** Normalized, as accounts.email. */
    email: string;
    reason: SuppressionReason;
    source: SuppressionSource;
    detail: string | null;
    created_at: string;
  };
};
