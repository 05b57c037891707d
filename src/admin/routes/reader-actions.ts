import type { FastifyReply } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Account } from '../../accounts/account.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { accountPaths } from '../../http/account-paths.ts';
import { statusOf } from '../../http/error-status.ts';
import { HttpError } from '../../http/http-errors.ts';
import type { App } from '../../http/site-deps.ts';
import { absoluteUrl } from '../../http/urls.ts';
import { formatMoney } from '../../commerce/money.ts';
import { findLatestSubscription } from '../../commerce/subscription-repository.ts';
import { listComplimentaryAccess } from '../../readers/complimentary-access-repository.ts';
import { isComplimentaryLive } from '../../readers/complimentary-access.ts';
import {
  cancelForReader,
  extendTrial,
  findDeskReader,
  findRefundableCharge,
  giveComplimentaryAccess,
  issueDeskLoginLink,
  refundLastPayment,
  requestAddressChange,
  revokeComplimentaryAccess,
  revokeNewsletterLinks,
  type DeskAct,
  type DeskContext,
} from '../../readers/desk-actions.ts';
import {
  canExtendTrial,
  cancelTimingsFor,
  complimentaryPeriodLabels,
  complimentaryPeriods,
  parseCancelTiming,
  parseComplimentaryPeriod,
  parseReason,
  parseTrialExtensionDays,
} from '../../readers/desk-action-rules.ts';
import { composeDeskMail, type DeskMail } from '../../readers/desk-mail.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import { can } from '../permissions.ts';
import type { ReaderActionPageView } from '../reader-action-views.ts';
import { adminChrome, sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { staffOf, type Staff } from './staff-guard.ts';

const readerParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }) });
const grantParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }), grantId: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }) });
const field = Type.Optional(Type.String({ maxLength: 1000 }));
const actionBody = Type.Object({ reason: field, period: field, days: field, when: field, chargeId: field, email: field }, { additionalProperties: true });

/** The reader's page on the desk, where every action leads back to. */
export const readerPageUrl = (readerId: number) => `/admin/readers/${readerId}`;
const actionUrl = (readerId: number, action: string) => `${readerPageUrl(readerId)}/${action}`;

type ActionKind = ReaderActionPageView['kind'];
type Typed = { reason?: string | undefined; value?: string | undefined; choice?: string | undefined };

function requireDesk(staff: Staff): void {
  if (!can(staff.role, 'serve-readers')) throw new HttpError(403, "The readers' desk is for support staff and administrators.");
}

const subjectOf = (reader: Account) => ({ name: reader.name, email: reader.email, url: readerPageUrl(reader.id) });

