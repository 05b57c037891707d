import type { FastifyReply } from 'fastify';
import { Type, type Static } from 'typebox';
import { accessLevels } from '../../content/access-level.ts';
import { listTiers } from '../../commerce/tier-repository.ts';
import { articleStatuses } from '../../content/article.ts';
import { renderBody } from '../../content/markdown.ts';
import { renditionFileName, widthsFor } from '../../content/image-renditions.ts';
import { findArticleForEditing } from '../../content/article-for-editing.ts';
import { listAuthors, listSections, listSponsors } from '../../content/masthead-repository.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import { readAccessSettings } from '../../settings/access-settings-repository.ts';
import { articlePath } from '../../http/urls.ts';
import { accessLabelOf } from '../../access/access-label.ts';
import { formatPublicationTime } from '../../settings/publication-time.ts';
import { NotFoundError } from '../../http/http-errors.ts';
import { adminPageSize, listArticlesForNewsroom } from '../article-list.ts';
import type { AdminFilterOption, ArticleEditorPageView, ArticleListPageView } from '../admin-views.ts';
import { saveFromEditor, type EditorIntent } from '../edit-article.ts';
import { parseEditorForm, type EditorForm } from '../editor-form.ts';
import { formatLocalDateTime } from '../../settings/local-date-time.ts';
import { can, canEditArticle, canPublishArticle } from '../permissions.ts';
import { adminChrome, sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { newsroomStaffOf, staffOf, type Staff } from './staff-guard.ts';
import type { App } from '../../http/site-deps.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { statusOf } from '../../http/error-status.ts';
import { handOverSend } from '../../newsletters/sends/hand-over.ts';
import { listActiveNewsletters } from '../../newsletters/sends/newsletter-repository.ts';
import { newslettersCarryingArticle } from '../../newsletters/sends/sends.ts';

const statusLabels = { draft: 'Draft', scheduled: 'Scheduled', published: 'Published' } as const;
const accessNames = { free: 'Free', metered: 'Metered', registered: 'Registered readers', premium: 'Subscribers only' } as const;

function options(values: readonly { value: string; label: string }[], selected: readonly string[]): AdminFilterOption[] {
  return values.map(({ value, label }) => ({ value, label, isSelected: selected.includes(value) }));
}

const text = (maxLength = 1000) => Type.Optional(Type.String({ maxLength }));
const listQuery = Type.Object(
  { q: text(200), status: text(20), section: text(20), author: text(20), access: text(20), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) },
  { additionalProperties: true },
);
/** The editor's form as posted; also sent, with the image, by "Save and upload image". */
export const editorBody = Type.Object({
  _csrf: text(200),
  version: Type.String({ maxLength: 20 }),
  intent: Type.Union([Type.Literal('save'), Type.Literal('publish'), Type.Literal('schedule'), Type.Literal('unpublish')]),
  headline: Type.String({ maxLength: 1000 }),
  standfirst: text(2000),
  slug: text(200),
  sectionId: Type.String({ maxLength: 20 }),
  authorIds: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Array(Type.String({ maxLength: 20 }), { maxItems: 20 })])),
  dateline: text(200),
  access: Type.String({ maxLength: 90 }),
  previewBlockCount: Type.String({ maxLength: 10 }),
  sponsorId: text(20),
  bodyMarkdown: Type.String({ maxLength: 250_000 }),
  publishAt: text(40),
  /** The newsletters ticked to carry the article when it is published. */
  newsletterIds: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Array(Type.String({ maxLength: 20 }), { maxItems: 50 })])),
});

/** The newsletters ticked in the editor's form, as ids; anything not an id is left out. */
function tickedNewsletterIds(value: string | readonly string[] | undefined): number[] {
  const values = value === undefined ? [] : typeof value === 'string' ? [value] : value;
  return [...new Set(values.filter((each) => /^\d{1,9}$/.test(each)).map(Number))];
}
const idParam = Type.Object({ id: Type.String({ pattern: '^(new|\\d{1,9})$' }) });
const savedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: true });
const savedMessages: Record<string, string> = {
  image: 'The lead image is set.',
  save: 'Saved.',
  publish: 'Published: the article is on the site.',
  schedule: 'Scheduled: it goes live at the time set.',
  unpublish: 'Unpublished: the article is a draft again.',
};

export type StoredForEditor = {
  form: EditorForm;
  status: keyof typeof statusLabels;
  revision: number;
  createdBy: number | null;
  siteUrl: string | null;
  leadImage: ArticleEditorPageView['leadImage'];
};

