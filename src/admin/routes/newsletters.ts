import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { listSections } from '../../content/masthead-repository.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { statusOf } from '../../http/error-status.ts';
import type { App } from '../../http/site-deps.ts';
import { recordAudit } from '../../newsroom/audit-log.ts';
import { parseNewsletterDraft, type NewsletterDraft, type NewsletterFields } from '../../newsletters/sends/newsletter-draft.ts';
import { findNewsletter, insertNewsletter, listNewsletters, setNewsletterStatus, updateNewsletter } from '../../newsletters/sends/newsletter-repository.ts';
import { listRecentSends } from '../../newsletters/sends/sends.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import {
  audienceLabels,
  blankNewsletterFields,
  composerPath,
  newsletterFieldsOf,
  newslettersPath,
  toNewsletterForm,
  toNewsletterRows,
  toSendRows,
} from '../newsletter-views.ts';
import { adminChrome, sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { newsletterStaffOf, type Staff } from './staff-guard.ts';

export const newsletterIdParams = Type.Object({ id: Type.String({ pattern: '^\\d{1,9}$' }) });
const csrf = Type.Optional(Type.String({ maxLength: 200 }));
const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const newsletterForm = Type.Object({
  _csrf: csrf,
  name: text(400),
  slug: text(400),
  description: text(2000),
  cadence: text(40),
  senderName: text(400),
  senderEmail: text(400),
  audience: text(40),
  template: text(40),
  dailySection: text(20),
  dailySendTime: text(20),
});
const statusForm = Type.Object({ _csrf: csrf, status: Type.Union([Type.Literal('active'), Type.Literal('archived')]) });
const doneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: true });

const doneMessages = {
  added: 'Newsletter added. Readers can choose it once its sign-up is offered.',
  saved: 'Newsletter saved.',
  archived: 'Newsletter archived. It is offered to no one and takes no new send; its subscribers and sends stay on record.',
  restored: 'Newsletter restored.',
} as const;

function messageOf(done: string | undefined): string | null {
  return Object.entries(doneMessages).find(([key]) => key === done)?.[1] ?? null;
}

function fieldsFrom(body: Partial<NewsletterFields>): NewsletterFields {
  return { ...blankNewsletterFields, ...Object.fromEntries(Object.entries(body).filter(([key]) => key in blankNewsletterFields)) };
}

function describeForAudit(draft: NewsletterDraft): string {
  const daily = draft.daily === null ? 'no daily digest' : `daily digest at ${draft.daily.sendTime}`;
  return `${audienceLabels[draft.audience]}; from ${draft.senderName} <${draft.senderEmail}>; ${daily}`;
}

async function sendList(reply: FastifyReply, deps: NewsroomDeps, staff: Staff, message: string | null) {
  const [newsletters, sends, clock] = await Promise.all([listNewsletters(deps.db), listRecentSends(deps.db, { limit: 30 }), readPublicationSettings(deps.db)]);
  const page = {
    message,
    newUrl: `${newslettersPath}/new`,
    composeUrl: composerPath,
    newsletters: toNewsletterRows(newsletters, clock),
    sends: toSendRows(sends, clock),
  };
  return sendAdminPage(reply, deps, { template: 'newsletters', admin: await adminChrome(deps, staff, reply, 'newsletters'), page });
}

