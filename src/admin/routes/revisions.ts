import { Type } from 'typebox';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import type { App } from '../../http/site-deps.ts';
import { formatPublicationTime } from '../../settings/publication-time.ts';
import { HttpError, NotFoundError } from '../../http/http-errors.ts';
import type { RevisionsPageView } from '../admin-views.ts';
import { formatLocalDateTime } from '../../settings/local-date-time.ts';
import { canEditArticle } from '../permissions.ts';
import { describeChanges, listRevisions } from '../revisions.ts';
import { adminChrome, sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { loadForEditor, sendEditor } from './articles.ts';
import { newsroomStaffOf } from './staff-guard.ts';

const params = Type.Object({ id: Type.String({ pattern: '^\\d{1,9}$' }) });

/** An article's history: every saved version with what changed, and a way to bring one back. */
export function registerRevisionRoutes(app: App, deps: NewsroomDeps): void {
  app.get('/admin/articles/:id/revisions', { schema: { params } }, async (request, reply) => {
    const staff = newsroomStaffOf(request);
    const id = Number(request.params.id);
    const settings = await readPublicationSettings(deps.db);
    const stored = await loadForEditor(deps, id, settings.timeZone);
    if (!stored) throw new NotFoundError('There is no such article.');
    const revisions = await listRevisions(deps.db, id);
    const page: RevisionsPageView = {
      headline: stored.form.headline,
      editUrl: `/admin/articles/${id}`,
      revisions: revisions.map((revision, index) => ({
        revision: revision.revision,
        whenLabel: formatPublicationTime(revision.savedAt, settings),
        who: revision.savedBy,
        changes: describeChanges(revisions[index + 1]?.form ?? null, revision.form),
        restoreUrl: `/admin/articles/${id}/revisions/${revision.revision}/restore`,
      })),
    };
    return sendAdminPage(reply, deps, { template: 'revisions', admin: await adminChrome(deps, staff, reply, 'articles'), page });
  });

  app.post(
    '/admin/articles/:id/revisions/:revision/restore',
    {
      schema: { params: Type.Object({ id: Type.String({ pattern: '^\\d{1,9}$' }), revision: Type.String({ pattern: '^\\d{1,9}$' }) }) },
      preHandler: app.csrfProtection,
    },
    async (request, reply) => {
      const staff = newsroomStaffOf(request);
      const id = Number(request.params.id);
      const { timeZone } = await readPublicationSettings(deps.db);
      const stored = await loadForEditor(deps, id, timeZone);
      if (!stored) throw new NotFoundError('There is no such article.');
      if (!canEditArticle(staff.role, { isOwn: stored.createdBy === staff.id, status: stored.status })) {
        throw new HttpError(403, 'Your role does not allow changing this article.');
      }
      const revision = (await listRevisions(deps.db, id)).find((candidate) => candidate.revision === Number(request.params.revision));
      if (!revision) throw new NotFoundError('There is no such version of this article.');
      const publishAt = revision.form.publishAt === '' ? '' : formatLocalDateTime(new Date(revision.form.publishAt), timeZone);
      // The old version goes into the editor, not straight to the site: it is restored when saved.
      return sendEditor(reply, deps, staff, {
        id,
        stored,
        form: { ...revision.form, publishAt },
        message: `Version ${revision.revision} is in the form below. Save to restore it, or leave this page to keep the current one.`,
      });
    },
  );
}
