import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { accountSources, type AccountSource } from '../../accounts/account.ts';
import { readRegisteredMeterLimit } from '../../experiments/experiment-repository.ts';
import { readAccessSettings } from '../../settings/access-settings-repository.ts';
import { listOffers, listPlans } from '../../commerce/catalogue-repository.ts';
import { formatMoney } from '../../commerce/money.ts';
import { gracePeriodMsOf, readCommerceSettings } from '../../commerce/commerce-settings.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { statusOf } from '../../http/error-status.ts';
import { NotFoundError } from '../../http/http-errors.ts';
import type { App } from '../../http/site-deps.ts';
import { listReaders, readerPageSize, type ReaderListing } from '../../readers/reader-list.ts';
import { addReaderNote } from '../../readers/reader-notes.ts';
import { listReaderSeats } from '../../organisations/organisation-access.ts';
import { listBoughtSubscriptions, type BoughtSubscription } from '../../organisations/seat-subscription.ts';
import { seatsPriceMinor } from '../../organisations/seat-purchase-rules.ts';
import { listOrganisations } from '../../organisations/organisation-repository.ts';
import { readerFilterOf, readerFilterQuery, type ReaderFilter, type ReaderFilterQuery } from '../../readers/reader-filter.ts';
import { deskActionsFor, paidInAllOf, readReaderRecord, type ReaderRecord } from '../../readers/reader-page.ts';
import { readerStateLabels, readerStates, type ReaderState } from '../../readers/reader-state.ts';
import { composeTimeline, timelineCategories, type TimelineCategory } from '../../readers/reader-timeline.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import { formatPublicationTime } from '../../settings/publication-time.ts';
import type { PublicationSettings } from '../../settings/publication-settings.ts';
import type { AdminFilterOption } from '../admin-views.ts';
import type { DeskActionView, ReaderListPageView, ReaderPageView } from '../reader-views.ts';
import { findReaderSubscriptions, findSuppression } from '../../newsletters/newsletter-repository.ts';
import { type DeskContext, suppressReaderAddress, unsuppressReaderAddress } from '../../readers/desk-actions.ts';
import { parseReason } from '../../readers/desk-action-rules.ts';
import type { ConsentSource, SuppressionReason, UnsubscribeSource } from '../../newsletters/newsletter-tables.ts';
import { listGiftsOfReader } from '../../gift-subscriptions/gift-subscription-repository.ts';
import { isGiftAccessLive } from '../../gift-subscriptions/gift-subscription.ts';
import { giftRowOf } from '../gift-subscription-views.ts';
import { adminChrome, sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { deskStaffOf, type Staff } from './staff-guard.ts';

const sourceOrigins: Readonly<Record<AccountSource, string>> = { website: 'The website', import: 'An import', newsletter: 'A newsletter sign-up' };
const consentSourceLabels: Readonly<Record<ConsentSource, string>> = {
  registration: 'when registering',
  account: 'on their account page',
  'sign-up-form': 'on the sign-up form, confirmed by mail',
  import: 'in an import',
  desk: 'through the desk',
};
const unsubscribeSourceLabels: Readonly<Record<UnsubscribeSource, string>> = {
  'one-click': "by one-click in a message (their mail client's button)",
  preferences: 'in the preference centre of a message',
  account: 'on their account page',
  desk: 'through the desk',
  audience: 'when they no longer had the standing it asks for',
};
const suppressionReasonLabels: Readonly<Record<SuppressionReason, string>> = {
  'hard-bounce': 'hard bounce',
  complaint: 'complaint',
  manual: 'stopped by hand',
};
const sourceLabels: Readonly<Record<AccountSource, string>> = { website: 'Website', import: 'Import', newsletter: 'Newsletter sign-up' };
const categoryLabels: Readonly<Record<TimelineCategory, string>> = {
  account: 'Account',
  subscription: 'Subscription',
  payment: 'Payment',
  access: 'Access',
  gift: 'Gift',
  device: 'Device',
  mail: 'Mail',
};
/** How the timeline's summary counts each kind of line: "5 payments · 3 mails". */
const categoryCounts: Readonly<Record<TimelineCategory, readonly [one: string, many: string]>> = {
  account: ['account event', 'account events'],
  subscription: ['subscription event', 'subscription events'],
  payment: ['payment', 'payments'],
  access: ['access change', 'access changes'],
  gift: ['gift', 'gifts'],
  device: ['device event', 'device events'],
  mail: ['mail', 'mails'],
};
const noteMessages: Record<string, string> = { added: 'The note is on the reader’s page.' };
/** What the desk's actions (reader-actions.ts) say once done: they come back here with ?done=. */
const doneMessages: Record<string, string> = {
  complimentary: 'Complimentary access is given, and the reader is told by mail.',
  'complimentary-revoked': 'Complimentary access is revoked, and the reader is told by mail.',
  trial: 'The trial is extended, and the reader is told by mail.',
  cancel: 'The subscription is canceled, and the reader is told by mail.',
  refund: 'The last payment is refunded, and the reader is told by mail.',
  email: 'A link is mailed to the new address: the address changes once its owner follows it.',
  'login-link': 'A log-in link is mailed to the reader.',
  'newsletters-suppress': 'No newsletter goes to this address now. The reader is not told.',
  'newsletters-unsuppress': 'Newsletters go to this address again, to those the reader is subscribed to.',
  'newsletter-links': 'The links in the newsletters sent to the reader so far no longer read as them.',
  'gift-revoked': 'The gift is revoked: its code redeems nothing, and any access it gave has ended.',
};

const readerParams = Type.Object({ id: Type.String({ pattern: '^\\d{1,9}$' }) });
const readerPageQuery = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 20 })), done: Type.Optional(Type.String({ maxLength: 40 })) },
  { additionalProperties: true },
);
const suppressionBody = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })), reason: Type.Optional(Type.String({ maxLength: 2000 })) });
const noteBody = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })), text: Type.String({ maxLength: 20_000 }) });

