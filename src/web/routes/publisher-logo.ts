import { publisherLogo, renderPublisherLogo } from '../publisher-logo.ts';
import type { App } from '../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';

/** The publisher's logo, drawn from the theme's mark at the first request and kept. */
export function registerPublisherLogoRoute(app: App, deps: ReaderSiteDeps): void {
  let logo: Promise<Buffer> | null = null;
  app.get(publisherLogo.path, async (_request, reply) => {
    if (logo === null) {
      const drawing = renderPublisherLogo(deps.theme.assetsDir);
      logo = drawing;
      // A failed drawing is not kept: the next request tries again.
      drawing.catch(() => {
        if (logo === drawing) logo = null;
      });
    }
    return reply
      .type('image/png')
      .header('cache-control', 'public, max-age=86400')
      .send(await logo);
  });
}
