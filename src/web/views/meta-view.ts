import type { Article } from '../../content/article.ts';
import type { PublicationSettings } from '../../settings/publication-settings.ts';
import { absoluteUrl, articlePath, authorPath } from '../../http/urls.ts';
import { publisherLogo } from '../publisher-logo.ts';
import { oembedDiscoveryUrl } from '../oembed/oembed.ts';
import { jpegRenditionsOf } from './image-view.ts';
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

/** An article's metadata: Open Graph and X cards with its image, schema.org NewsArticle, and oEmbed discovery. */
export function articleMeta({ article, publicUrl, settings }: { article: Article; publicUrl: URL; settings: PublicationSettings }): MetaView {
  const canonicalUrl = absoluteUrl(publicUrl, articlePath(article));
  const image = article.leadImage?.image ?? null;
  // Largest first: social cards take the first, and search engines pick among them. Thumbnails of
  // under 50,000 pixels are left out: Google's article markup ignores them, and every page would carry them.
  const renditions = image
    ? jpegRenditionsOf(image)
        .reverse()
        .filter((rendition, index) => index === 0 || rendition.width * rendition.height >= 50_000)
        .map((rendition) => ({ ...rendition, url: absoluteUrl(publicUrl, rendition.path) }))
    : [];
  const largest = renditions[0] ?? null;
  const published = (article.publishedAt ?? article.updatedAt).toISOString();
  const modified = article.updatedAt.toISOString();
  const authorUrls = article.authors.map((author) => absoluteUrl(publicUrl, authorPath(author)));
  const openGraph = [
    { property: 'og:site_name', content: settings.name },
    { property: 'og:type', content: 'article' },
    { property: 'og:title', content: article.headline },
    { property: 'og:description', content: article.standfirst },
    { property: 'og:url', content: canonicalUrl },
    ...(largest && image
      ? [
          { property: 'og:image', content: largest.url },
          { property: 'og:image:type', content: 'image/jpeg' },
          { property: 'og:image:width', content: String(largest.width) },
          { property: 'og:image:height', content: String(largest.height) },
          { property: 'og:image:alt', content: image.alt },
        ]
      : []),
    { property: 'article:published_time', content: published },
    { property: 'article:modified_time', content: modified },
    ...authorUrls.map((url) => ({ property: 'article:author', content: url })),
    { property: 'article:section', content: article.section.name },
  ];
  const twitter = [
    { name: 'twitter:card', content: largest ? 'summary_large_image' : 'summary' },
    { name: 'twitter:title', content: article.headline },
    { name: 'twitter:description', content: article.standfirst },
    ...(largest && image
      ? [
          { name: 'twitter:image', content: largest.url },
          { name: 'twitter:image:alt', content: image.alt },
        ]
      : []),
  ];
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.headline,
    description: article.standfirst,
    mainEntityOfPage: { '@type': 'WebPage', '@id': canonicalUrl },
    url: canonicalUrl,
    datePublished: published,
    dateModified: modified,
    articleSection: article.section.name,
    ...(renditions.length > 0 ? { image: renditions.map(({ url, width, height }) => ({ '@type': 'ImageObject', url, width, height })) } : {}),
    author: article.authors.map((author, index) => ({ '@type': 'Person', name: author.name, url: authorUrls[index] })),
    publisher: {
      '@type': 'NewsMediaOrganization',
      name: settings.name,
      url: absoluteUrl(publicUrl, '/'),
      logo: { '@type': 'ImageObject', url: absoluteUrl(publicUrl, publisherLogo.path), width: publisherLogo.width, height: publisherLogo.height },
    },
    isAccessibleForFree: article.access === 'free',
    // Google's paywalled-content markup: the locked part is named, whether or not this reader got it.
    ...(article.access === 'free' ? {} : { hasPart: { '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: '.article-body__locked' } }),
  };
  return {
    title: `${article.headline} | ${settings.name}`,
    description: article.standfirst,
    canonicalUrl,
    openGraph,
    twitter,
    jsonLd: serializeJsonLd(jsonLd),
    robots: 'index, follow, max-image-preview:large',
    oembedUrl: oembedDiscoveryUrl(publicUrl, canonicalUrl),
  };
}
