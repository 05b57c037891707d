import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Account } from '../../accounts/account.ts';
import { accountRateLimits } from '../../accounts/rate-limit.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { accountPaths, withNext } from '../../http/account-paths.ts';
import { HttpError } from '../../http/http-errors.ts';
import { findReaderAccount } from '../../http/reader-identity.ts';
import { listMembers, removeMember } from '../../organisations/membership.ts';
import { findEndedMembership, findMemberAccess } from '../../organisations/organisation-access.ts';
import {
  acceptInvitation,
  checkInvitation,
  confirmDomainProof,
  inviteReader,
  listOpenInvitations,
  requestDomainProof,
} from '../../organisations/organisation-links.ts';
import { findOrganisation, listManagedOrganisationIds } from '../../organisations/organisation-repository.ts';
import { accountReader } from '../../insights/reader-key.ts';
import { readUsageReport } from '../../organisations/organisation-usage.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { checkRateLimits, sendAccountPage } from '../routes/accounts/account-page.ts';
import { requireAccount } from '../routes/accounts/account.ts';
import { csrfField, tokenForm, tokenQuery } from '../routes/accounts/form-schemas.ts';
import { mailDomainProof, mailInvitation } from './organisation-mail.ts';
import { organisationPaths } from './organisation-paths.ts';
import { type OrganisationLinkView, toManagedOrganisationView, toOrganisationPageView, toSeatBillingView } from './organisation-views.ts';
import { findPlanById } from '../../commerce/catalogue-repository.ts';
import { formatMoney } from '../../commerce/money.ts';
import { commerceContextOf, type App } from '../../http/site-deps.ts';
import { describeSeatChangeRefusal } from '../../organisations/seat-purchase-rules.ts';
import { changeSeats, setSeatsCanceling } from '../../organisations/seat-changes.ts';
import { findSeatSubscription } from '../../organisations/seat-subscription.ts';

const id = Type.String({ pattern: '^[1-9][0-9]{0,8}$' });
const inviteForm = Type.Object({ ...csrfField, organisationId: id, email: Type.String({ maxLength: 320 }) });
const removeForm = Type.Object({ ...csrfField, organisationId: id, accountId: id });
const proveForm = Type.Object({ ...csrfField, email: Type.String({ maxLength: 320 }) });
const seatsForm = Type.Object({ ...csrfField, organisationId: id, seats: Type.String({ maxLength: 20 }) });
const renewalForm = Type.Object({ ...csrfField, organisationId: id, renewal: Type.Union([Type.Literal('cancel'), Type.Literal('resume')]) });
const pageQuery = Type.Object({ changed: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: true });

const confirmations: Record<string, string> = {
  invited: 'The invitation is on its way.',
  removed: 'The member was removed, and their seat is free.',
  'proof-sent': 'We sent a link to that address. Follow it, signed in here, to take your seat.',
  joined: 'Welcome: you now read through your organisation.',
  bought: 'Your organisation is set up and you hold its first seat. Invite your colleagues to take the others.',
  canceled: 'The subscription stops at the end of this period; members read until then.',
  resumed: 'The subscription renews again.',
};

/** The account's page of its organisations: those it manages, and the seat it holds or held. */
async function sendOrganisationPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ReaderSiteDeps,
  { account, error = null, message = null, status = 200 }: { account: Account; error?: string | null; message?: string | null; status?: number },
) {
  const now = deps.now();
  const [managedIds, { locale, timeZone }] = await Promise.all([listManagedOrganisationIds(deps.db, account.id), readPublicationSettings(deps.db)]);
  const calendar = { locale, timeZone };
  const managed = [];
  for (const organisationId of managedIds) {
    const organisation = await findOrganisation(deps.db, organisationId);
    if (!organisation) continue;
    const [members, invitations, usage, subscription, plan] = await Promise.all([
      listMembers(deps.db, organisationId),
      listOpenInvitations(deps.db, organisationId, now),
      readUsageReport(deps.db, deps.insights.keys, { organisationId, now }),
      findSeatSubscription(deps.db, organisationId),
      findPlanById(deps.db, organisation.contract.planId),
    ]);
    const billing = subscription && plan ? toSeatBillingView({ billing: subscription, plan, seats: organisation.contract.seats, calendar }) : null;
    managed.push(toManagedOrganisationView({ organisation, members, invitations, usage, billing, calendar }));
  }
  const [seat, ended] = await Promise.all([findMemberAccess(deps.db, account.id, now), findEndedMembership(deps.db, account.id, now)]);
  const page = toOrganisationPageView({ csrfToken: reply.generateCsrf(), error, message, managed, seat, ended, calendar });
  return sendAccountPage(request, reply, deps, { template: 'organisation', title: 'Your organisation', page, status });
}

