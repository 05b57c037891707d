import { Type, type Static } from 'typebox';
import { maximumImageBytes, storeUploadedImage } from '../../content/image-upload.ts';
import { mediaDirOf } from '../../content/media-folder.ts';
import { bumpContentVersion } from '../../settings/content-version.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import type { App } from '../../http/site-deps.ts';
import { recordAudit } from '../../newsroom/audit-log.ts';
import { saveFromEditor } from '../edit-article.ts';
import { parseEditorForm } from '../editor-form.ts';
import { HttpError, NotFoundError } from '../../http/http-errors.ts';
import { canEditArticle } from '../permissions.ts';
import type { NewsroomDeps } from './admin-page.ts';
import { editorBody, formFromBody, loadForEditor, sendEditor } from './articles.ts';
import { newsroomStaffOf, type Staff } from './staff-guard.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { statusOf } from '../../http/error-status.ts';

const imageFields = {
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  // Optional so that an upload with no file chosen is told so in words, with the editor's text kept.
  image: Type.Optional(Type.Unsafe<Buffer>({})),
  alt: Type.String({ maxLength: 500 }),
  caption: Type.Optional(Type.String({ maxLength: 1000 })),
  credit: Type.Optional(Type.String({ maxLength: 200 })),
};
/** The image alone, or (from the editor's "Save and upload image") with the editor's whole form, so no typing is lost. */
const uploadBody = Type.Union([Type.Object({ ...editorBody.properties, ...imageFields }), Type.Object(imageFields)]);
type UploadBody = Static<typeof uploadBody>;

function readImage({ image, alt }: UploadBody): { bytes: Buffer } | { problem: string } {
  if (!Buffer.isBuffer(image) || image.length === 0) return { problem: 'Choose an image file to upload.' };
  if (alt.trim() === '') return { problem: 'Describe the image for readers who cannot see it (the alt text).' };
  return { bytes: image };
}

async function storeLeadImage(
  deps: NewsroomDeps & { dataDir: string },
  { staff, article, bytes, body, now }: { staff: Staff; article: { id: number; headline: string }; bytes: Buffer; body: UploadBody; now: Date },
): Promise<void> {
  const { alt, caption = '', credit = '' } = body;
  const imageId = await storeUploadedImage(deps.db, { bytes, alt, mediaDir: mediaDirOf(deps.dataDir), now });
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('articles')
      .set({ lead_image_id: imageId, lead_image_caption: caption.trim(), lead_image_credit: credit.trim() })
      .where('id', '=', article.id)
      .execute();
    await recordAudit(trx, { actor: staff, action: 'set the lead image', subject: `“${article.headline}”`, now });
    await bumpContentVersion(trx, now);
  });
}

/**
 * The lead image of an article: uploaded with its alt text, caption and credit, made in every size.
 * Sent from the editor it carries the editor's text too, saved first: an upload never loses what
 * was typed since the last save, and a refusal shows the editor again with the text as typed.
 */
export function registerLeadImageRoute(app: App, deps: NewsroomDeps & { dataDir: string }): void {
  app.post(
    '/admin/articles/:id/lead-image',
    { schema: { params: Type.Object({ id: Type.String({ pattern: '^\\d{1,9}$' }) }), body: uploadBody }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const staff = newsroomStaffOf(request);
      const id = Number(request.params.id);
      const body = request.body;
      const article = await deps.db.selectFrom('articles').select(['id', 'status', 'created_by', 'headline']).where('id', '=', id).executeTakeFirst();
      if (!article) throw new NotFoundError('There is no such article.');
      if (!canEditArticle(staff.role, { isOwn: article.created_by === staff.id, status: article.status })) {
        throw new HttpError(403, 'Your role does not allow changing this article.');
      }
      const now = deps.now();
      const image = readImage(body);
      if (!('headline' in body)) {
        if ('problem' in image) throw new HttpError(400, image.problem);
        await storeLeadImage(deps, { staff, article, bytes: image.bytes, body, now });
        return reply.redirect(`/admin/articles/${id}?saved=image`, 303);
      }

      const { timeZone } = await readPublicationSettings(deps.db);
      const stored = await loadForEditor(deps, id, timeZone);
      const form = formFromBody(body);
      if ('problem' in image) return sendEditor(reply, deps, staff, { id, stored, form, error: image.problem, status: 400, version: body.version });
      let saved: { revision: number };
      try {
        saved = await saveFromEditor(deps.db, {
          staff,
          role: staff.role,
          articleId: id,
          fields: parseEditorForm(form, { timeZone }),
          intent: 'save',
          expectedRevision: Number(body.version),
          now,
        });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return sendEditor(reply, deps, staff, {
          id,
          stored,
          form,
          error: `${error.message} The image was not uploaded: choose it again once the text saves.`,
          status: statusOf(error),
          version: body.version,
        });
      }
      try {
        await storeLeadImage(deps, { staff, article: { id, headline: form.headline }, bytes: image.bytes, body, now });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // The text is saved by now; only the image needs choosing again.
        const reloaded = await loadForEditor(deps, id, timeZone);
        return sendEditor(reply, deps, staff, {
          id,
          stored: reloaded,
          form: reloaded?.form ?? form,
          error: `Your text is saved. ${error.message}`,
          status: 400,
          version: String(saved.revision),
        });
      }
      return reply.redirect(`/admin/articles/${id}?saved=image`, 303);
    },
  );
}

// The editor's whole form travels with an upload: its fields, a byline of up to 20 authors, and a body of up to 250,000 characters.
export const multipartLimits = { fileSize: maximumImageBytes, files: 1, fields: 40, fieldSize: 1_048_576, parts: 42 };
