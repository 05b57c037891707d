import type { Article } from '../../content/article.ts';
import type { PublicationSettings } from '../../settings/publication-settings.ts';
import { absoluteUrl, articlePath, authorPath } from '../urls.ts';
import { largestJpegPath } from './image-view.ts';
import { serializeJsonLd } from './json-ld.ts';
import type { MetaView } from './view-models.ts';

type PageMeta = { title: string; description: string; path: string; publicUrl: URL; settings: PublicationSettings; isIndexable?: boolean };

/** Metadata of an ordinary page: title with the publication's name, canonical URL, basic social cards. */
export function pageMeta({ title, description, path, publicUrl, settings, isIndexable = true }: PageMeta): MetaView {
  const canonicalUrl = absoluteUrl(publicUrl, path);
  const fullTitle = title === '' ? settings.name : `${title} | ${settings.name}`;
  return {
    title: fullTitle,
    description,
    canonicalUrl,
    openGraph: [
      { property: 'og:site_name', content: settings.name },
      { property: 'og:type', content: 'website' },
      { property: 'og:title', content: title === '' ? settings.name : title },
      { property: 'og:description', content: description },
      { property: 'og:url', content: canonicalUrl },
    ],
    twitter: [{ name: 'twitter:card', content: 'summary' }],
    jsonLd: '',
    robots: isIndexable ? 'index, follow' : 'noindex, follow',
  };
}

/** An article's metadata: Open Graph and X cards with its image, and schema.org NewsArticle. */
export function articleMeta({ article, publicUrl, settings }: { article: Article; publicUrl: URL; settings: PublicationSettings }): MetaView {
  const canonicalUrl = absoluteUrl(publicUrl, articlePath(article));
  const imageUrl = article.leadImage ? absoluteUrl(publicUrl, largestJpegPath(article.leadImage.image)) : null;
  const published = (article.publishedAt ?? article.updatedAt).toISOString();
  const modified = article.updatedAt.toISOString();
  const openGraph = [
    { property: 'og:site_name', content: settings.name },
    { property: 'og:type', content: 'article' },
    { property: 'og:title', content: article.headline },
    { property: 'og:description', content: article.standfirst },
    { property: 'og:url', content: canonicalUrl },
    { property: 'article:published_time', content: published },
    { property: 'article:modified_time', content: modified },
    { property: 'article:section', content: article.section.name },
    ...(imageUrl && article.leadImage
      ? [
          { property: 'og:image', content: imageUrl },
          { property: 'og:image:alt', content: article.leadImage.image.alt },
        ]
      : []),
  ];
  const twitter = [
    { name: 'twitter:card', content: imageUrl ? 'summary_large_image' : 'summary' },
    { name: 'twitter:title', content: article.headline },
    { name: 'twitter:description', content: article.standfirst },
    ...(imageUrl ? [{ name: 'twitter:image', content: imageUrl }] : []),
  ];
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.headline,
    description: article.standfirst,
    mainEntityOfPage: canonicalUrl,
    url: canonicalUrl,
    datePublished: published,
    dateModified: modified,
    articleSection: article.section.name,
    ...(imageUrl ? { image: [imageUrl] } : {}),
    author: article.authors.map((author) => ({ '@type': 'Person', name: author.name, url: absoluteUrl(publicUrl, authorPath(author)) })),
    publisher: { '@type': 'NewsMediaOrganization', name: settings.name, url: absoluteUrl(publicUrl, '/') },
    isAccessibleForFree: article.access === 'free',
    // Google's paywalled-content markup: the locked part is named, whether or not this reader got it.
    ...(article.access === 'free'
      ? {}
      : { hasPart: { '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: '.article-body__locked' } }),
  };
  return {
    title: `${article.headline} | ${settings.name}`,
    description: article.standfirst,
    canonicalUrl,
    openGraph,
    twitter,
    jsonLd: serializeJsonLd(jsonLd),
    robots: 'index, follow, max-image-preview:large',
  };
}
