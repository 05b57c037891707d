import type { ArticleSummary } from '../../content/article.ts';
import type { PublicationSettings } from '../../settings/publication-settings.ts';
import { articlePath, sectionPath } from '../../http/urls.ts';
import { accessLabelOf } from '../../access/access-label.ts';
import { formatPublicationTime } from '../../settings/publication-time.ts';
import { toImageView } from './image-view.ts';
import type { TeaserView } from './view-models.ts';

/** "Amara Okafor and Jonas Lindqvist", joined as the publication's language joins a list. */
export function listNames(names: readonly string[], locale: string): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(names);
}

export function toTeaserView(article: ArticleSummary, settings: PublicationSettings, snippetHtml = ''): TeaserView {
  const publishedAt = article.publishedAt ?? article.updatedAt;
  return {
    headline: article.headline,
    standfirst: article.standfirst,
    url: articlePath(article),
    section: { label: article.section.name, url: sectionPath(article.section) },
    bylineNames: listNames(
      article.authors.map((author) => author.name),
      settings.locale,
    ),
    publishedIso: publishedAt.toISOString(),
    publishedLabel: formatPublicationTime(publishedAt, settings),
    access: article.access,
    accessLabel: accessLabelOf(article.access),
    isSponsored: article.sponsor !== null,
    sponsorName: article.sponsor?.name ?? '',
    image: article.leadImage ? toImageView(article.leadImage.image) : null,
    snippetHtml,
  };
}
