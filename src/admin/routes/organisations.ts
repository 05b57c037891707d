import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { findAccountRowByEmail } from '../../accounts/account-repository.ts';
import { normalizeEmail } from '../../accounts/email-address.ts';
import { listPlans } from '../../commerce/catalogue-repository.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { statusOf } from '../../http/error-status.ts';
import { HttpError, NotFoundError } from '../../http/http-errors.ts';
import type { App } from '../../http/site-deps.ts';
import { recordAudit } from '../../newsroom/audit-log.ts';
import { seatsTaken } from '../../organisations/membership.ts';
import { parseOrganisationForm } from '../../organisations/organisation-draft.ts';
import { addManager, findOrganisation, listManagers, listOrganisations, removeManager, saveOrganisation } from '../../organisations/organisation-repository.ts';
import {
  blankOrganisationFields,
  fieldsOfOrganisation,
  type OrganisationFields,
  organisationsPath,
  standingLabelOf,
  toOrganisationFormView,
} from '../organisation-views.ts';
import { can } from '../permissions.ts';
import { adminChrome, type NewsroomDeps, sendAdminPage } from './admin-page.ts';
import { type Staff, staffOf } from './staff-guard.ts';

const idParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }) });
const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const organisationForm = Type.Object({
  _csrf: text(200),
  name: text(400),
  planId: text(12),
  seats: text(12),
  startsAt: text(40),
  endsAt: text(40),
  byInvitation: text(4),
  byDomain: text(4),
  byIpRange: text(4),
  domains: text(20_000),
  ipRanges: text(20_000),
});
const managerForm = Type.Object({ _csrf: text(200), email: Type.String({ maxLength: 320 }) });
const managerRemoveForm = Type.Object({ _csrf: text(200), accountId: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }) });
const doneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: true });
const doneMessages: Record<string, string> = {
  created: 'Organisation created.',
  saved: 'Contract saved. It applies from the next request.',
  'manager-added': 'Manager added: they see the organisation at /organisation.',
  'manager-removed': 'Manager removed.',
};

/** Organisations are contracts the publication sells, as plans and offers are: administrators alone. */
function contractStaffOf(request: FastifyRequest): Staff {
  const staff = staffOf(request);
  if (!can(staff.role, 'manage-settings')) throw new HttpError(403, 'Only administrators manage organisations.');
  return staff;
}

function fieldsFrom(body: Static<typeof organisationForm>): OrganisationFields {
  return {
    name: body.name ?? '',
    planId: body.planId ?? '',
    seats: body.seats ?? '',
    startsAt: body.startsAt ?? '',
    endsAt: body.endsAt ?? '',
    byInvitation: body.byInvitation !== undefined,
    byDomain: body.byDomain !== undefined,
    byIpRange: body.byIpRange !== undefined,
    domains: body.domains ?? '',
    ipRanges: body.ipRanges ?? '',
  };
}

function draftFrom(fields: OrganisationFields) {
  return parseOrganisationForm({ ...fields, planId: /^[1-9][0-9]{0,8}$/.test(fields.planId) ? Number(fields.planId) : 0 });
}

async function sendList(
  reply: FastifyReply,
  deps: NewsroomDeps,
  staff: Staff,
  {
    error = null,
    message = null,
    fields = blankOrganisationFields,
    status = 200,
  }: { error?: string | null; message?: string | null; fields?: OrganisationFields; status?: number },
) {
  const now = deps.now();
  const [organisations, plans] = await Promise.all([listOrganisations(deps.db), listPlans(deps.db)]);
  const rows = await Promise.all(
    organisations.map(async ({ id, name, contract }) => ({
      name,
      url: `${organisationsPath}/${id}`,
      seats: `${await seatsTaken(deps.db, id)} of ${contract.seats}`,
      standing: standingLabelOf(contract, now),
      endsOn: contract.endsAt.toISOString().slice(0, 10),
    })),
  );
  const page = { error, message, organisations: rows, form: toOrganisationFormView(organisationsPath, fields, plans) };
  return sendAdminPage(reply, deps, { template: 'organisations', admin: await adminChrome(deps, staff, reply, 'organisations'), page, status });
}

