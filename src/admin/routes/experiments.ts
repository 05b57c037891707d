import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { listOffers } from '../../commerce/catalogue-repository.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { beginExperiment, shipVariant, stopExperiment } from '../../experiments/experiment-actions.ts';
import { parseExperimentDraft, variantKeys } from '../../experiments/experiment-draft.ts';
import { findExperiment, listExperiments } from '../../experiments/experiment-repository.ts';
import { tallyExperiment } from '../../experiments/experiment-tallies.ts';
import { readExperiment } from '../../experiments/readout.ts';
import { statusOf } from '../../http/error-status.ts';
import { NotFoundError } from '../../http/http-errors.ts';
import type { App } from '../../http/site-deps.ts';
import { readAccessSettings } from '../../settings/access-settings-repository.ts';
import { readPaywallSettings } from '../../settings/paywall-settings-repository.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import { currentSettingsOf, toExperimentForm, toExperimentRows, toReadoutView } from '../experiment-views.ts';
import { adminChrome, sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { audienceStaffOf, type Staff } from './staff-guard.ts';

const listPath = '/admin/experiments';
const newPath = '/admin/experiments/new';
const experimentPath = (id: number) => `/admin/experiments/${id}`;

const idParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }) });
const csrfOnly = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) });
const shipForm = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })), variant: Type.String({ maxLength: 12 }) });
const draftForm = Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 2000 }), { maxProperties: 120 });
const noticeQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: true });

const doneMessages: Readonly<Record<string, string>> = {
  started: 'Started. Readers are split between the variants from their next article.',
  stopped: "Stopped. Every reader sees the publication's settings again; the readout stays as it stood.",
  shipped: 'Shipped. The variant is now the setting every reader reads with.',
};

/** Offers an experiment may put on the paywall: those not retired. */
async function liveOffers(deps: NewsroomDeps) {
  return (await listOffers(deps.db)).filter((offer) => !offer.isRetired);
}

async function sendForm(
  reply: FastifyReply,
  deps: NewsroomDeps,
  staff: Staff,
  { form, error, status = 200 }: { form: Readonly<Record<string, string | undefined>>; error: { message: string } | null; status?: number },
) {
  const page = toExperimentForm(form, { offers: await liveOffers(deps), variantKeys, saveUrl: listPath, listUrl: listPath, error });
  return sendAdminPage(reply, deps, { template: 'experiment-new', admin: await adminChrome(deps, staff, reply, 'experiments'), page, status });
}

async function sendReadout(
  reply: FastifyReply,
  deps: NewsroomDeps,
  staff: Staff,
  { id, error, message, status = 200 }: { id: number; error: string | null; message: string | null; status?: number },
) {
  const experiment = await findExperiment(deps.db, id);
  if (experiment === null) throw new NotFoundError();
  const [tallies, offers] = await Promise.all([
    tallyExperiment(deps.db, { experimentId: id, metric: experiment.metric, endedAt: experiment.status.kind === 'running' ? null : experiment.status.endedAt }),
    listOffers(deps.db),
  ]);
  const readout = readExperiment({ variants: experiment.variants, tallies, plannedReadersPerVariant: experiment.plan.readersPerVariant });
  const urls = { stop: `${experimentPath(id)}/stop`, ship: `${experimentPath(id)}/ship`, list: listPath };
  return sendAdminPage(reply, deps, {
    template: 'experiment',
    admin: await adminChrome(deps, staff, reply, 'experiments'),
    page: toReadoutView(experiment, readout, { offers, urls, error, message }),
    status,
  });
}

/** Experiments on the paywall, for editors and administrators: the list, a new one, one's readout, stopping it and shipping a variant. */
export function registerExperimentRoutes(app: App, deps: NewsroomDeps): void {
  app.get(listPath, { schema: { querystring: noticeQuery } }, async (request, reply) => {
    const staff = audienceStaffOf(request);
    const [experiments, access, paywall, offers] = await Promise.all([
      listExperiments(deps.db),
      readAccessSettings(deps.db),
      readPaywallSettings(deps.db),
      listOffers(deps.db),
    ]);
    const page = {
      newUrl: newPath,
      experiments: toExperimentRows(experiments, experimentPath),
      current: currentSettingsOf(access, paywall, offers),
      message: doneMessages[request.query.done ?? ''] ?? null,
    };
    return sendAdminPage(reply, deps, { template: 'experiments', admin: await adminChrome(deps, staff, reply, 'experiments'), page });
  });

  app.get(newPath, async (request, reply) => sendForm(reply, deps, audienceStaffOf(request), { form: {}, error: null }));

  app.post(listPath, { schema: { body: draftForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = audienceStaffOf(request);
    const form = request.body;
    try {
      const [offers, { locale }] = await Promise.all([liveOffers(deps), readPublicationSettings(deps.db)]);
      const draft = parseExperimentDraft(form, { offerIds: new Set(offers.map(({ id }) => id)), locale });
      const id = await beginExperiment(deps.db, { draft, actor: staff, now: deps.now() });
      deps.contentVersion.forget();
      return reply.redirect(`${experimentPath(id)}?done=started`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendForm(reply, deps, staff, { form, error: { message: error.message }, status: statusOf(error) });
    }
  });

  app.get(`${listPath}/:id`, { schema: { params: idParams, querystring: noticeQuery } }, async (request, reply) => {
    const staff = audienceStaffOf(request);
    return sendReadout(reply, deps, staff, { id: Number(request.params.id), error: null, message: doneMessages[request.query.done ?? ''] ?? null });
  });

  app.post(`${listPath}/:id/stop`, { schema: { params: idParams, body: csrfOnly }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = audienceStaffOf(request);
    const id = Number(request.params.id);
    const experiment = await findExperiment(deps.db, id);
    if (experiment === null) throw new NotFoundError();
    try {
      await stopExperiment(deps.db, { experiment, actor: staff, now: deps.now() });
      deps.contentVersion.forget();
      return reply.redirect(`${experimentPath(id)}?done=stopped`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendReadout(reply, deps, staff, { id, error: error.message, message: null, status: statusOf(error) });
    }
  });

  app.post(`${listPath}/:id/ship`, { schema: { params: idParams, body: shipForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = audienceStaffOf(request);
    const id = Number(request.params.id);
    const experiment = await findExperiment(deps.db, id);
    if (experiment === null) throw new NotFoundError();
    try {
      await shipVariant(deps.db, { experiment, variantKey: request.body.variant, actor: staff, now: deps.now() });
      deps.contentVersion.forget();
      return reply.redirect(`${experimentPath(id)}?done=shipped`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendReadout(reply, deps, staff, { id, error: error.message, message: null, status: statusOf(error) });
    }
  });
}
