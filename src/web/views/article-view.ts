import type { Article, ArticleSummary } from '../../content/article.ts';
import type { CutBody } from '../../reading/preview-cut.ts';
import type { PublicationSettings } from '../../settings/publication-settings.ts';
import { absoluteUrl, articlePath, authorPath, sectionPath } from '../../http/urls.ts';
import { accessLabelOf } from '../../access/access-label.ts';
import { setDateline } from './body-steps.ts';
import { formatPublicationTime } from '../../settings/publication-time.ts';
import { toLeadImageView } from './image-view.ts';
import { shareLinksFor } from './share-links.ts';
import { toTeaserView } from './teaser-view.ts';
import type { ArticleGiftView } from '../gifts/gift-views.ts';
import type { ArticleView } from './view-models.ts';

/** An update within this long of publication is part of the first edition, not worth a notice. */
const updateNoticeThresholdMs = 30 * 60 * 1000;

/** What the access decision made of this read, ready for the page. */
export type ArticleAccessView = Pick<ArticleView, 'isPreview' | 'notice' | 'paywall' | 'staffNote'>;

export function toArticleView({
  article,
  body,
  accessView,
  related,
  settings,
  publicUrl,
  gift = null,
}: {
  article: Article;
  body: CutBody;
  accessView: ArticleAccessView;
  gift?: ArticleGiftView | null;
  related: readonly ArticleSummary[];
  settings: PublicationSettings;
  publicUrl: URL;
}): ArticleView {
  const path = articlePath(article);
  const canonicalUrl = absoluteUrl(publicUrl, path);
  const publishedAt = article.publishedAt ?? article.updatedAt;
  return {
    headline: article.headline,
    standfirst: article.standfirst,
    section: { label: article.section.name, url: sectionPath(article.section) },
    canonicalUrl,
    path,
    authors: article.authors.map((author) => ({ label: author.name, url: authorPath(author), bio: author.bio })),
    publishedIso: publishedAt.toISOString(),
    publishedLabel: formatPublicationTime(publishedAt, settings),
    updatedIso: article.updatedAt.toISOString(),
    updatedLabel: formatPublicationTime(article.updatedAt, settings),
    isUpdated: article.updatedAt.getTime() - publishedAt.getTime() > updateNoticeThresholdMs,
    dateline: article.dateline,
    leadImage: article.leadImage ? toLeadImageView(article.leadImage) : null,
    bodyHtml: setDateline(
      body.open.map((block) => block.html),
      article.dateline,
    ),
    lockedBodyHtml: body.locked.map((block) => block.html),
    ...accessView,
    access: article.access,
    accessLabel: accessLabelOf(article.access),
    sponsor: article.sponsor ? { name: article.sponsor.name, url: article.sponsor.url, disclosure: article.sponsor.disclosure } : null,
    gift,
    share: shareLinksFor({ url: canonicalUrl, headline: article.headline }),
    related: related.map((summary) => toTeaserView(summary, settings)),
  };
}
