import { Type } from 'typebox';
import { renditionFileName, widthsFor } from '../../content/image-renditions.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import type { App } from '../../http/site-deps.ts';
import { formatPublicationTime } from '../../settings/publication-time.ts';
import type { ImagesPageView } from '../admin-views.ts';
import { adminChrome, sendAdminPage, type NewsroomDeps } from './admin-page.ts';
import { newsroomStaffOf } from './staff-guard.ts';

const pageSize = 48;

/** The image library, newest first, with the articles that use each image as their lead. */
export function registerImagesRoute(app: App, deps: NewsroomDeps): void {
  app.get(
    '/admin/images',
    { schema: { querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) }, { additionalProperties: true }) } },
    async (request, reply) => {
      const staff = newsroomStaffOf(request);
      const page = request.query.page ?? 1;
      const [settings, images, counted] = await Promise.all([
        readPublicationSettings(deps.db),
        deps.db
          .selectFrom('images')
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        deps.db
          .selectFrom('images')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      const uses =
        images.length === 0
          ? []
          : await deps.db
              .selectFrom('articles')
              .select(['id', 'headline', 'lead_image_id'])
              .where(
                'lead_image_id',
                'in',
                images.map((image) => image.id),
              )
              .execute();
      const total = Number(counted.n);
      const view: ImagesPageView = {
        images: images.map((image) => ({
          src: `/media/${renditionFileName(image.key, widthsFor(image.width)[0] ?? image.width, 'jpeg')}`,
          alt: image.alt,
          sizeLabel: `${image.width} × ${image.height}`,
          addedLabel: formatPublicationTime(new Date(image.created_at), settings),
          usedBy: uses.filter((use) => use.lead_image_id === image.id).map((use) => ({ headline: use.headline, editUrl: `/admin/articles/${use.id}` })),
        })),
        total,
        previousUrl: page > 1 ? `/admin/images?page=${page - 1}` : null,
        nextUrl: page * pageSize < total ? `/admin/images?page=${page + 1}` : null,
      };
      return sendAdminPage(reply, deps, { template: 'images', admin: await adminChrome(deps, staff, reply, 'images'), page: view });
    },
  );
}