export async function loadForEditor(deps: NewsroomDeps, id: number, timeZone: string): Promise<StoredForEditor | undefined> {
  const article = await findArticleForEditing(deps.db, id);
  if (!article) return undefined;
  const { leadImage } = article;
  return {
    form: {
      headline: article.headline,
      standfirst: article.standfirst,
      slug: article.slug,
      sectionId: String(article.sectionId),
      authorIds: article.authorIds.map(String),
      dateline: article.dateline,
      access: article.requiredTierSlug === null ? article.access : `premium:${article.requiredTierSlug}`,
      previewBlockCount: String(article.previewBlockCount),
      sponsorId: article.sponsorId === null ? '' : String(article.sponsorId),
      bodyMarkdown: article.bodyMarkdown,
      publishAt: article.publishedAt === null ? '' : formatLocalDateTime(article.publishedAt, timeZone),
    },
    status: article.status,
    revision: article.revision,
    createdBy: article.createdBy,
    siteUrl: article.status === 'published' ? articlePath({ slug: article.slug, section: { slug: article.sectionSlug } }) : null,
    leadImage:
      leadImage === null
        ? null
        : {
            src: `/media/${renditionFileName(leadImage.key, widthsFor(leadImage.width)[0] ?? leadImage.width, 'jpeg')}`,
            alt: leadImage.alt,
            caption: leadImage.caption,
            credit: leadImage.credit,
          },
  };
}

export async function sendEditor(
  reply: FastifyReply,
  deps: NewsroomDeps,
  staff: Staff,
  {
    id,
    stored,
    form,
    error = null,
    message = null,
    status = 200,
    version = String(stored?.revision ?? 0),
    ticked = [],
  }: {
    /** The newsletters ticked in the form as sent, kept beside an error. */
    ticked?: readonly number[];
    id: number | null;
    stored: StoredForEditor | undefined;
    form: EditorForm;
    error?: string | null;
    message?: string | null;
    status?: number;
    version?: string;
  },
) {
  const maySend = can(staff.role, 'send-newsletters');
  const [settings, sections, authors, sponsors, newsletters, carrying, tiers] = await Promise.all([
    readPublicationSettings(deps.db),
    listSections(deps.db),
    listAuthors(deps.db),
    listSponsors(deps.db),
    maySend ? listActiveNewsletters(deps.db) : Promise.resolve([]),
    maySend && id !== null ? newslettersCarryingArticle(deps.db, id) : Promise.resolve([]),
    listTiers(deps.db),
  ]);
  const isOwn = stored === undefined || stored.createdBy === staff.id;
  const mayPublish = canPublishArticle(staff.role, { isOwn });
  const page: ArticleEditorPageView = {
    isNew: id === null,
    saveUrl: `/admin/articles/${id ?? 'new'}`,
    previewUrl: '/admin/preview',
    version,
    error,
    message,
    fields: { ...form, isSlugLocked: stored?.status === 'published' && !can(staff.role, 'edit-any-article') },
    sectionOptions: options(
      sections.map((section) => ({ value: String(section.id), label: section.name })),
      [form.sectionId],
    ),
    authorOptions: options(
      authors.map((author) => ({ value: String(author.id), label: author.name })),
      form.authorIds,
    ),
    accessOptions: options(
      [
        ...accessLevels.map((level) => ({ value: level, label: level === 'premium' && tiers.length > 0 ? 'Subscribers on any plan' : accessNames[level] })),
        ...tiers.map((tier) => ({ value: `premium:${tier.slug}`, label: `${tier.name} subscribers only` })),
      ],
      [form.access],
    ),
    sponsorOptions: options(
      sponsors.map((sponsor) => ({ value: String(sponsor.id), label: sponsor.name })),
      [form.sponsorId],
    ),
    statusLabel: stored ? statusLabels[stored.status] : 'New draft',
    canPublish: mayPublish,
    canUnpublish: mayPublish && stored !== undefined && stored.status !== 'draft',
    siteUrl: stored?.siteUrl ?? null,
    timeZone: settings.timeZone,
    previewHtml: renderBody(form.bodyMarkdown)
      .blocks.map((block) => block.html)
      .join('\n'),
    leadImage: stored?.leadImage ?? null,
    imageUploadUrl: id === null ? null : `/admin/articles/${id}/lead-image`,
    autosaveUrl: id !== null && stored?.status === 'draft' && canEditArticle(staff.role, { isOwn, status: 'draft' }) ? `/admin/articles/${id}/autosave` : null,
    revisionsUrl: id === null ? null : `/admin/articles/${id}/revisions`,
    newsletterTicks: newsletters.map((newsletter) => ({
      value: String(newsletter.id),
      label: newsletter.name,
      isTicked: ticked.includes(newsletter.id) || carrying.includes(newsletter.id),
      isCarrying: carrying.includes(newsletter.id),
    })),
  };
  return sendAdminPage(reply, deps, { template: 'article-editor', admin: await adminChrome(deps, staff, reply, 'articles'), page, status });
}