/** The confirmation page of an action as it stands for this reader, with what was typed if a form was refused. */
async function actionPageOf(deps: NewsroomDeps, reader: Account, kind: ActionKind, typed: Typed, error: string | null): Promise<ReaderActionPageView> {
  const settings = await readPublicationSettings(deps.db);
  const now = deps.now();
  const day = (date: Date) => new Intl.DateTimeFormat(settings.locale, { dateStyle: 'long', timeZone: settings.timeZone }).format(date);
  const base = {
    kind,
    reader: subjectOf(reader),
    unavailable: null,
    actionUrl: actionUrl(reader.id, kind),
    isDanger: false,
    error,
    reason: typed.reason ?? '',
    options: [],
    grants: [],
    value: typed.value ?? '',
  };
  switch (kind) {
    case 'complimentary': {
      const grants = (await listComplimentaryAccess(deps.db, reader.id)).filter((access) => isComplimentaryLive(access, now));
      return {
        ...base,
        title: 'Give complimentary access',
        consequence: `${reader.name || reader.email} reads everything, free, for the time you choose. Nothing is billed for it, and they get an e-mail saying so.`,
        submitLabel: 'Give access',
        options: complimentaryPeriods.map((period) => ({
          value: period,
          label: complimentaryPeriodLabels[period],
          isSelected: period === (typed.choice ?? '1'),
        })),
        grants: grants.map((access) => ({
          label: access.endsAt ? `Until ${day(access.endsAt)}` : 'Open-ended',
          reason: access.reason,
          revokeUrl: `${actionUrl(reader.id, 'complimentary')}/${access.id}/revoke`,
        })),
      };
    }
    case 'trial': {
      const subscription = await findLatestSubscription(deps.db, reader.id);
      const isRunning = subscription !== undefined && canExtendTrial(subscription.state, now);
      return {
        ...base,
        title: 'Extend the trial',
        consequence: isRunning
          ? `The trial now ends on ${day(subscription.state.currentPeriodEnd)}. Extending it moves the first payment by as many days; the reader gets an e-mail with the new date.`
          : '',
        unavailable: isRunning ? null : 'The reader has no trial running, so there is nothing to extend.',
        submitLabel: 'Extend the trial',
        value: typed.value ?? '14',
      };
    }
    case 'cancel': {
      const subscription = await findLatestSubscription(deps.db, reader.id);
      const timings = subscription ? cancelTimingsFor(subscription.state) : [];
      const labels = {
        'period-end': subscription ? `At the end of the period, on ${day(subscription.state.currentPeriodEnd)}: they keep access until then` : '',
        now: 'Now: access ends at once, nothing more is billed',
      };
      return {
        ...base,
        title: 'Cancel the subscription',
        consequence:
          'The subscription is canceled at the payment provider too, and the reader gets an e-mail saying when their access ends. Nothing is refunded: refund the last payment separately if that is wanted.',
        unavailable: timings.length === 0 ? 'The reader has no subscription to cancel.' : null,
        submitLabel: 'Cancel the subscription',
        isDanger: true,
        options: timings.map((timing) => ({ value: timing, label: labels[timing], isSelected: timing === (typed.choice ?? timings[0]) })),
      };
    }
    case 'refund': {
      const charge = await findRefundableCharge(deps.db, reader.id);
      return {
        ...base,
        title: 'Refund the last payment',
        consequence: charge
          ? `${formatMoney({ amountMinor: charge.amountMinor, currency: charge.currency }, settings.locale)}, paid on ${day(charge.occurredAt)}, goes back to the reader in full${charge.provider === 'stripe' ? ' through Stripe' : ' (test mode: recorded, no money moves)'}. The subscription itself is not changed; the reader gets an e-mail.`
          : '',
        unavailable: charge ? null : 'The reader has no payment left to refund.',
        submitLabel: 'Refund the payment',
        isDanger: true,
        value: charge ? String(charge.id) : '',
      };
    }
    case 'newsletter-links':
      return {
        ...base,
        title: 'Revoke newsletter links',
        consequence: `Every article link in the newsletters sent to ${reader.name || reader.email} so far stops reading as them: whoever opens one gets the ordinary page, on their own meter, and no click is counted. Newsletters sent later carry working links. Nothing is mailed to the reader.`,
        submitLabel: 'Revoke the links',
        isDanger: true,
      };
    case 'email':
      return {
        ...base,
        title: 'Change the e-mail address',
        consequence: `The address stays ${reader.email} until the reader follows the link we send to the new one (it works for 24 hours). The present address is told of the request.`,
        submitLabel: 'Send the confirmation link',
      };
  }
}

async function sendActionPage(
  reply: FastifyReply,
  deps: NewsroomDeps,
  staff: Staff,
  { reader, kind, typed = {}, error = null, status = 200 }: { reader: Account; kind: ActionKind; typed?: Typed; error?: string | null; status?: number },
) {
  const page = await actionPageOf(deps, reader, kind, typed, error);
  return sendAdminPage(reply, deps, { template: 'reader-action', admin: await adminChrome(deps, staff, reply, 'readers'), page, status });
}

/** Mails the reader, in the publication's words and time zone, once the act is committed. */
async function mailReader(deps: NewsroomDeps, to: string, mail: DeskMail): Promise<void> {
  const settings = await readPublicationSettings(deps.db);
  const message = composeDeskMail(mail, {
    publication: settings.name,
    locale: settings.locale,
    timeZone: settings.timeZone,
    accountUrl: absoluteUrl(deps.publicUrl, accountPaths.account),
  });
  await deps.mailer.send({ to, kind: `desk-${mail.kind}`, ...message });
}

/** Back to the reader's page, which says what was done. */
const backToReader = (reply: FastifyReply, readerId: number, done: string) => reply.redirect(`${readerPageUrl(readerId)}?done=${done}`, 303);

/**
 * The readers' desk's actions: each a confirmation page (GET) saying what will happen and asking
 * why, and the form's POST that does it. Routes parse and render; src/readers/desk-actions.ts acts.
 */
