import type { FastifyReply } from 'fastify';
import { toSiteView } from './site-view.ts';
import type { Chrome, SiteDeps } from './site-deps.ts';
import type { MetaView } from './views/view-models.ts';

/** Renders a theme template inside the site's chrome and sends it as the reply. */
export async function sendPage<Page>(
  reply: FastifyReply,
  deps: SiteDeps,
  {
    chrome,
    template,
    page,
    meta,
    currentSectionSlug = null,
    status = 200,
  }: { chrome: Chrome; template: string; page: Page; meta: MetaView; currentSectionSlug?: string | null; status?: number },
): Promise<FastifyReply> {
  const site = toSiteView({ ...chrome, currentSectionSlug, now: deps.now() });
  const html = await deps.theme.render(template, { site, meta, page });
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}
