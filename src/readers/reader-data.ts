import type { Database } from '../db/database.ts';
import type { Tables } from '../db/tables.ts';
import { listReaderExperiments } from '../experiments/experiment-repository.ts';
import { collectGiftSubscriptionData, type GiftSubscriptionData } from '../gift-subscriptions/gift-subscription-reader-data.ts';
import { listReaderEvents } from './reader-events.ts';

/**
 * How each table of the app stands to one reader's own data: what the download gives of it and
 * what the erasure does to it. Typed over every table, so a new table does not compile until
 * someone has said both; erase-reader.test.ts holds the erasure to it against the database itself.
 */
export type TableHandling = {
  /** Where the download gives the table's rows about the reader; null where it leaves them out, and why says why. */
  download: Exclude<keyof ReaderData, 'exportedAt' | 'publication'> | null;
  erasure: 'deleted with the account' | 'kept without the reader' | 'cleared by address' | 'holds no reader';
  why: string;
};

export const readerDataHandling: Readonly<Record<keyof Tables, TableHandling>> = {
  accounts: { download: 'account', erasure: 'deleted with the account', why: 'the account itself (never its password hash)' },
  sessions: { download: 'webSessions', erasure: 'deleted with the account', why: 'when they signed in on the web (never the token)' },
  login_tokens: { download: 'mailedLinks', erasure: 'deleted with the account', why: 'log-in and reset links mailed to them (never the token)' },
  registration_requests: { download: null, erasure: 'cleared by address', why: 'a registration not finished is no account yet' },
  email_change_requests: { download: 'emailChanges', erasure: 'deleted with the account', why: 'addresses they asked to move to' },
  meter_reads: { download: 'meter', erasure: 'deleted with the account', why: 'the meter: which articles counted, when' },
  rate_limit_hits: { download: null, erasure: 'cleared by address', why: 'counters against abuse, some keyed by their address' },
  plans: { download: null, erasure: 'holds no reader', why: "the publication's catalogue" },
  offers: { download: null, erasure: 'holds no reader', why: "the publication's catalogue; only a count of redemptions" },
  tiers: { download: null, erasure: 'holds no reader', why: "the publication's catalogue: what its plans give" },
  plan_tiers: { download: null, erasure: 'holds no reader', why: "the publication's catalogue: which plan gives which tier" },
  subscriptions: { download: 'subscriptions', erasure: 'deleted with the account', why: 'their subscriptions and trials' },
  checkout_sessions: { download: 'checkouts', erasure: 'deleted with the account', why: 'checkouts they started' },
  payment_events: { download: null, erasure: 'holds no reader', why: "the provider's event ids, kept so a replay changes nothing" },
  test_payment_methods: { download: 'testCards', erasure: 'deleted with the account', why: "test mode's card on file (last four digits)" },
  payments: { download: 'payments', erasure: 'kept without the reader', why: 'the ledger: accounting law keeps it, naming no one' },
  plan_changes: {
    download: null,
    erasure: 'deleted with the account',
    why: 'which plans their subscription moved between, with the subscription; what each charged is in payments',
  },
  api_tokens: { download: 'devices', erasure: 'deleted with the account', why: 'devices they signed in on (never the token)' },
  feed_tokens: { download: 'privateFeeds', erasure: 'deleted with the account', why: 'private feeds (never the token)' },
  gift_links: { download: 'gifts', erasure: 'deleted with the account', why: 'gifts they gave' },
  gift_subscriptions: {
    download: 'giftSubscriptions',
    erasure: 'kept without the reader',
    why: 'gift subscriptions they bought or redeemed: sales, kept without their name, address or message',
  },
  article_revisions: { download: null, erasure: 'holds no reader', why: "the newsroom's drafts, by staff" },
  slug_redirects: { download: null, erasure: 'holds no reader', why: 'old article addresses' },
  audit_log: {
    download: null,
    erasure: 'kept without the reader',
    why: "the newsroom's record of its acts; the reader's name, address and number are taken out",
  },
  insight_events: {
    download: null,
    erasure: 'kept without the reader',
    why: 'counts for the newsroom, naming a reader only by a keyed hash; erasing the account removes what the hash was made from',
  },
  insight_rollup_days: { download: null, erasure: 'holds no reader', why: 'which days of the insights are rolled up' },
  insight_daily_counts: { download: null, erasure: 'holds no reader', why: "counts of a day's events, of no one in particular" },
  insight_daily_readers: {
    download: null,
    erasure: 'kept without the reader',
    why: "a count of a day's distinct readers, kept as hashes of their keyed hashes: nothing leads back to an account once its key's source is erased",
  },
  insight_monthly_readers: {
    download: null,
    erasure: 'kept without the reader',
    why: "a month's daily reader counts merged: hashes of keyed hashes, as the daily ones",
  },
  insight_daily_attributions: { download: null, erasure: 'holds no reader', why: 'how many conversions each article, section and author brought on a day' },
  complimentary_access: { download: 'complimentaryAccess', erasure: 'deleted with the account', why: 'access the publication gave them' },
  reader_notes: {
    download: null,
    erasure: 'deleted with the account',
    why: "the desk's working notes, written by staff for staff; a request to see them goes to the desk, which shows them on the reader's page",
  },
  reader_events: { download: 'events', erasure: 'deleted with the account', why: 'their history with the publication' },
  sent_mails: { download: 'mails', erasure: 'deleted with the account', why: 'mails sent to them' },
  payment_cards: { download: 'cards', erasure: 'deleted with the account', why: 'the card on file: its last four digits and expiry' },
  dunning_reminders: {
    download: null,
    erasure: 'deleted with the account',
    why: 'which reminders went out for a failing payment; the mails themselves are in mails',
  },
  experiments: { download: null, erasure: 'holds no reader', why: "the audience team's experiments on the paywall" },
  experiment_assignments: {
    download: 'experiments',
    erasure: 'deleted with the account',
    why: 'which variant of a paywall experiment they were given',
  },
  cancellation_reasons: { download: 'cancellations', erasure: 'deleted with the account', why: 'why they canceled, or nearly did, in their words' },
  retention_redemptions: { download: 'retentionOffers', erasure: 'deleted with the account', why: 'offers they took to stay' },
  account_deletion_requests: { download: 'deletionRequests', erasure: 'deleted with the account', why: 'their requests to delete the account' },
  sections: { download: null, erasure: 'holds no reader', why: 'content' },
  authors: { download: null, erasure: 'holds no reader', why: 'content' },
  sponsors: { download: null, erasure: 'holds no reader', why: 'content' },
  images: { download: null, erasure: 'holds no reader', why: 'content' },
  articles: { download: null, erasure: 'holds no reader', why: 'content (created_by is staff)' },
  article_authors: { download: null, erasure: 'holds no reader', why: 'content' },
  article_search: { download: null, erasure: 'holds no reader', why: 'the search index of articles' },
  article_open_search: { download: null, erasure: 'holds no reader', why: 'the search index of articles' },
  settings: { download: null, erasure: 'holds no reader', why: "the publication's settings" },
  meter_rules: { download: null, erasure: 'holds no reader', why: "the newsroom's meter rules; a read names the rule it was counted under" },
  newsletters: { download: null, erasure: 'holds no reader', why: "the publication's newsletters" },
  newsletter_subscriptions: {
    download: 'newsletters',
    erasure: 'deleted with the account',
    why: 'the newsletters they chose, where and when they said yes, and when they left',
  },
  newsletter_signup_requests: { download: null, erasure: 'cleared by address', why: 'a sign-up not confirmed is no consent yet' },
  newsletter_sends: { download: null, erasure: 'holds no reader', why: "the newsroom's editions (created_by is staff)" },
  newsletter_send_articles: { download: null, erasure: 'holds no reader', why: 'which articles an edition gave' },
  newsletter_deliveries: { download: 'newsletterMails', erasure: 'deleted with the account', why: 'the editions sent to them and whether they opened a link' },
  email_suppressions: { download: null, erasure: 'cleared by address', why: 'an address stopped after a bounce or complaint' },
  organisations: { download: null, erasure: 'holds no reader', why: 'organisations the publication sells seats to' },
  organisation_contracts: { download: null, erasure: 'holds no reader', why: "an organisation's contract: seats, period, plan" },
  organisation_domains: { download: null, erasure: 'holds no reader', why: "an organisation's e-mail domains" },
  organisation_ip_ranges: { download: null, erasure: 'holds no reader', why: "an organisation's IP ranges" },
  organisation_managers: {
    download: null,
    erasure: 'deleted with the account',
    why: "the organisation's record of who runs its side, shown to them on /organisation",
  },
  organisation_members: {
    download: 'events',
    erasure: 'deleted with the account',
    why: 'their seats in organisations, given as the joins and leaves of their events',
  },
  organisation_invitations: { download: null, erasure: 'cleared by address', why: 'an invitation not accepted is no membership yet' },
  organisation_domain_proofs: { download: null, erasure: 'deleted with the account', why: 'links proving an address, mailed to them (never the token)' },
  seat_checkouts: {
    download: null,
    erasure: 'deleted with the account',
    why: "checkouts of seats for their company: the company's purchase, not a subscription of theirs",
  },
  organisation_subscriptions: {
    download: null,
    erasure: 'kept without the reader',
    why: "the subscription paying an organisation's contract: the company's, kept for it without its buyer",
  },
};