/** The manager's own organisation, else a refusal: an id in a form proves nothing. */
async function requireManaged(deps: ReaderSiteDeps, account: Account, organisationId: number) {
  if (!(await listManagedOrganisationIds(deps.db, account.id)).includes(organisationId)) {
    throw new HttpError(403, 'Only its managers may change an organisation.');
  }
}

function linkPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ReaderSiteDeps,
  page: Omit<OrganisationLinkView, 'csrfToken' | 'logInUrl' | 'registerUrl' | 'pageUrl'>,
  status = 200,
) {
  const here = `${request.url.split('?')[0] ?? organisationPaths.page}?token=${encodeURIComponent(page.token)}`;
  const view: OrganisationLinkView = {
    ...page,
    csrfToken: reply.generateCsrf(),
    logInUrl: withNext(accountPaths.logIn, here),
    registerUrl: withNext(accountPaths.register, here),
    pageUrl: organisationPaths.page,
  };
  return sendAccountPage(request, reply, deps, { template: 'organisation-link', title: page.title, page: view, status });
}

export function registerOrganisationRoutes(app: App, deps: ReaderSiteDeps): void {
  app.get(organisationPaths.page, { schema: { querystring: pageQuery } }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    return sendOrganisationPage(request, reply, deps, { account, message: confirmations[request.query.changed ?? ''] ?? null });
  });

  app.post(organisationPaths.invite, { schema: { body: inviteForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    const organisationId = Number(request.body.organisationId);
    await requireManaged(deps, account, organisationId);
    try {
      const organisation = await findOrganisation(deps.db, organisationId);
      if (!organisation?.contract.byInvitation) throw new HttpError(403, 'This organisation does not admit readers by invitation.');
      const { token, email } = await inviteReader(deps.db, { organisationId, email: request.body.email, invitedBy: account.id, now: deps.now() });
      const { name: publication } = await readPublicationSettings(deps.db);
      await mailInvitation(deps, { email, token, organisationName: organisation.name, publication });
      return reply.redirect(`${organisationPaths.page}?changed=invited`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendOrganisationPage(request, reply, deps, { account, error: error.message, status: 400 });
    }
  });

  app.post(organisationPaths.remove, { schema: { body: removeForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    const organisationId = Number(request.body.organisationId);
    await requireManaged(deps, account, organisationId);
    const accountId = Number(request.body.accountId);
    const now = deps.now();
    const { planId } = await removeMember(deps.db, { organisationId, accountId, actorId: account.id, now });
    deps.insights.record({ kind: 'organisation-left', reader: accountReader(accountId), planId, at: now });
    return reply.redirect(`${organisationPaths.page}?changed=removed`, 303);
  });

  app.post(organisationPaths.seats, { schema: { body: seatsForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    const organisationId = Number(request.body.organisationId);
    await requireManaged(deps, account, organisationId);
    const requested = /^[0-9]{1,6}$/.test(request.body.seats.trim()) ? Number(request.body.seats.trim()) : Number.NaN;
    try {
      const change = await changeSeats(commerceContextOf(deps), { organisationId, requested, now: deps.now() });
      if (change.kind === 'refused') {
        return sendOrganisationPage(request, reply, deps, { account, error: describeSeatChangeRefusal(change.reason), status: 400 });
      }
      const organisation = await findOrganisation(deps.db, organisationId);
      const plan = organisation ? await findPlanById(deps.db, organisation.contract.planId) : undefined;
      const { locale } = await readPublicationSettings(deps.db);
      const money = (amountMinor: number) => (plan ? formatMoney({ amountMinor, currency: plan.currency }, locale) : String(amountMinor));
      const charged = change.dueNowMinor > 0 ? `${money(change.dueNowMinor)} was charged for the rest of this period; ` : '';
      return sendOrganisationPage(request, reply, deps, {
        account,
        message: `The organisation now has ${change.to} seats: ${charged}each renewal costs ${money(change.renewalMinor)}.`,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendOrganisationPage(request, reply, deps, { account, error: error.message, status: 409 });
    }
  });

  app.post(organisationPaths.renewal, { schema: { body: renewalForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    const organisationId = Number(request.body.organisationId);
    await requireManaged(deps, account, organisationId);
    const isCanceling = request.body.renewal === 'cancel';
    try {
      await setSeatsCanceling(commerceContextOf(deps), { organisationId, isCanceling, now: deps.now() });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendOrganisationPage(request, reply, deps, { account, error: error.message, status: 409 });
    }
    return reply.redirect(`${organisationPaths.page}?changed=${isCanceling ? 'canceled' : 'resumed'}`, 303);
  });

  app.post(organisationPaths.prove, { schema: { body: proveForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    // Each request mails an address the reader typed: bounded per client and per address, as mailed log-in links are.
    const limited = await checkRateLimits(reply, deps, [
      { rule: accountRateLimits.linkPerIp, subject: request.ip },
      { rule: accountRateLimits.linkPerAddress, subject: request.body.email.trim().toLowerCase() },
    ]);
    if (limited) return sendOrganisationPage(request, reply, deps, { account, error: limited, status: 429 });
    try {
      const { token, email } = await requestDomainProof(deps.db, { accountId: account.id, email: request.body.email, now: deps.now() });
      const { name: publication } = await readPublicationSettings(deps.db);
      await mailDomainProof(deps, { email, token, publication });
      return reply.redirect(`${organisationPaths.page}?changed=proof-sent`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendOrganisationPage(request, reply, deps, { account, error: error.message, status: 400 });
    }
  });

  app.get(organisationPaths.join, { schema: { querystring: tokenQuery } }, async (request, reply) => {
    const token = request.query.token ?? '';
    const isSignedIn = (await findReaderAccount(request, deps)) !== null;
    try {
      const { organisationName, email } = await checkInvitation(deps.db, { token, now: deps.now() });
      const intro = `${organisationName} invites ${email} to read with a seat of its own.`;
      return linkPage(request, reply, deps, { title: `Join ${organisationName}`, intro, token, isSignedIn, isLinkUsable: true, error: null });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return linkPage(
        request,
        reply,
        deps,
        { title: 'Join your organisation', intro: null, token, isSignedIn, isLinkUsable: false, error: error.message },
        400,
      );
    }
  });

  app.get(organisationPaths.proveConfirm, { schema: { querystring: tokenQuery } }, async (request, reply) => {
    const token = request.query.token ?? '';
    const isSignedIn = (await findReaderAccount(request, deps)) !== null;
    const intro = 'Press the button, signed in to the account that asked, to confirm your address and take a seat of your organisation.';
    return linkPage(request, reply, deps, { title: 'Confirm your address', intro, token, isSignedIn, isLinkUsable: true, error: null });
  });

  // Taking a seat by a mailed link: an invitation's, or the proof of an address on the organisation's domain.
  const seatLinks = [
    { path: organisationPaths.join, title: 'Join your organisation', joinedBy: 'invitation', admit: acceptInvitation },
    {
      path: organisationPaths.proveConfirm,
      title: 'Confirm your address',
      joinedBy: 'domain',
      admit: (db: typeof deps.db, dialect: typeof deps.dialect, input: { token: string; account: { id: number }; now: Date }) =>
        confirmDomainProof(db, dialect, { token: input.token, accountId: input.account.id, now: input.now }),
    },
  ] as const;
  for (const { path, title, joinedBy, admit } of seatLinks) {
    app.post(path, { schema: { body: tokenForm }, preHandler: app.csrfProtection }, async (request, reply) => {
      const { token } = request.body;
      const account = await findReaderAccount(request, deps);
      if (!account) return reply.redirect(withNext(accountPaths.logIn, `${path}?token=${encodeURIComponent(token)}`), 303);
      try {
        const now = deps.now();
        const { planId } = await admit(deps.db, deps.dialect, { token, account, now });
        deps.insights.record({ kind: 'organisation-joined', joinedBy, reader: accountReader(account.id), planId, at: now });
        return reply.redirect(`${organisationPaths.page}?changed=joined`, 303);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return linkPage(request, reply, deps, { title, intro: null, token, isSignedIn: true, isLinkUsable: false, error: error.message }, 400);
      }
    });
  }
}
