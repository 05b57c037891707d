import { Type } from 'typebox';
import { ImageRefusedError, maximumImageBytes, storeUploadedImage } from '../../content/image-upload.ts';
import { mediaDirOf } from '../../demo/load-demo.ts';
import { bumpContentVersion } from '../../settings/content-version.ts';
import { HttpError, NotFoundError } from '../../web/http-errors.ts';
import type { App } from '../../web/site-deps.ts';
import { recordAudit } from '../audit-log.ts';
import { canEditArticle } from '../permissions.ts';
import type { NewsroomDeps } from './admin-page.ts';
import { staffOf } from './staff-guard.ts';

const fields = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  image: Type.Unsafe<Buffer>({}),
  alt: Type.String({ maxLength: 500 }),
  caption: Type.Optional(Type.String({ maxLength: 1000 })),
  credit: Type.Optional(Type.String({ maxLength: 200 })),
});

/** The lead image of an article: uploaded with its alt text, caption and credit, made in every size. */
export function registerLeadImageRoute(app: App, deps: NewsroomDeps & { dataDir: string }): void {
  app.post(
    '/admin/articles/:id/lead-image',
    { schema: { params: Type.Object({ id: Type.String({ pattern: '^\\d{1,9}$' }) }), body: fields }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const staff = staffOf(request);
      const id = Number(request.params.id);
      const article = await deps.db.selectFrom('articles').select(['id', 'status', 'created_by', 'headline']).where('id', '=', id).executeTakeFirst();
      if (!article) throw new NotFoundError('There is no such article.');
      if (!canEditArticle(staff.role, { isOwn: article.created_by === staff.id, status: article.status })) {
        throw new HttpError(403, 'Your role does not allow changing this article.');
      }
      const { image, alt, caption = '', credit = '' } = request.body;
      if (!Buffer.isBuffer(image) || image.length === 0) throw new HttpError(400, 'Choose an image file to upload.');
      if (alt.trim() === '') throw new HttpError(400, 'Describe the image for readers who cannot see it (the alt text).');
      const now = deps.now();
      try {
        const imageId = await storeUploadedImage(deps.db, { bytes: image, alt, mediaDir: mediaDirOf(deps.dataDir), now });
        await deps.db.transaction().execute(async (trx) => {
          await trx.updateTable('articles').set({ lead_image_id: imageId, lead_image_caption: caption.trim(), lead_image_credit: credit.trim() }).where('id', '=', id).execute();
          await recordAudit(trx, { actor: staff, action: 'set the lead image', subject: `“${article.headline}”`, now });
          await bumpContentVersion(trx, now);
        });
      } catch (error) {
        if (error instanceof ImageRefusedError) throw new HttpError(400, error.message);
        throw error;
      }
      return reply.redirect(`/admin/articles/${id}?saved=image`, 303);
    },
  );
}

export const multipartLimits = { fileSize: maximumImageBytes, files: 1, fields: 10, fieldSize: 4000, parts: 12 };
