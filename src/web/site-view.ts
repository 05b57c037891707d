import type { Section } from '../content/article.ts';
import type { PublicationSettings } from '../settings/publication-settings.ts';
import { accountPaths } from './account-paths.ts';
import { feedLinksFor } from './feeds/feed-links.ts';
import type { ThemeStylesheet } from './theme-stylesheet.ts';
import { sectionPath } from './urls.ts';
import type { ReaderLinksView, SiteView } from './views/view-models.ts';

export function toSiteView({
  settings,
  sections,
  currentSectionSlug,
  readerLinks,
  isTestMode,
  stylesheet,
  now,
}: {
  isTestMode: boolean;
  stylesheet: Pick<ThemeStylesheet, 'css' | 'preloadFonts'>;
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
    stylesheet: stylesheet.css,
    preloadFonts: stylesheet.preloadFonts,
  };
}