/** An article as the download names it: its headline and where it is. */
type ArticleRef = { headline: string; path: string };

/** Everything Dateline holds about one reader, as the "Download my data" file gives it. */
export type ReaderData = {
  exportedAt: string;
  publication: string;
  account: { email: string; name: string; role: string; source: string; hasPassword: boolean; createdAt: string; updatedAt: string };
  subscriptions: {
    plan: string;
    offer: string | null;
    provider: string;
    status: string;
    currentPeriodEnd: string;
    trialEnd: string | null;
    pastDueSince: string | null;
    createdAt: string;
    updatedAt: string;
  }[];
  payments: { kind: string; status: string; amountMinor: number; currency: string; provider: string; occurredAt: string }[];
  complimentaryAccess: { startsAt: string; endsAt: string | null; reason: string; revokedAt: string | null }[];
  meter: { period: string; article: ArticleRef; readAt: string }[];
  gifts: { article: ArticleRef; period: string; createdAt: string; expiresAt: string; revokedAt: string | null; opens: number; maxOpens: number }[];
  devices: { name: string; createdAt: string; lastUsedAt: string; revokedAt: string | null }[];
  privateFeeds: { createdAt: string; revokedAt: string | null }[];
  webSessions: { createdAt: string; expiresAt: string }[];
  mailedLinks: { purpose: string; createdAt: string; usedAt: string | null }[];
  emailChanges: { newEmail: string; createdAt: string; usedAt: string | null }[];
  deletionRequests: { createdAt: string; usedAt: string | null }[];
  checkouts: { offer: string; status: string; createdAt: string; completedAt: string | null }[];
  testCards: { last4: string; updatedAt: string }[];
  cards: { provider: string; last4: string; expiryMonth: number; expiryYear: number; updatedAt: string }[];
  cancellations: { reason: string | null; comment: string | null; offerShown: string | null; outcome: string; createdAt: string }[];
  retentionOffers: { kind: string; percentOff: number | null; periodsLeft: number | null; pausedUntil: string | null; createdAt: string }[];
  /** The variant of each paywall experiment their account was given: what they were shown, by the experiment's name. */
  experiments: { experiment: string; variant: string; assignedAt: string }[];
  events: { kind: string; occurredAt: string; detail: Record<string, unknown> }[];
  mails: { kind: string; subject: string; sentAt: string }[];
  newsletters: { newsletter: string; status: string; consentSource: string; consentedAt: string; unsubscribedAt: string | null }[];
  newsletterMails: { newsletter: string; subject: string; status: string; sentAt: string | null; clicks: number }[];
  giftSubscriptions: GiftSubscriptionData[];
};