export function formFromBody(body: Omit<Static<typeof editorBody>, 'intent' | 'version' | '_csrf'>): EditorForm {
  return {
    headline: body.headline,
    standfirst: body.standfirst ?? '',
    slug: body.slug ?? '',
    sectionId: body.sectionId,
    authorIds: body.authorIds === undefined ? [] : Array.isArray(body.authorIds) ? body.authorIds : [body.authorIds],
    dateline: body.dateline ?? '',
    access: body.access,
    previewBlockCount: body.previewBlockCount,
    sponsorId: body.sponsorId ?? '',
    bodyMarkdown: body.bodyMarkdown,
    publishAt: body.publishAt ?? '',
  };
}

const emptyForm = (sectionId: string, previewBlocks: number): EditorForm => ({
  headline: '',
  standfirst: '',
  slug: '',
  sectionId,
  authorIds: [],
  dateline: '',
  access: 'metered',
  previewBlockCount: String(previewBlocks),
  sponsorId: '',
  bodyMarkdown: '',
  publishAt: '',
});

export function registerNewsroomArticleRoutes(app: App, deps: NewsroomDeps): void {
  // The readers' desk has no newsroom pages: its people start on the readers' list.
  app.get('/admin', async (request, reply) => reply.redirect(can(staffOf(request).role, 'use-newsroom') ? '/admin/articles' : '/admin/readers', 303));

  app.get('/admin/articles', { schema: { querystring: listQuery } }, async (request, reply) => {
    const staff = newsroomStaffOf(request);
    const { q = '', status = '', section = '', author = '', access = '', page = 1 } = request.query;
    const [settings, sections, authors] = await Promise.all([readPublicationSettings(deps.db), listSections(deps.db), listAuthors(deps.db)]);
    const filters = {
      q: q.trim(),
      status: articleStatuses.find((value) => value === status) ?? null,
      sectionId: /^\d+$/.test(section) ? Number(section) : null,
      authorId: /^\d+$/.test(author) ? Number(author) : null,
      access: accessLevels.find((value) => value === access) ?? null,
    };
    const { total, rows } = await listArticlesForNewsroom(deps.db, filters, page);
    const query = (target: number) => `/admin/articles?${new URLSearchParams({ q, status, section, author, access, page: String(target) }).toString()}`;
    const view: ArticleListPageView = {
      articles: rows.map((row) => ({
        id: row.id,
        headline: row.headline,
        editUrl: `/admin/articles/${row.id}`,
        siteUrl: row.status === 'published' ? articlePath({ slug: row.slug, section: { slug: row.section_slug } }) : null,
        sectionName: row.section_name,
        authorNames: row.authorNames.join(', '),
        statusLabel: statusLabels[row.status],
        status: row.status,
        accessLabel: accessLabelOf(row.access_level) || 'Metered',
        whenLabel:
          row.status === 'draft' || row.published_at === null
            ? `Edited ${formatPublicationTime(new Date(row.updated_at), settings)}`
            : `${row.status === 'scheduled' ? 'Scheduled for' : 'Published'} ${formatPublicationTime(new Date(row.published_at), settings)}`,
      })),
      q,
      statusOptions: options([{ value: '', label: 'Any status' }, ...articleStatuses.map((value) => ({ value, label: statusLabels[value] }))], [status]),
      sectionOptions: options([{ value: '', label: 'Any section' }, ...sections.map((item) => ({ value: String(item.id), label: item.name }))], [section]),
      authorOptions: options([{ value: '', label: 'Any author' }, ...authors.map((item) => ({ value: String(item.id), label: item.name }))], [author]),
      accessOptions: options([{ value: '', label: 'Any access' }, ...accessLevels.map((value) => ({ value, label: accessNames[value] }))], [access]),
      total,
      newArticleUrl: can(staff.role, 'write-drafts') ? '/admin/articles/new' : null,
      previousUrl: page > 1 ? query(page - 1) : null,
      nextUrl: page * adminPageSize < total ? query(page + 1) : null,
    };
    return sendAdminPage(reply, deps, { template: 'articles', admin: await adminChrome(deps, staff, reply, 'articles'), page: view });
  });

  app.get('/admin/articles/:id', { schema: { params: idParam, querystring: savedQuery } }, async (request, reply) => {
    const staff = newsroomStaffOf(request);
    const { timeZone } = await readPublicationSettings(deps.db);
    if (request.params.id === 'new') {
      const [[first], access] = await Promise.all([listSections(deps.db), readAccessSettings(deps.db)]);
      return sendEditor(reply, deps, staff, { id: null, stored: undefined, form: emptyForm(first ? String(first.id) : '', access.defaultPreviewBlocks) });
    }
    const id = Number(request.params.id);
    const stored = await loadForEditor(deps, id, timeZone);
    if (!stored) throw new NotFoundError('There is no such article.');
    const isOwn = stored.createdBy === staff.id;
    const message = savedMessages[request.query.saved ?? ''] ?? null;
    const error = canEditArticle(staff.role, { isOwn, status: stored.status })
      ? null
      : isOwn && stored.status !== 'draft'
        ? 'This article is scheduled or published, so only an editor can change it now.'
        : 'Your role lets you read this article here but not change it.';
    return sendEditor(reply, deps, staff, { id, stored, form: stored.form, message, error });
  });

  app.post('/admin/articles/:id', { schema: { params: idParam, body: editorBody }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = newsroomStaffOf(request);
    const { timeZone } = await readPublicationSettings(deps.db);
    const body = request.body;
    const form = formFromBody(body);
    const id = request.params.id === 'new' ? null : Number(request.params.id);
    const stored = id === null ? undefined : await loadForEditor(deps, id, timeZone);
    if (id !== null && !stored) throw new NotFoundError('There is no such article.');
    try {
      const fields = parseEditorForm(form, { timeZone });
      const saved = await saveFromEditor(deps.db, {
        staff,
        role: staff.role,
        articleId: id,
        fields,
        intent: body.intent satisfies EditorIntent,
        expectedRevision: Number(body.version),
        now: deps.now(),
        newsletterIds: tickedNewsletterIds(body.newsletterIds),
      });
      for (const sendId of saved.newsletterSendIds) await handOverSend(deps.db, sendId, deps.now());
      return reply.redirect(`/admin/articles/${saved.articleId}?saved=${body.intent}`, 303);
    } catch (error) {
      // The form comes back exactly as typed, with the reason, so nothing the editor wrote is lost.
      if (!(error instanceof DomainError)) throw error;
      // After a conflict the form keeps the version it was based on, so saving again cannot overwrite unseen.
      return sendEditor(reply, deps, staff, {
        id,
        stored,
        form,
        error: error.message,
        status: statusOf(error),
        version: body.version,
        ticked: tickedNewsletterIds(body.newsletterIds),
      });
    }
  });

  // Drafts save themselves every few seconds while being written; published pieces change only when someone saves.
  app.post('/admin/articles/:id/autosave', { schema: { params: idParam, body: editorBody }, preHandler: app.csrfProtection }, async (request, reply) => {
    const staff = newsroomStaffOf(request);
    if (request.params.id === 'new') return reply.status(400).send({ error: 'Save a new article once before it saves itself.' });
    const id = Number(request.params.id);
    const { timeZone } = await readPublicationSettings(deps.db);
    const stored = await loadForEditor(deps, id, timeZone);
    if (!stored) return reply.status(404).send({ error: 'There is no such article.' });
    if (stored.status !== 'draft') return reply.status(409).send({ error: 'Only drafts save themselves; save this article yourself.' });
    try {
      const fields = parseEditorForm(formFromBody(request.body), { timeZone });
      const saved = await saveFromEditor(deps.db, {
        staff,
        role: staff.role,
        articleId: id,
        fields,
        intent: 'save',
        expectedRevision: Number(request.body.version),
        now: deps.now(),
      });
      return reply.header('cache-control', 'no-store').send({ revision: saved.revision, savedAt: deps.now().toISOString() });
    } catch (error) {
      // The editor's script shows the reason beside the form; the page itself stays as it is.
      if (!(error instanceof DomainError)) throw error;
      return reply.status(statusOf(error)).send({ error: error.message });
    }
  });

  app.post(
    '/admin/preview',
    { schema: { body: Type.Object({ _csrf: text(200), markdown: Type.String({ maxLength: 250_000 }) }) }, preHandler: app.csrfProtection },
    async (request, reply) => {
      newsroomStaffOf(request);
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(
          renderBody(request.body.markdown)
            .blocks.map((block) => block.html)
            .join('\n'),
        );
    },
  );
}
