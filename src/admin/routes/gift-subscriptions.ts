import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { listOffers, listPlans } from '../../commerce/catalogue-repository.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { statusOf } from '../../http/error-status.ts';
import { HttpError, NotFoundError } from '../../http/http-errors.ts';
import type { App } from '../../http/site-deps.ts';
import { giftDurations } from '../../gift-subscriptions/gift-calendar.ts';
import { findGiftSubscription } from '../../gift-subscriptions/gift-subscription-repository.ts';
import { type GiftListFilter, giftListPageSize, giftStateKinds, listGifts } from '../../gift-subscriptions/gift-list.ts';
import {
  fieldsOfGiftSettings,
  type GiftSettingsFieldErrors,
  type GiftSettingsFields,
  parseGiftSettingsForm,
} from '../../gift-subscriptions/gift-settings-form.ts';
import {
  durationsOnSale,
  type GiftSubscriptionSettings,
  readGiftSubscriptionSettings,
  writeGiftSubscriptionSettings,
} from '../../gift-subscriptions/gift-subscription-settings.ts';
import { isGiftAccessLive } from '../../gift-subscriptions/gift-subscription.ts';
import { revokeGiftSubscription } from '../../gift-subscriptions/revoke-gift-subscription.ts';
import { recordAudit } from '../../newsroom/audit-log.ts';
import { parseReason } from '../../readers/desk-action-rules.ts';
import { formatPublicationTime } from '../../settings/publication-time.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import type { AdminFilterOption } from '../admin-views.ts';
import {
  type GiftListPageView,
  type GiftRevokePageView,
  type GiftSettingsPageView,
  giftRowOf,
  giftStateLabels,
  giftSubscriptionPaths,
} from '../gift-subscription-views.ts';
import { can } from '../permissions.ts';
import { adminChrome, type NewsroomDeps, sendAdminPage } from './admin-page.ts';
import { deskStaffOf, type Staff, staffOf } from './staff-guard.ts';

const id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const listQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    state: Type.Optional(Type.Enum(giftStateKinds)),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    done: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);
type ListQuery = Static<typeof listQuery>;
const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const settingsForm = Type.Object({
  _csrf: text(200),
  planId: text(12),
  price3: text(20),
  price6: text(20),
  price12: text(20),
  reminderDays: text(12),
  continuationOfferId: text(12),
});
const revokeParams = Type.Object({ id });
const revokeQuery = Type.Object({ reader: Type.Optional(id) }, { additionalProperties: false });
const revokeForm = Type.Object({ _csrf: text(200), reason: text(1000), reader: Type.Optional(Type.String({ pattern: '^([1-9][0-9]{0,8})?$' })) });

const doneMessages: Record<string, string> = { revoked: 'The gift is revoked: its code redeems nothing, and any access it gave has ended.' };

/** What gifts give and cost is the publication's catalogue, as plans and offers are: administrators alone. */
function settingsStaffOf(request: FastifyRequest): Staff {
  const staff = staffOf(request);
  if (!can(staff.role, 'manage-settings')) throw new HttpError(403, 'Only administrators set what gift subscriptions give and cost.');
  return staff;
}

/** The list's address for a filter and page, blank fields left out. */
function listUrlOf(query: Omit<ListQuery, 'done'>, page = 1): string {
  const parameters = new URLSearchParams();
  if (query.q?.trim()) parameters.set('q', query.q.trim());
  if (query.state) parameters.set('state', query.state);
  if (page > 1) parameters.set('page', String(page));
  const search = parameters.toString();
  return search === '' ? giftSubscriptionPaths.list : `${giftSubscriptionPaths.list}?${search}`;
}

async function sendList(reply: FastifyReply, deps: NewsroomDeps, staff: Staff, query: ListQuery) {
  const settings = await readPublicationSettings(deps.db);
  const page = query.page ?? 1;
  const filter: GiftListFilter = { ...(query.state ? { state: query.state } : {}), ...(query.q?.trim() ? { address: query.q.trim() } : {}) };
  const { total, gifts } = await listGifts(deps.db, { filter, page });
  const now = deps.now();
  const pages = Math.max(1, Math.ceil(total / giftListPageSize));
  const first = (page - 1) * giftListPageSize + 1;
  const count = (value: number) => value.toLocaleString(settings.locale);
  const base = { q: query.q, state: query.state };
  const view: GiftListPageView = {
    gifts: gifts.map((gift) => giftRowOf(gift, { clock: settings, now })),
    q: query.q ?? '',
    stateOptions: [
      { value: '', label: 'Any state', isSelected: query.state === undefined },
      ...giftStateKinds.map((state) => ({ value: state, label: giftStateLabels[state], isSelected: state === query.state })),
    ],
    stateTabs: [
      { label: 'All', url: listUrlOf({ ...base, state: undefined }), isCurrent: query.state === undefined },
      ...giftStateKinds.map((state) => ({ label: giftStateLabels[state], url: listUrlOf({ ...base, state }), isCurrent: query.state === state })),
    ],
    isFiltered: Object.keys(filter).length > 0,
    clearUrl: giftSubscriptionPaths.list,
    settingsUrl: can(staff.role, 'manage-settings') ? giftSubscriptionPaths.settings : null,
    totalLabel: `${count(total)} ${total === 1 ? 'gift' : 'gifts'}`,
    rangeLabel: gifts.length === 0 ? null : `Showing ${count(first)}–${count(first + gifts.length - 1)} of ${count(total)}`,
    pageLabel: pages > 1 ? `Page ${count(page)} of ${count(pages)}` : null,
    previousUrl: page > 1 ? listUrlOf(base, page - 1) : null,
    nextUrl: page < pages ? listUrlOf(base, page + 1) : null,
    message: doneMessages[query.done ?? ''] ?? null,
  };
  return sendAdminPage(reply, deps, { template: 'gift-subscriptions', admin: await adminChrome(deps, staff, reply, 'readers'), page: view, status: 200 });
}

