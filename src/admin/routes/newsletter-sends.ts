import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../errors/domain-error.ts';
import { statusOf } from '../../http/error-status.ts';
import type { App } from '../../http/site-deps.ts';
import { recordAudit } from '../../newsroom/audit-log.ts';
import { applyComposerMove, parseChosenArticles, parseComposerMove } from '../../newsletters/sends/composer.ts';
import { handOverSend } from '../../newsletters/sends/hand-over.ts';
import { newsroomCopyOf, previewContentSecurityPolicy } from '../../newsletters/sends/newsroom-copy.ts';
import { listActiveNewsletters } from '../../newsletters/sends/newsletter-repository.ts';
import { InvalidSendError } from '../../newsletters/sends/send-draft.ts';
import { cancelSend, createSend, findArticlesInOrder, findPublishedArticles, readSendReport } from '../../newsletters/sends/sends.ts';
import { parseLocalDateTime } from '../../settings/local-date-time.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import {
  composerPath,
  newsletterOptions,
  sendKindLabels,
  sendPathOf,
  toComposerArticles,
  toSendPage,
  type ComposerFields,
  type ComposerPageView,
} from '../newsletter-views.ts';
import { adminChrome, sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { newsletterStaffOf, type Staff } from './staff-guard.ts';

export const sendIdParams = Type.Object({ id: Type.String({ pattern: '^\\d{1,9}$' }) });
const csrf = Type.Optional(Type.String({ maxLength: 200 }));
const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const composerQuery = Type.Object({ newsletter: Type.Optional(Type.String({ pattern: '^\\d{1,9}$' })) }, { additionalProperties: true });
const composerForm = Type.Object({
  _csrf: csrf,
  newsletter: text(20),
  subject: text(400),
  intro: text(10_000),
  articles: text(400),
  q: text(200),
  when: text(20),
  scheduledFor: text(40),
  /** Which button sent the form: "search", "add:12", "up:7", "down:7", "remove:7" or "save". */
  action: text(40),
});
const variantSchema = Type.Union([Type.Literal('full'), Type.Literal('preview')]);
const doneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: true });
const doneMessages = {
  scheduled: 'Send scheduled. It goes out at its time; until then it can be previewed, tested and canceled.',
  'sending-now': 'Send saved to go now: the senders pick it up within moments.',
  canceled: 'Send canceled. No copy of it will go out.',
  tested: 'Test sent to your address.',
} as const;

function messageOf(done: string | undefined): string | null {
  return Object.entries(doneMessages).find(([key]) => key === done)?.[1] ?? null;
}

const blankComposer: ComposerFields = { newsletter: '', subject: '', intro: '', articles: '', q: '', when: 'now', scheduledFor: '' };

async function sendComposer(
  reply: FastifyReply,
  deps: NewsroomDeps,
  staff: Staff,
  { fields, error = null, status = 200 }: { fields: ComposerFields; error?: string | null; status?: number },
) {
  const chosenIds = parseChosenArticles(fields.articles);
  const [newsletters, chosen, found, clock] = await Promise.all([
    listActiveNewsletters(deps.db),
    findArticlesInOrder(deps.db, chosenIds),
    findPublishedArticles(deps.db, fields.q.trim()),
    readPublicationSettings(deps.db),
  ]);
  const page: ComposerPageView = {
    error,
    actionUrl: composerPath,
    fields: { ...fields, articles: chosen.map((article) => article.id).join(',') },
    timeZone: clock.timeZone,
    newsletters: newsletterOptions(newsletters, fields.newsletter),
    chosen: toComposerArticles(chosen, clock),
    found: toComposerArticles(
      found.filter((article) => !chosenIds.includes(article.id)),
      clock,
    ),
  };
  return sendAdminPage(reply, deps, { template: 'newsletter-compose', admin: await adminChrome(deps, staff, reply, 'newsletters'), page, status });
}

async function sendSendPage(
  reply: FastifyReply,
  deps: NewsroomDeps,
  staff: Staff,
  id: number,
  { message = null, error = null, status = 200 }: { message?: string | null; error?: string | null; status?: number },
) {
  const [report, clock] = await Promise.all([readSendReport(deps.db, id), readPublicationSettings(deps.db)]);
  const page = toSendPage(report, { clock, testAddress: staff.email, message, error, hasMailServer: deps.hasMailServer });
  return sendAdminPage(reply, deps, { template: 'newsletter-send', admin: await adminChrome(deps, staff, reply, 'newsletters'), page, status });
}

/**
 * Sends, for editors and administrators: the digest composer (choose a newsletter, search and order
 * published articles, a subject, an introduction, now or at a time), a send's page with its counts
 * and progress, and cancel while nothing has gone. Creating and canceling are audited.
 */