export function registerReaderActionRoutes(app: App, deps: NewsroomDeps): void {
  const ctx: DeskContext = { db: deps.db, provider: deps.paymentProvider, insights: deps.insights };
  const actOf = (staff: Staff, reason: string | undefined): DeskAct => ({ staff, reason: parseReason(reason), now: deps.now() });

  for (const kind of ['complimentary', 'trial', 'cancel', 'refund', 'email', 'newsletter-links'] as const) {
    app.get(`/admin/readers/:id/${kind}`, { schema: { params: readerParams } }, async (request, reply) => {
      const staff = staffOf(request);
      requireDesk(staff);
      const reader = await findDeskReader(deps.db, request.params.id);
      return sendActionPage(reply, deps, staff, { reader, kind });
    });
  }

  /** Does one action's POST: the act, then the reader's mail; a refused form comes back with what was typed and why. */
  const post = (kind: ActionKind, perform: (input: { staff: Staff; readerId: number; body: Static<typeof actionBody> }) => Promise<{ done: string }>) =>
    app.post(`/admin/readers/:id/${kind}`, { schema: { params: readerParams, body: actionBody }, preHandler: app.csrfProtection }, async (request, reply) => {
      const staff = staffOf(request);
      requireDesk(staff);
      const readerId = request.params.id;
      const { body } = request;
      try {
        const { done } = await perform({ staff, readerId, body });
        return backToReader(reply, readerId, done);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const reader = await findDeskReader(deps.db, readerId);
        const typed = { reason: body.reason, value: body.days ?? body.email, choice: body.period ?? body.when };
        return sendActionPage(reply, deps, staff, { reader, kind, typed, error: error.message, status: statusOf(error) });
      }
    });

  post('complimentary', async ({ staff, readerId, body }) => {
    const period = parseComplimentaryPeriod(body.period);
    const { reader, access } = await giveComplimentaryAccess(ctx, { readerId, period, act: actOf(staff, body.reason) });
    await mailReader(deps, reader.email, { kind: 'complimentary-given', until: access.endsAt });
    return { done: 'complimentary' };
  });

  post('trial', async ({ staff, readerId, body }) => {
    const days = parseTrialExtensionDays(body.days);
    const { reader, until } = await extendTrial(ctx, { readerId, days, act: actOf(staff, body.reason) });
    await mailReader(deps, reader.email, { kind: 'trial-extended', until });
    return { done: 'trial' };
  });

  post('cancel', async ({ staff, readerId, body }) => {
    const when = parseCancelTiming(body.when);
    const { reader, accessUntil } = await cancelForReader(ctx, { readerId, when, act: actOf(staff, body.reason) });
    await mailReader(deps, reader.email, { kind: 'canceled', when, accessUntil });
    return { done: 'cancel' };
  });

  post('refund', async ({ staff, readerId, body }) => {
    const chargeId = Number(body.chargeId);
    const act = actOf(staff, body.reason);
    const { reader, refund } = await refundLastPayment(ctx, { readerId, chargeId: Number.isInteger(chargeId) ? chargeId : 0, act });
    await mailReader(deps, reader.email, { kind: 'refunded', amountMinor: refund.amountMinor, currency: refund.currency });
    return { done: 'refund' };
  });

  post('email', async ({ staff, readerId, body }) => {
    const act = actOf(staff, body.reason);
    const { reader, newEmail, token } = await requestAddressChange(ctx, { readerId, newEmail: body.email ?? '', act });
    const link = absoluteUrl(deps.publicUrl, `${accountPaths.emailChangeConfirm}?token=${encodeURIComponent(token)}`);
    await mailReader(deps, newEmail, { kind: 'email-change-link', link });
    await mailReader(deps, reader.email, { kind: 'email-change-notice', newEmail });
    return { done: 'email' };
  });

  post('newsletter-links', async ({ staff, readerId, body }) => {
    await revokeNewsletterLinks(ctx, { readerId, act: actOf(staff, body.reason) });
    return { done: 'newsletter-links' };
  });

  app.post(
    '/admin/readers/:id/complimentary/:grantId/revoke',
    { schema: { params: grantParams, body: actionBody }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const staff = staffOf(request);
      requireDesk(staff);
      const { id: readerId, grantId } = request.params;
      try {
        const { reader } = await revokeComplimentaryAccess(ctx, { readerId, grantId, act: actOf(staff, request.body.reason) });
        await mailReader(deps, reader.email, { kind: 'complimentary-revoked' });
        return backToReader(reply, readerId, 'complimentary-revoked');
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const reader = await findDeskReader(deps.db, readerId);
        return sendActionPage(reply, deps, staff, { reader, kind: 'complimentary', error: error.message, status: statusOf(error) });
      }
    },
  );

  // From a button on the reader's page: the link goes to the reader's own address, never to the desk.
  app.post('/admin/readers/:id/login-link', { schema: { params: readerParams, body: actionBody }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = staffOf(request);
    requireDesk(staff);
    const readerId = request.params.id;
    const reason = request.body.reason?.trim() ? request.body.reason : 'The reader asked for a log-in link';
    const { reader, token } = await issueDeskLoginLink(ctx, { readerId, act: actOf(staff, reason) });
    const link = absoluteUrl(deps.publicUrl, `${accountPaths.magicLinkConfirm}?token=${encodeURIComponent(token)}`);
    await mailReader(deps, reader.email, { kind: 'login-link', link });
    return backToReader(reply, readerId, 'login-link');
  });
}