type Clock = Pick<PublicationSettings, 'locale' | 'timeZone'>;
const dayOf = (date: Date, { locale, timeZone }: Clock) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(date);

/** The query of the list's address for a filter and page: blank fields left out, so links stay short and the export gets the same filter. */
function listQuery(query: ReaderFilterQuery, page = 1): string {
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (key !== 'page' && value !== undefined && value !== '') parameters.set(key, String(value));
  if (page > 1) parameters.set('page', String(page));
  const text = parameters.toString();
  return text === '' ? '' : `?${text}`;
}

function periodLabelOf(reader: Pick<ReaderListing, 'state' | 'periodEnd' | 'pastDueSince'>, clock: Clock): string | null {
  if (reader.periodEnd === null) return null;
  const day = dayOf(reader.periodEnd, clock);
  switch (reader.state) {
    case 'trialing':
      return `Trial ends ${day}`;
    case 'active':
      return `Renews ${day}`;
    case 'past_due':
      return reader.pastDueSince === null ? 'Payment failing' : `Failing since ${dayOf(reader.pastDueSince, clock)}`;
    case 'canceled':
      return `Access until ${day}`;
    case 'expired':
      return `Ended ${day}`;
    case 'free':
    case 'complimentary':
      return null;
  }
}

const options = (values: readonly { value: string; label: string }[], selected: string | undefined): AdminFilterOption[] =>
  values.map(({ value, label }) => ({ value, label, isSelected: value === (selected ?? '') }));