export function registerNewsletterSendRoutes(app: App, deps: NewsroomDeps): void {
  app.get(composerPath, { schema: { querystring: composerQuery } }, async (request, reply) =>
    sendComposer(reply, deps, newsletterStaffOf(request), { fields: { ...blankComposer, newsletter: request.query.newsletter ?? '' } }),
  );

  app.post(composerPath, { schema: { body: composerForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = newsletterStaffOf(request);
    const { action = '', _csrf, ...typed } = request.body;
    const fields: ComposerFields = { ...blankComposer, ...typed };
    const move = parseComposerMove(action);
    if (move !== null) {
      const articles = applyComposerMove(parseChosenArticles(fields.articles), move).join(',');
      return sendComposer(reply, deps, staff, { fields: { ...fields, articles } });
    }
    if (action !== 'save') return sendComposer(reply, deps, staff, { fields });
    try {
      const now = deps.now();
      const { timeZone } = await readPublicationSettings(deps.db);
      const isNow = fields.when !== 'later';
      const scheduledFor = isNow ? now : parseLocalDateTime(fields.scheduledFor.trim(), timeZone);
      if (scheduledFor === null) throw new InvalidSendError('Give the time to send it, or choose to send it now.', 'scheduledFor');
      if (!/^\d{1,9}$/.test(fields.newsletter)) throw new InvalidSendError('Choose the newsletter to send.', 'newsletter');
      const request = {
        newsletterId: Number(fields.newsletter),
        kind: 'digest' as const,
        subject: fields.subject,
        intro: fields.intro,
        articleIds: parseChosenArticles(fields.articles),
        scheduledFor,
        createdBy: staff.id,
      };
      const id = await deps.db.transaction().execute(async (trx) => {
        const saved = await createSend(trx, request, now);
        await recordAudit(trx, {
          actor: staff,
          action: isNow ? 'sent newsletter' : 'scheduled newsletter',
          subject: `“${request.subject.trim()}”`,
          detail: `${sendKindLabels.digest} ${saved}, ${request.articleIds.length} articles, for ${scheduledFor.toISOString()}`,
          now,
        });
        return saved;
      });
      if (isNow) await handOverSend(deps.db, id, now);
      return reply.redirect(`${sendPathOf(id)}?done=${isNow ? 'sending-now' : 'scheduled'}`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendComposer(reply, deps, staff, { fields, error: error.message, status: statusOf(error) });
    }
  });

  app.get('/admin/newsletters/sends/:id', { schema: { params: sendIdParams, querystring: doneQuery } }, async (request, reply) =>
    sendSendPage(reply, deps, newsletterStaffOf(request), Number(request.params.id), { message: messageOf(request.query.done) }),
  );

  app.get(
    '/admin/newsletters/sends/:id/preview/:variant',
    { schema: { params: Type.Object({ id: sendIdParams.properties.id, variant: variantSchema }) } },
    async (request, reply) => {
      newsletterStaffOf(request);
      const copy = await newsroomCopyOf(deps.db, Number(request.params.id), request.params.variant, { siteUrl: deps.publicUrl, now: deps.now() });
      return reply
        .header('content-security-policy', previewContentSecurityPolicy(deps.publicUrl))
        .header('x-frame-options', 'SAMEORIGIN')
        .header('cache-control', 'private, no-store')
        .header('x-robots-tag', 'noindex')
        .type('text/html; charset=utf-8')
        .send(copy.html);
    },
  );

  app.post(
    '/admin/newsletters/sends/:id/test',
    { schema: { params: sendIdParams, body: Type.Object({ _csrf: csrf, variant: variantSchema }) }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const staff = newsletterStaffOf(request);
      const id = Number(request.params.id);
      const copy = await newsroomCopyOf(deps.db, id, request.body.variant, { siteUrl: deps.publicUrl, now: deps.now() });
      // To the editor's own address only: a test never goes to an address typed in the form.
      await deps.mailer.send({
        to: staff.email,
        subject: `[Test] ${copy.subject}`,
        text: copy.text,
        html: copy.html,
        from: copy.from,
        kind: 'newsletter-test',
      });
      return reply.redirect(`${sendPathOf(id)}?done=tested`, 303);
    },
  );

  app.post(
    '/admin/newsletters/sends/:id/cancel',
    { schema: { params: sendIdParams, body: Type.Object({ _csrf: csrf }) }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const staff = newsletterStaffOf(request);
      const id = Number(request.params.id);
      try {
        const now = deps.now();
        await deps.db.transaction().execute(async (trx) => {
          const send = await cancelSend(trx, id, now);
          await recordAudit(trx, {
            actor: staff,
            action: 'canceled newsletter send',
            subject: `“${send.subject}”`,
            detail: `${sendKindLabels[send.kind]} ${id}, was ${send.status}`,
            now,
          });
        });
        return reply.redirect(`${sendPathOf(id)}?done=canceled`, 303);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return sendSendPage(reply, deps, staff, id, { error: error.message, status: statusOf(error) });
      }
    },
  );
}
