import type { Section } from '../content/article.ts';
import type { PublicationSettings } from '../settings/publication-settings.ts';
import { accountPaths } from '../http/account-paths.ts';
import { feedLinksFor } from './feeds/feed-links.ts';
import { stylesheetMarker } from './reader-slots.ts';
import type { ThemeStylesheets } from './theme-stylesheet.ts';
import { sectionPath } from '../http/urls.ts';
import type { ReaderLinksView, SiteView } from './views/view-models.ts';

export function toSiteView({
  settings,
  sections,
  currentSectionSlug,
  readerLinks,
  isTestMode,
  stylesheetBundle,
  stylesheets,
  now,
}: {
  isTestMode: boolean;
  /** The name of the stylesheet bundle the page's template inlines. */
  stylesheetBundle: string;
  stylesheets: Pick<ThemeStylesheets, 'print'>;
  settings: PublicationSettings;
  sections: readonly Section[];
  currentSectionSlug: string | null;
  readerLinks: ReaderLinksView;
  now: Date;
}): SiteView {
  return {
    isTestMode,
    name: settings.name,
    tagline: settings.tagline,
    language: settings.locale,
    homeUrl: '/',
    sections: sections.map((section) => ({
      label: section.name,
      url: sectionPath(section),
      slug: section.slug,
      isCurrent: section.slug === currentSectionSlug,
    })),
    searchUrl: '/search',
    feedUrl: '/feed.xml',
    offersUrl: accountPaths.offers,
    feeds: feedLinksFor({ kind: 'site' }, settings.name),
    year: now.getUTCFullYear(),
    reader: readerLinks,
    // Filled as each page is sent (reader-slots.ts), so kept pages share one copy of each bundle.
    stylesheet: stylesheetMarker(stylesheetBundle),
    printStylesheetUrl: stylesheets.print.url,
  };
}