async function sendReaderList(reply: FastifyReply, deps: NewsroomDeps, staff: Staff, query: ReaderFilterQuery) {
  const settings = await readPublicationSettings(deps.db);
  const page = query.page ?? 1;
  let filter: ReaderFilter = {};
  let error: string | null = null;
  try {
    filter = readerFilterOf(query, settings.timeZone);
  } catch (caught) {
    // A day the calendar does not have: the list says so and shows everyone, the form as typed.
    if (!(caught instanceof DomainError)) throw caught;
    error = `${caught.message}: give the day as year-month-day, for example 2026-03-01.`;
  }
  const [{ total, readers }, plans, offers, organisations] = await Promise.all([
    listReaders(deps.db, { filter, page, now: deps.now() }),
    listPlans(deps.db),
    listOffers(deps.db),
    listOrganisations(deps.db),
  ]);
  const { page: _page, ...base } = query;
  const pages = Math.max(1, Math.ceil(total / readerPageSize));
  const first = (page - 1) * readerPageSize + 1;
  const view: ReaderListPageView = {
    readers: readers.map((reader) => ({
      url: `/admin/readers/${reader.id}`,
      name: reader.name,
      email: reader.email,
      state: reader.state,
      stateLabel: readerStateLabels[reader.state],
      planName: reader.planName,
      periodLabel: periodLabelOf(reader, settings),
      signedUpLabel: dayOf(reader.signedUpAt, settings),
      sourceLabel: sourceLabels[reader.source],
    })),
    q: query.q ?? '',
    from: query.from ?? '',
    to: query.to ?? '',
    stateOptions: options(
      [{ value: '', label: 'Any state' }, ...readerStates.map((state) => ({ value: state, label: readerStateLabels[state] }))],
      query.state,
    ),
    planOptions: options([{ value: '', label: 'Any plan' }, ...plans.map((plan) => ({ value: String(plan.id), label: plan.name }))], query.plan?.toString()),
    offerOptions: options(
      [{ value: '', label: 'Any offer' }, ...offers.map((offer) => ({ value: String(offer.id), label: offer.headline }))],
      query.offer?.toString(),
    ),
    organisationOptions: options(
      [{ value: '', label: 'Any organisation' }, ...organisations.map((organisation) => ({ value: String(organisation.id), label: organisation.name }))],
      query.organisation?.toString(),
    ),
    sourceOptions: options(
      [{ value: '', label: 'Any source' }, ...accountSources.map((source) => ({ value: source, label: sourceLabels[source] }))],
      query.source,
    ),
    giftOptions: options(
      [
        { value: '', label: 'Anyone' },
        { value: 'recipient', label: 'Reading on a gift' },
      ],
      query.gift,
    ),
    stateTabs: [
      { label: 'All', url: `/admin/readers${listQuery({ ...base, state: undefined })}`, isCurrent: query.state === undefined },
      ...readerStates.map((state: ReaderState) => ({
        label: readerStateLabels[state],
        url: `/admin/readers${listQuery({ ...base, state })}`,
        isCurrent: query.state === state,
      })),
    ],
    isFiltered: Object.keys(filter).length > 0,
    clearUrl: '/admin/readers',
    exportUrl: `/admin/readers/export.csv${listQuery(base)}`,
    total,
    totalLabel: `${total.toLocaleString(settings.locale)} ${total === 1 ? 'reader' : 'readers'}`,
    rangeLabel:
      readers.length === 0
        ? null
        : `Showing ${first.toLocaleString(settings.locale)}–${(first + readers.length - 1).toLocaleString(settings.locale)} of ${total.toLocaleString(settings.locale)}`,
    pageLabel: pages > 1 ? `Page ${page.toLocaleString(settings.locale)} of ${pages.toLocaleString(settings.locale)}` : null,
    previousUrl: page > 1 ? `/admin/readers${listQuery(base, page - 1)}` : null,
    nextUrl: page < pages ? `/admin/readers${listQuery(base, page + 1)}` : null,
    error,
  };
  return sendAdminPage(reply, deps, { template: 'readers', admin: await adminChrome(deps, staff, reply, 'readers'), page: view, status: error ? 400 : 200 });
}

/** The desk's actions that apply to this reader, as links to their confirmation pages. */
function actionsOf(record: ReaderRecord, locale: string): DeskActionView[] {
  const base = `/admin/readers/${record.account.id}`;
  const applies = deskActionsFor({
    latestStatus: record.subscriptions[0]?.status ?? null,
    hasRefundableCharge: record.refundableCharge !== null,
    liveGrantIds: record.liveComplimentary.map((access) => access.id),
  });
  const actions: (DeskActionView | null)[] = [
    {
      label: 'Give complimentary access',
      url: `${base}/complimentary`,

      isDanger: false,
      hint: 'Free reading for a period or open-ended; never billed.',
    },
    applies.canExtendTrial ? { label: 'Extend trial', url: `${base}/trial`, isDanger: false, hint: 'Move the end of the free trial.' } : null,
    applies.canRefund && record.refundableCharge
      ? {
          label: `Refund ${formatMoney(record.refundableCharge, locale)}`,
          url: `${base}/refund`,

          isDanger: false,
          hint: 'Pay back the last payment.',
        }
      : null,
    applies.canCancel ? { label: 'Cancel subscription', url: `${base}/cancel`, isDanger: true, hint: 'Now, or at the end of the period.' } : null,
    { label: 'Change address', url: `${base}/email`, isDanger: false, hint: 'The new address confirms it.' },
    {
      label: 'Revoke newsletter links',
      url: `${base}/newsletter-links`,
      isDanger: true,
      hint: 'Links in newsletters sent so far stop reading as the reader.',
    },
    { label: 'Delete reader', url: `${base}/delete`, isDanger: true, hint: 'Erases personal data; keeps the ledger.' },
  ];
  return actions.filter((action) => action !== null);
}