async function sendForm(
  reply: FastifyReply,
  deps: NewsroomDeps,
  staff: Staff,
  { id, fields, error = null, status = 200 }: { id: number | null; fields?: NewsletterFields; error?: string | null; status?: number },
) {
  const [sections, clock] = await Promise.all([listSections(deps.db), readPublicationSettings(deps.db)]);
  const newsletter = id === null ? null : await findNewsletter(deps.db, id);
  const sends = id === null ? [] : await listRecentSends(deps.db, { newsletterId: id, limit: 20 });
  const page = {
    error,
    title: newsletter?.name ?? 'New newsletter',
    isArchived: newsletter?.status === 'archived',
    listUrl: newslettersPath,
    statusUrl: id === null ? null : `${newslettersPath}/${id}/status`,
    composeUrl: id === null ? null : `${composerPath}?newsletter=${id}`,
    timeZone: clock.timeZone,
    form: toNewsletterForm(
      id === null ? newslettersPath : `${newslettersPath}/${id}`,
      fields ?? (newsletter ? newsletterFieldsOf(newsletter) : blankNewsletterFields),
      sections,
    ),
    sends: toSendRows(sends, clock),
  };
  return sendAdminPage(reply, deps, { template: 'newsletter', admin: await adminChrome(deps, staff, reply, 'newsletters'), page, status });
}

async function draftFrom(deps: NewsroomDeps, fields: NewsletterFields): Promise<NewsletterDraft> {
  const sections = await listSections(deps.db);
  return parseNewsletterDraft(fields, { sectionIds: sections.map((section) => section.id) });
}

/**
 * The newsletters, for editors and administrators: the list with subscribers and the last send, a
 * form to define one and to change it, archive and restore. Each change is audited.
 */
export function registerNewsletterRoutes(app: App, deps: NewsroomDeps): void {
  app.get(newslettersPath, { schema: { querystring: doneQuery } }, async (request, reply) =>
    sendList(reply, deps, newsletterStaffOf(request), messageOf(request.query.done)),
  );

  app.get(`${newslettersPath}/new`, async (request, reply) => sendForm(reply, deps, newsletterStaffOf(request), { id: null }));

  app.post(newslettersPath, { schema: { body: newsletterForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = newsletterStaffOf(request);
    const fields = fieldsFrom(request.body);
    try {
      const draft = await draftFrom(deps, fields);
      const now = deps.now();
      await deps.db.transaction().execute(async (trx) => {
        await insertNewsletter(trx, draft, now);
        await recordAudit(trx, { actor: staff, action: 'added newsletter', subject: draft.name, detail: describeForAudit(draft), now });
      });
      return reply.redirect(`${newslettersPath}?done=added`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendForm(reply, deps, staff, { id: null, fields, error: error.message, status: statusOf(error) });
    }
  });

  app.get(`${newslettersPath}/:id`, { schema: { params: newsletterIdParams } }, async (request, reply) =>
    sendForm(reply, deps, newsletterStaffOf(request), { id: Number(request.params.id) }),
  );

  app.post(
    `${newslettersPath}/:id`,
    { schema: { params: newsletterIdParams, body: newsletterForm }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const staff = newsletterStaffOf(request);
      const id = Number(request.params.id);
      const fields = fieldsFrom(request.body);
      try {
        const draft = await draftFrom(deps, fields);
        const now = deps.now();
        await deps.db.transaction().execute(async (trx) => {
          const before = await updateNewsletter(trx, id, draft, now);
          const renamed = before.name === draft.name ? '' : ` (was “${before.name}”)`;
          await recordAudit(trx, { actor: staff, action: 'changed newsletter', subject: draft.name, detail: `${describeForAudit(draft)}${renamed}`, now });
        });
        return reply.redirect(`${newslettersPath}?done=saved`, 303);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return sendForm(reply, deps, staff, { id, fields, error: error.message, status: statusOf(error) });
      }
    },
  );

  app.post(
    `${newslettersPath}/:id/status`,
    { schema: { params: newsletterIdParams, body: statusForm }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const staff = newsletterStaffOf(request);
      const { status } = request.body;
      const now = deps.now();
      await deps.db.transaction().execute(async (trx) => {
        const newsletter = await setNewsletterStatus(trx, Number(request.params.id), status, now);
        await recordAudit(trx, { actor: staff, action: status === 'archived' ? 'archived newsletter' : 'restored newsletter', subject: newsletter.name, now });
      });
      return reply.redirect(`${newslettersPath}?done=${status === 'archived' ? 'archived' : 'restored'}`, 303);
    },
  );
}