/** Gathers a reader's data from every table the download gives (see readerDataHandling). */
export async function collectReaderData(
  db: Database,
  { accountId, publication, now }: { accountId: number; publication: string; now: Date },
): Promise<ReaderData> {
  const account = await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
  const [
    subscriptions,
    payments,
    complimentary,
    meter,
    gifts,
    devices,
    feeds,
    sessions,
    links,
    emailChanges,
    deletions,
    checkouts,
    testCards,
    cards,
    cancellations,
    retentionOffers,
    experiments,
    events,
    mails,
    newsletters,
    newsletterMails,
  ] = await Promise.all([
    db
      .selectFrom('subscriptions')
      .innerJoin('plans', 'plans.id', 'subscriptions.plan_id')
      .leftJoin('offers', 'offers.id', 'subscriptions.offer_id')
      .select([
        'plans.name as plan',
        'offers.headline as offer',
        'subscriptions.provider',
        'subscriptions.status',
        'subscriptions.current_period_end',
        'subscriptions.trial_end',
        'subscriptions.past_due_since',
        'subscriptions.created_at',
        'subscriptions.updated_at',
      ])
      .where('subscriptions.account_id', '=', accountId)
      .orderBy('subscriptions.id')
      .execute(),
    db.selectFrom('payments').selectAll().where('account_id', '=', accountId).orderBy('occurred_at').orderBy('id').execute(),
    db.selectFrom('complimentary_access').selectAll().where('account_id', '=', accountId).orderBy('starts_at').execute(),
    db
      .selectFrom('meter_reads')
      .innerJoin('articles', 'articles.id', 'meter_reads.article_id')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .select(['meter_reads.period', 'meter_reads.read_at', 'articles.headline', 'articles.slug', 'sections.slug as section'])
      .where('meter_reads.account_id', '=', accountId)
      .orderBy('meter_reads.read_at')
      .execute(),
    db
      .selectFrom('gift_links')
      .innerJoin('articles', 'articles.id', 'gift_links.article_id')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .select([
        'gift_links.period',
        'gift_links.created_at',
        'gift_links.expires_at',
        'gift_links.revoked_at',
        'gift_links.opens_count',
        'gift_links.max_opens',
        'articles.headline',
        'articles.slug',
        'sections.slug as section',
      ])
      .where('gift_links.account_id', '=', accountId)
      .orderBy('gift_links.created_at')
      .execute(),
    db.selectFrom('api_tokens').select(['device_name', 'created_at', 'last_used_at', 'revoked_at']).where('account_id', '=', accountId).orderBy('id').execute(),
    db.selectFrom('feed_tokens').select(['created_at', 'revoked_at']).where('account_id', '=', accountId).orderBy('id').execute(),
    db.selectFrom('sessions').select(['created_at', 'expires_at']).where('account_id', '=', accountId).orderBy('created_at').execute(),
    db.selectFrom('login_tokens').select(['purpose', 'created_at', 'used_at']).where('account_id', '=', accountId).orderBy('created_at').execute(),
    db.selectFrom('email_change_requests').select(['new_email', 'created_at', 'used_at']).where('account_id', '=', accountId).orderBy('created_at').execute(),
    db.selectFrom('account_deletion_requests').select(['created_at', 'used_at']).where('account_id', '=', accountId).orderBy('created_at').execute(),
    db
      .selectFrom('checkout_sessions')
      .innerJoin('offers', 'offers.id', 'checkout_sessions.offer_id')
      .select(['offers.headline as offer', 'checkout_sessions.status', 'checkout_sessions.created_at', 'checkout_sessions.completed_at'])
      .where('checkout_sessions.account_id', '=', accountId)
      .orderBy('checkout_sessions.created_at')
      .execute(),
    db.selectFrom('test_payment_methods').select(['card_last4', 'updated_at']).where('account_id', '=', accountId).execute(),
    db.selectFrom('payment_cards').selectAll().where('account_id', '=', accountId).execute(),
    db.selectFrom('cancellation_reasons').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('retention_redemptions').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('id').execute(),
    listReaderExperiments(db, accountId),
    listReaderEvents(db, accountId),
    db.selectFrom('sent_mails').select(['kind', 'subject', 'sent_at']).where('account_id', '=', accountId).orderBy('sent_at').orderBy('id').execute(),
    db
      .selectFrom('newsletter_subscriptions')
      .innerJoin('newsletters', 'newsletters.id', 'newsletter_subscriptions.newsletter_id')
      .select([
        'newsletters.name',
        'newsletter_subscriptions.status',
        'newsletter_subscriptions.consent_source',
        'newsletter_subscriptions.consented_at',
        'newsletter_subscriptions.unsubscribed_at',
      ])
      .where('newsletter_subscriptions.account_id', '=', accountId)
      .orderBy('newsletter_subscriptions.consented_at')
      .execute(),
    db
      .selectFrom('newsletter_deliveries')
      .innerJoin('newsletter_sends', 'newsletter_sends.id', 'newsletter_deliveries.send_id')
      .innerJoin('newsletters', 'newsletters.id', 'newsletter_sends.newsletter_id')
      .select(['newsletters.name', 'newsletter_sends.subject', 'newsletter_deliveries.status', 'newsletter_deliveries.sent_at', 'newsletter_deliveries.clicks'])
      .where('newsletter_deliveries.account_id', '=', accountId)
      .orderBy('newsletter_deliveries.id')
      .execute(),
  ]);
  const article = (row: { headline: string; slug: string; section: string }): ArticleRef => ({ headline: row.headline, path: `/${row.section}/${row.slug}` });
  return {
    exportedAt: now.toISOString(),
    publication,
    account: {
      email: account.email,
      name: account.name,
      role: account.role,
      source: account.source,
      hasPassword: account.password_hash !== null,
      createdAt: account.created_at,
      updatedAt: account.updated_at,
    },
    subscriptions: subscriptions.map((row) => ({
      plan: row.plan,
      offer: row.offer,
      provider: row.provider,
      status: row.status,
      currentPeriodEnd: row.current_period_end,
      trialEnd: row.trial_end,
      pastDueSince: row.past_due_since,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    })),
    payments: payments.map((row) => ({
      kind: row.kind,
      status: row.status,
      amountMinor: row.amount_minor,
      currency: row.currency,
      provider: row.provider,
      occurredAt: row.occurred_at,
    })),
    complimentaryAccess: complimentary.map((row) => ({ startsAt: row.starts_at, endsAt: row.ends_at, reason: row.reason, revokedAt: row.revoked_at })),
    meter: meter.map((row) => ({ period: row.period, article: article(row), readAt: row.read_at })),
    gifts: gifts.map((row) => ({
      article: article(row),
      period: row.period,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
      opens: Number(row.opens_count),
      maxOpens: row.max_opens,
    })),
    devices: devices.map((row) => ({ name: row.device_name, createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at })),
    privateFeeds: feeds.map((row) => ({ createdAt: row.created_at, revokedAt: row.revoked_at })),
    webSessions: sessions.map((row) => ({ createdAt: row.created_at, expiresAt: row.expires_at })),
    mailedLinks: links.map((row) => ({ purpose: row.purpose, createdAt: row.created_at, usedAt: row.used_at })),
    emailChanges: emailChanges.map((row) => ({ newEmail: row.new_email, createdAt: row.created_at, usedAt: row.used_at })),
    deletionRequests: deletions.map((row) => ({ createdAt: row.created_at, usedAt: row.used_at })),
    checkouts: checkouts.map((row) => ({ offer: row.offer, status: row.status, createdAt: row.created_at, completedAt: row.completed_at })),
    testCards: testCards.map((row) => ({ last4: row.card_last4, updatedAt: row.updated_at })),
    cards: cards.map((row) => ({
      provider: row.provider,
      last4: row.card_last4,
      expiryMonth: row.expiry_month,
      expiryYear: row.expiry_year,
      updatedAt: row.updated_at,
    })),
    cancellations: cancellations.map((row) => ({
      reason: row.reason,
      comment: row.comment,
      offerShown: row.offer_kind,
      outcome: row.outcome,
      createdAt: row.created_at,
    })),
    retentionOffers: retentionOffers.map((row) => ({
      kind: row.kind,
      percentOff: row.percent_off,
      periodsLeft: row.periods_left,
      pausedUntil: row.paused_until,
      createdAt: row.created_at,
    })),
    experiments,
    events: events.map(({ kind, occurredAt, id: _id, accountId: _accountId, actorId: _actorId, ...detail }) => ({
      kind,
      occurredAt: occurredAt.toISOString(),
      detail,
    })),
    mails: mails.map((row) => ({ kind: row.kind, subject: row.subject, sentAt: row.sent_at })),
    newsletters: newsletters.map((row) => ({
      newsletter: row.name,
      status: row.status,
      consentSource: row.consent_source,
      consentedAt: row.consented_at,
      unsubscribedAt: row.unsubscribed_at,
    })),
    newsletterMails: newsletterMails.map((row) => ({
      newsletter: row.name,
      subject: row.subject,
      status: row.status,
      sentAt: row.sent_at,
      clicks: Number(row.clicks),
    })),
    giftSubscriptions: await collectGiftSubscriptionData(db, account),
  };
}