async function sendReaderPage(
  reply: FastifyReply,
  deps: NewsroomDeps,
  staff: Staff,
  {
    readerId,
    error = null,
    message = null,
    noteText = '',
    suppressionReason = '',
    status = 200,
  }: { readerId: number; error?: string | null; message?: string | null; noteText?: string; suppressionReason?: string; status?: number },
) {
  const now = deps.now();
  const [settings, access, commerce] = await Promise.all([readPublicationSettings(deps.db), readAccessSettings(deps.db), readCommerceSettings(deps.db)]);
  const record = await readReaderRecord(deps.db, { readerId, now, timeZone: settings.timeZone, gracePeriodMs: gracePeriodMsOf(commerce) });
  if (!record) throw new NotFoundError('There is no such reader.');
  const [newsletterSubscriptions, suppression, seats, bought, gifts, plans] = await Promise.all([
    findReaderSubscriptions(deps.db, record.account.id),
    findSuppression(deps.db, record.account.email),
    listReaderSeats(deps.db, record.account.id, now),
    listBoughtSubscriptions(deps.db, record.account.id),
    listGiftsOfReader(deps.db, { readerId: record.account.id, email: record.account.email }),
    listPlans(deps.db),
  ]);
  const planNames = new Map(plans.map((plan) => [plan.id, plan.name]));
  // Gifts follow one another, so the reader's gift access runs to the latest end among the live ones.
  const giftAccessUntil = gifts.received
    .filter((gift) => isGiftAccessLive(gift, now))
    .reduce<Date | null>((latest, gift) => (gift.accessUntil !== null && (latest === null || gift.accessUntil > latest) ? gift.accessUntil : latest), null);
  const giftRow = (gift: (typeof gifts.bought)[number]) =>
    giftRowOf({ ...gift, planName: planNames.get(gift.planId) ?? '' }, { clock: settings, now, readerId: record.account.id });
  const time = (date: Date) => formatPublicationTime(date, settings);
  const day = (date: Date) => dayOf(date, settings);
  const timeline = composeTimeline(record.history, { locale: settings.locale, timeZone: settings.timeZone, now });
  const latest = record.subscriptions[0] ?? null;
  const used = record.meter.articles.length;
  const limit = await readRegisteredMeterLimit(deps.db, record.account.id, access);
  const paidInAll = paidInAllOf(record.history.payments)
    .map((sum) => formatMoney(sum, settings.locale))
    .join(' + ');
  const [year = '', month = ''] = record.meter.period.split('-');
  const view: ReaderPageView = {
    id: record.account.id,
    listUrl: '/admin/readers',
    displayName: record.account.name || record.account.email,
    email: record.account.email,
    state: record.state,
    stateLabel: readerStateLabels[record.state],
    account: [
      { label: 'Name', value: record.account.name || '—' },
      { label: 'Address', value: record.account.email },
      { label: 'Signed up', value: time(record.account.signedUpAt) },
      { label: 'Came from', value: sourceOrigins[record.account.source] },
      { label: 'Logs in with', value: record.account.hasPassword ? 'A password, or a mailed link' : 'Mailed links only (no password set)' },
      { label: 'Paid in all', value: paidInAll === '' ? 'Nothing yet' : `${paidInAll} (after refunds)` },
      { label: 'Reader id', value: String(record.account.id) },
      ...(giftAccessUntil === null ? [] : [{ label: 'Gift subscription', value: `Reads in full until ${day(giftAccessUntil)}` }]),
      ...seats.map((seat) => ({
        label: 'Organisation',
        value: `${seat.organisationName}: ${seat.isLive ? 'reads in full' : 'contract not running'}, joined by ${seat.joinedBy === 'domain' ? 'a proven address' : seat.joinedBy} ${day(seat.joinedAt)}`,
      })),
      // The company subscriptions the reader pays for: the organisation's seats, not a subscription of their own.
      ...bought.map((subscription) => ({
        label: 'Company subscription',
        value: `${subscription.organisationName}: ${subscription.seats} seats of ${subscription.planName}, ${formatMoney(
          { amountMinor: seatsPriceMinor({ priceMinor: subscription.priceMinor, seats: subscription.seats }), currency: subscription.currency },
          settings.locale,
        )} a ${subscription.interval}, ${boughtStandings[subscription.status]} ${day(subscription.currentPeriodEnd)}`,
      })),
    ],
    subscription:
      latest === null
        ? null
        : {
            planName: latest.planName,
            priceLabel: `${formatMoney({ amountMinor: latest.priceMinor, currency: latest.currency }, settings.locale)} a ${latest.interval}`,
            statusLabel: readerStateLabels[latest.status],
            state: latest.status,
            facts: [
              { label: 'Started', value: day(latest.startedAt) },
              ...(latest.tierNames.length === 0 ? [] : [{ label: 'Gives', value: latest.tierNames.join(', ') }]),
              ...(latest.offerHeadline === null ? [] : [{ label: 'Offer', value: latest.offerHeadline }]),
              ...(latest.trialEnd === null || latest.status === 'trialing' ? [] : [{ label: 'Trial ended', value: day(latest.trialEnd) }]),
              {
                label: { trialing: 'Trial ends', active: 'Renews', past_due: 'Period ended', canceled: 'Access until', expired: 'Ended' }[latest.status],
                value: day(latest.currentPeriodEnd),
              },
              ...(latest.pastDueSince === null ? [] : [{ label: 'Failing since', value: day(latest.pastDueSince) }]),
              { label: 'Billed through', value: latest.provider === 'stripe' ? 'Stripe' : 'Test mode' },
              ...(latest.providerCustomerId === null ? [] : [{ label: 'Stripe customer', value: latest.providerCustomerId }]),
              ...(latest.providerSubscriptionId === null ? [] : [{ label: 'Stripe subscription', value: latest.providerSubscriptionId }]),
            ],
          },
    earlierSubscriptions: Math.max(0, record.subscriptions.length - 1),
    gifts: { received: gifts.received.map(giftRow), bought: gifts.bought.map(giftRow) },
    complimentary: record.liveComplimentary.map((grant) => ({
      untilLabel: grant.endsAt === null ? 'Open-ended' : `Until ${day(grant.endsAt)}`,
      reason: grant.reason,
      givenLabel: `Given ${day(grant.startsAt)}${grant.grantedBy !== null && record.history.staffNames.has(grant.grantedBy) ? ` by ${record.history.staffNames.get(grant.grantedBy)}` : ''}`,
      revokeUrl: `/admin/readers/${record.account.id}/complimentary/${grant.id}/revoke`,
    })),
    actions: actionsOf(record, settings.locale),
    timeline: timeline.map((entry) => ({
      whenLabel: time(entry.at),
      isoTime: entry.at.toISOString(),
      category: entry.category,
      categoryLabel: categoryLabels[entry.category],
      title: entry.title,
      detail: entry.detail,
      tone: entry.tone,
      by: entry.by,
    })),
    timelineSummary: timelineCategories
      .map((category) => [category, timeline.filter((entry) => entry.category === category).length] as const)
      .filter(([, count]) => count > 0)
      .map(([category, count]) => `${count} ${categoryCounts[category][count === 1 ? 0 : 1]}`)
      .join(' · '),
    meter: {
      monthLabel: new Intl.DateTimeFormat(settings.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(Date.UTC(Number(year), Number(month) - 1, 15)),
      ),
      used,
      limit,
      isMetered: !record.isEntitled,
      articles: record.meter.articles.map((article) => ({
        headline: article.headline,
        readLabel: time(article.readAt),
        ruleLabel: article.rule === null ? 'The meter' : `Rule: ${article.rule}`,
      })),
      hasRules: record.meter.articles.some((article) => article.rule !== null),
    },
    notes: record.notes.map((note) => ({ text: note.text, who: note.authorName ?? 'Imported with the reader', whenLabel: time(note.createdAt) })),
    newsletters: {
      subscriptions: newsletterSubscriptions.map((subscription) => ({
        name: subscription.newsletterName,
        isSubscribed: subscription.isSubscribed,
        statusLabel: subscription.isSubscribed ? 'Subscribed' : 'Left',
        consentLabel: `Said yes ${time(subscription.consentedAt)}, ${consentSourceLabels[subscription.consentSource]}`,
        leftLabel:
          subscription.unsubscribedAt === null
            ? null
            : `Left ${time(subscription.unsubscribedAt)}${subscription.unsubscribeSource === null ? '' : `, ${unsubscribeSourceLabels[subscription.unsubscribeSource]}`}`,
      })),
      suppressUrl: `/admin/readers/${record.account.id}/newsletters/${suppression === null ? 'suppress' : 'unsuppress'}`,
      isSuppressed: suppression !== null,
      reason: suppressionReason,
      suppression:
        suppression === null
          ? null
          : `No newsletter goes to this address: ${suppressionReasonLabels[suppression.reason]} (${suppression.source}), since ${time(suppression.since)}${suppression.detail === null ? '' : `. ${suppression.detail}`}`,
    },
    loginLinkUrl: `/admin/readers/${record.account.id}/login-link`,
    noteUrl: `/admin/readers/${record.account.id}/notes`,
    noteText,
    error,
    message,
  };
  return sendAdminPage(reply, deps, { template: 'reader', admin: await adminChrome(deps, staff, reply, 'readers'), page: view, status });
}

