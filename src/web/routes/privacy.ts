import { findSignedInReader } from '../../http/reader-identity.ts';
import type { App } from '../../http/site-deps.ts';
import { readInsightKeeping } from '../../insights/insight-keeping-repository.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { sendPage } from '../render-page.ts';
import { pageMeta } from '../views/meta-view.ts';

export const privacyPath = '/privacy';

/** What the privacy page fills in: the publication's name and the insight events' keeping, as set today. */
export type PrivacyPageView = { keepDays: number; keepMonths: number };

/** What the site keeps about readers, and why there is no cookie banner: the insights ledger names nobody. */
export function registerPrivacyRoute(app: App, deps: ReaderSiteDeps): void {
  app.get(privacyPath, async (request, reply) => {
    const [chrome, identity, keeping] = await Promise.all([deps.chrome(), findSignedInReader(request, deps), readInsightKeeping(deps.db)]);
    const { settings } = chrome;
    const page: PrivacyPageView = { keepDays: keeping.keepDays, keepMonths: Math.round(keeping.keepDays / 30.44) };
    const description = `What ${settings.name} keeps about its readers, for how long, and why there is no cookie banner.`;
    const meta = pageMeta({ title: 'Privacy', description, path: privacyPath, publicUrl: deps.publicUrl, settings });
    reply.header('cache-control', 'private, no-store');
    return sendPage(reply, deps, { chrome, identity, template: 'privacy', page, meta });
  });
}