async function sendOrganisation(
  reply: FastifyReply,
  deps: NewsroomDeps,
  staff: Staff,
  {
    id,
    error = null,
    message = null,
    fields,
    status = 200,
  }: { id: number; error?: string | null; message?: string | null; fields?: OrganisationFields; status?: number },
) {
  const organisation = await findOrganisation(deps.db, id);
  if (!organisation) throw new NotFoundError('There is no such organisation.');
  const [plans, managers, taken] = await Promise.all([listPlans(deps.db), listManagers(deps.db, id), seatsTaken(deps.db, id)]);
  const url = `${organisationsPath}/${id}`;
  const page = {
    error,
    message,
    name: organisation.name,
    listUrl: organisationsPath,
    seats: `${taken} of ${organisation.contract.seats} seats taken`,
    standing: standingLabelOf(organisation.contract, deps.now()),
    form: toOrganisationFormView(url, fields ?? fieldsOfOrganisation(organisation), plans),
    managers,
    managerAddUrl: `${url}/managers`,
    managerRemoveUrl: `${url}/managers/remove`,
  };
  return sendAdminPage(reply, deps, { template: 'organisation', admin: await adminChrome(deps, staff, reply, 'organisations'), page, status });
}

/** The newsroom's organisations: each one's contract, domains, IP ranges and managers, every change audited. */
export function registerOrganisationRoutes(app: App, deps: NewsroomDeps): void {
  app.get(organisationsPath, { schema: { querystring: doneQuery } }, async (request, reply) => {
    const staff = contractStaffOf(request);
    return sendList(reply, deps, staff, { message: doneMessages[request.query.done ?? ''] ?? null });
  });

  app.post(organisationsPath, { schema: { body: organisationForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = contractStaffOf(request);
    const fields = fieldsFrom(request.body);
    try {
      const draft = draftFrom(fields);
      const now = deps.now();
      const id = await saveOrganisation(deps.db, { draft, now });
      await recordAudit(deps.db, { actor: staff, action: 'created organisation', subject: draft.name, detail: `${draft.contract.seats} seats`, now });
      return reply.redirect(`${organisationsPath}/${id}?done=created`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendList(reply, deps, staff, { error: error.message, fields, status: statusOf(error) });
    }
  });

  app.get(`${organisationsPath}/:id`, { schema: { params: idParams, querystring: doneQuery } }, async (request, reply) => {
    const staff = contractStaffOf(request);
    return sendOrganisation(reply, deps, staff, { id: Number(request.params.id), message: doneMessages[request.query.done ?? ''] ?? null });
  });

  app.post(`${organisationsPath}/:id`, { schema: { params: idParams, body: organisationForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = contractStaffOf(request);
    const id = Number(request.params.id);
    const fields = fieldsFrom(request.body);
    try {
      const draft = draftFrom(fields);
      const now = deps.now();
      await saveOrganisation(deps.db, { id, draft, now });
      await recordAudit(deps.db, { actor: staff, action: 'changed organisation', subject: draft.name, detail: `${draft.contract.seats} seats`, now });
      return reply.redirect(`${organisationsPath}/${id}?done=saved`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendOrganisation(reply, deps, staff, { id, error: error.message, fields, status: statusOf(error) });
    }
  });

  app.post(`${organisationsPath}/:id/managers`, { schema: { params: idParams, body: managerForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = contractStaffOf(request);
    const id = Number(request.params.id);
    const organisation = await findOrganisation(deps.db, id);
    if (!organisation) throw new NotFoundError('There is no such organisation.');
    const email = normalizeEmail(request.body.email);
    const account = email === null ? undefined : await findAccountRowByEmail(deps.db, email);
    if (!account) return sendOrganisation(reply, deps, staff, { id, error: 'No account has that address. Ask the manager to make one first.', status: 400 });
    await addManager(deps.db, { organisationId: id, accountId: account.id });
    await recordAudit(deps.db, { actor: staff, action: 'added organisation manager', subject: organisation.name, detail: account.email, now: deps.now() });
    return reply.redirect(`${organisationsPath}/${id}?done=manager-added`, 303);
  });

  app.post(
    `${organisationsPath}/:id/managers/remove`,
    { schema: { params: idParams, body: managerRemoveForm }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const staff = contractStaffOf(request);
      const id = Number(request.params.id);
      const organisation = await findOrganisation(deps.db, id);
      if (!organisation) throw new NotFoundError('There is no such organisation.');
      await removeManager(deps.db, { organisationId: id, accountId: Number(request.body.accountId) });
      await recordAudit(deps.db, { actor: staff, action: 'removed organisation manager', subject: organisation.name, now: deps.now() });
      return reply.redirect(`${organisationsPath}/${id}?done=manager-removed`, 303);
    },
  );
}