async function sendSettings(
  reply: FastifyReply,
  deps: NewsroomDeps,
  staff: Staff,
  {
    fields,
    errors = {},
    message = null,
    status = 200,
  }: { fields: GiftSettingsFields; errors?: GiftSettingsFieldErrors; message?: string | null; status?: number },
) {
  const [plans, offers, saved] = await Promise.all([listPlans(deps.db), listOffers(deps.db), readGiftSubscriptionSettings(deps.db)]);
  const planById = new Map(plans.map((plan) => [plan.id, plan]));
  const option = (value: string, label: string, chosen: string): AdminFilterOption => ({ value, label, isSelected: value === chosen });
  const view: GiftSettingsPageView = {
    saveUrl: giftSubscriptionPaths.settings,
    listUrl: giftSubscriptionPaths.list,
    fields,
    errors,
    planOptions: [option('', 'None: gifts are not on sale', fields.planId), ...plans.map((plan) => option(String(plan.id), plan.name, fields.planId))],
    offerOptions: [
      option('', 'All offers', fields.continuationOfferId),
      ...offers.map((offer) => option(String(offer.id), `${offer.headline} (${planById.get(offer.planId)?.name ?? 'no plan'})`, fields.continuationOfferId)),
    ],
    currency: saved.planId === null ? null : (planById.get(saved.planId)?.currency ?? null),
    onSaleLabel: onSaleLabelOf(saved),
    error: Object.keys(errors).length > 0 ? 'The settings are not saved: see what is wrong below.' : null,
    message,
  };
  return sendAdminPage(reply, deps, { template: 'gift-subscription-settings', admin: await adminChrome(deps, staff, reply, 'offers'), page: view, status });
}

function onSaleLabelOf(settings: GiftSubscriptionSettings): string {
  const onSale = durationsOnSale(settings).map(({ months }) => String(months));
  if (settings.planId === null) return 'Gifts are not on sale: no plan is chosen.';
  if (onSale.length === 0) return 'Gifts are not on sale: no duration has a price.';
  const list = onSale.length === 1 ? onSale[0] : `${onSale.slice(0, -1).join(', ')} and ${onSale.at(-1)}`;
  return `On sale now: ${list} months.`;
}

/** The audit log's line for the settings: what a gift gives, costs and leads to, in a sentence. */
function describeForAudit(settings: GiftSubscriptionSettings, planName: string | null, offerHeadline: string | null, currency: string | null): string {
  const prices = giftDurations
    .map((months) => {
      const minor = settings.pricesMinor[months];
      return `${months} months ${minor === null ? 'not on sale' : `${(minor / 100).toFixed(2)} ${currency ?? ''}`.trim()}`;
    })
    .join(', ');
  return `Plan: ${planName ?? 'none'}; ${prices}; reminder ${settings.reminderDays} days before the end; continues with ${offerHeadline ?? 'all offers'}`;
}

async function sendRevoke(
  reply: FastifyReply,
  deps: NewsroomDeps,
  staff: Staff,
  {
    giftId,
    readerId,
    reason = '',
    error = null,
    status = 200,
  }: { giftId: number; readerId: number | null; reason?: string; error?: string | null; status?: number },
) {
  const gift = await findGiftSubscription(deps.db, giftId);
  if (!gift) throw new NotFoundError('There is no such gift subscription.');
  const [settings, plans] = await Promise.all([readPublicationSettings(deps.db), listPlans(deps.db)]);
  const now = deps.now();
  const row = giftRowOf({ ...gift, planName: plans.find((plan) => plan.id === gift.planId)?.name ?? '' }, { clock: settings, now });
  const view: GiftRevokePageView = {
    gift: row,
    consequence: isGiftAccessLive(gift, now)
      ? `${gift.recipientName || 'The recipient'} reads on this gift until ${formatPublicationTime(gift.accessUntil ?? now, settings)}. Revoking it ends that access at once, and the code redeems nothing again. Nothing is refunded and nobody is mailed: refund the payment and tell the buyer separately if that is wanted.`
      : 'Its code redeems nothing from now on. Nothing is refunded and nobody is mailed: refund the payment and tell the buyer separately if that is wanted.',
    unavailable: row.revokeUrl === null ? 'This gift is already revoked.' : null,
    actionUrl: giftSubscriptionPaths.revoke(gift.id),
    backUrl: readerId === null ? giftSubscriptionPaths.list : `/admin/readers/${readerId}`,
    backLabel: readerId === null ? 'Back to gift subscriptions' : 'Back to the reader',
    readerId: readerId === null ? '' : String(readerId),
    reason,
    error,
  };
  return sendAdminPage(reply, deps, { template: 'gift-subscription-revoke', admin: await adminChrome(deps, staff, reply, 'readers'), page: view, status });
}