/** The readers' desk: the list of readers, and each reader's page with its notes. */
const boughtStandings: Record<BoughtSubscription['status'], string> = {
  active: 'renews',
  canceling: 'stops',
  past_due: 'unpaid since its renewal on',
  ended: 'ended',
};

export function registerReaderDeskRoutes(app: App, deps: NewsroomDeps): void {
  app.get(
    '/admin/readers',
    {
      schema: { querystring: readerFilterQuery },
      // The filter form sends every field, the blank ones too: a blank field is no condition.
      preValidation: async (request) => {
        const query = request.query;
        if (query !== null && typeof query === 'object') {
          for (const [key, value] of Object.entries(query)) if (value === '') Reflect.deleteProperty(query, key);
        }
      },
    },
    async (request, reply) => sendReaderList(reply, deps, deskStaffOf(request), request.query),
  );

  app.get('/admin/readers/:id', { schema: { params: readerParams, querystring: readerPageQuery } }, async (request, reply) => {
    const staff = deskStaffOf(request);
    const message = noteMessages[request.query.note ?? ''] ?? doneMessages[request.query.done ?? ''] ?? null;
    return sendReaderPage(reply, deps, staff, { readerId: Number(request.params.id), message });
  });

  app.post('/admin/readers/:id/notes', { schema: { params: readerParams, body: noteBody }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = deskStaffOf(request);
    const readerId = Number(request.params.id);
    try {
      await addReaderNote(deps.db, { readerId, author: staff, text: request.body.text, now: deps.now() });
      return reply.redirect(`/admin/readers/${readerId}?note=added#notes`, 303);
    } catch (error) {
      // The page comes back with the note as typed and the reason, so nothing written is lost.
      if (!(error instanceof DomainError) || error.meaning.kind !== 'invalid') throw error;
      return sendReaderPage(reply, deps, staff, { readerId, error: error.message, noteText: request.body.text, status: statusOf(error) });
    }
  });

  // From the Newsletters panel, the reason typed beside the button, as a log-in link is sent: the
  // act is audited and goes on the reader's timeline; a refusal comes back with the reason as typed.
  const ctx: DeskContext = { db: deps.db, provider: deps.paymentProvider, insights: deps.insights };
  for (const [path, act] of [
    ['newsletters/suppress', suppressReaderAddress],
    ['newsletters/unsuppress', unsuppressReaderAddress],
  ] as const) {
    app.post(
      `/admin/readers/:id/${path}`,
      { schema: { params: readerParams, body: suppressionBody }, preHandler: app.csrfProtection },
      async (request, reply) => {
        const staff = deskStaffOf(request);
        const readerId = Number(request.params.id);
        try {
          await act(ctx, { readerId, act: { staff, reason: parseReason(request.body.reason), now: deps.now() } });
          return reply.redirect(`/admin/readers/${readerId}?done=${path.replace('/', '-')}#newsletters-title`, 303);
        } catch (error) {
          if (!(error instanceof DomainError) || error.meaning.kind === 'not-found') throw error;
          return sendReaderPage(reply, deps, staff, { readerId, error: error.message, suppressionReason: request.body.reason ?? '', status: statusOf(error) });
        }
      },
    );
  }
}