/**
 * Gift subscriptions in the newsroom: the desk's list of every gift, with revoking one (a
 * confirmation page, a reason, the audit log and the readers' timelines), and the administrators'
 * settings of what a gift gives and costs.
 */
export function registerGiftSubscriptionRoutes(app: App, deps: NewsroomDeps): void {
  app.get(
    giftSubscriptionPaths.list,
    {
      schema: { querystring: listQuery },
      // The filter form sends every field, the blank ones too: a blank field is no condition.
      preValidation: async (request) => {
        const query = request.query;
        if (query !== null && typeof query === 'object') {
          for (const [key, value] of Object.entries(query)) if (value === '') Reflect.deleteProperty(query, key);
        }
      },
    },
    async (request, reply) => sendList(reply, deps, deskStaffOf(request), request.query),
  );

  app.get(
    giftSubscriptionPaths.settings,
    { schema: { querystring: Type.Object({ saved: text(5) }, { additionalProperties: true }) } },
    async (request, reply) => {
      const staff = settingsStaffOf(request);
      const message = request.query.saved ? 'Saved. The gift page sells with these from now on; gifts already bought keep their price.' : null;
      return sendSettings(reply, deps, staff, { fields: fieldsOfGiftSettings(await readGiftSubscriptionSettings(deps.db)), message });
    },
  );

  app.post(giftSubscriptionPaths.settings, { schema: { body: settingsForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = settingsStaffOf(request);
    const { planId = '', price3 = '', price6 = '', price12 = '', reminderDays = '', continuationOfferId = '' } = request.body;
    const fields = { planId, price3, price6, price12, reminderDays, continuationOfferId };
    const [plans, offers] = await Promise.all([listPlans(deps.db), listOffers(deps.db)]);
    const result = parseGiftSettingsForm(fields, { planIds: plans.map((plan) => plan.id), offerIds: offers.map((offer) => offer.id) });
    if (result.kind === 'invalid') return sendSettings(reply, deps, staff, { fields, errors: result.errors, status: 400 });
    const { settings } = result;
    const plan = plans.find((candidate) => candidate.id === settings.planId);
    const offer = offers.find((candidate) => candidate.id === settings.continuationOfferId);
    const now = deps.now();
    await deps.db.transaction().execute(async (trx) => {
      await writeGiftSubscriptionSettings(trx, settings, now);
      await recordAudit(trx, {
        actor: staff,
        action: 'set gift subscriptions',
        subject: 'the publication',
        detail: describeForAudit(settings, plan?.name ?? null, offer?.headline ?? null, plan?.currency ?? null),
        now,
      });
    });
    return reply.redirect(`${giftSubscriptionPaths.settings}?saved=1`, 303);
  });

  app.get('/admin/gift-subscriptions/:id/revoke', { schema: { params: revokeParams, querystring: revokeQuery } }, async (request, reply) => {
    const staff = deskStaffOf(request);
    return sendRevoke(reply, deps, staff, { giftId: request.params.id, readerId: request.query.reader ?? null });
  });

  app.post(
    '/admin/gift-subscriptions/:id/revoke',
    { schema: { params: revokeParams, body: revokeForm }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const staff = deskStaffOf(request);
      const giftId = request.params.id;
      const readerId = request.body.reader ? Number(request.body.reader) : null;
      try {
        await revokeGiftSubscription(deps.db, { giftId, staff, reason: parseReason(request.body.reason), now: deps.now() });
        // The reader's identity is read afresh after any POST (server.ts), so a redeemed gift's access ends with this answer.
        return reply.redirect(
          readerId === null ? `${giftSubscriptionPaths.list}?done=revoked` : `/admin/readers/${readerId}?done=gift-revoked#gifts-title`,
          303,
        );
      } catch (error) {
        if (!(error instanceof DomainError) || error.meaning.kind === 'not-found') throw error;
        return sendRevoke(reply, deps, staff, { giftId, readerId, reason: request.body.reason ?? '', error: error.message, status: statusOf(error) });
      }
    },
  );
}
