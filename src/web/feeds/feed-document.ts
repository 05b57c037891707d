import { Feed } from 'feed';

export const feedFormats = ['rss', 'atom', 'json'] as const;
export type FeedFormat = (typeof feedFormats)[number];

/** Each format's file name at the end of a feed's address, and the type it is served as. */
export const feedFormatFiles: Record<FeedFormat, { file: string; contentType: string; label: string }> = {
  rss: { file: 'feed.xml', contentType: 'application/rss+xml; charset=utf-8', label: 'RSS' },
  atom: { file: 'atom.xml', contentType: 'application/atom+xml; charset=utf-8', label: 'Atom' },
  json: { file: 'feed.json', contentType: 'application/feed+json; charset=utf-8', label: 'JSON Feed' },
};

export type FeedChannel = {
  title: string;
  description: string;
  /** The page the feed follows (the home page, a section front, an author's page). */
  pageUrl: string;
  /** The feed's own addresses, for self links; null where the address is a secret (a private feed). */
  feedUrls: Record<FeedFormat, string> | null;
  /** A permanent identifier (Atom's id): the page and the scope, never a token. */
  id: string;
  language: string;
  publicationName: string;
  copyright: string;
  /** When the newest item last changed. */
  updated: Date;
};

export type FeedEntry = {
  headline: string;
  url: string;
  standfirst: string;
  contentHtml: string;
  publishedAt: Date;
  updatedAt: Date;
  authors: readonly { name: string; url: string }[];
  section: { name: string; url: string };
  /** The lead image's largest JPEG, absolute. */
  image: { url: string; alt: string } | null;
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * Atom's titles are written as type="html" by the `feed` package, so a headline's "<" or "&" must be
 * escaped there, where RSS and JSON Feed take the text as it is.
 */
function newFeed(format: FeedFormat, channel: FeedChannel, entries: readonly FeedEntry[]): Feed {
  const feed = new Feed({
    title: channel.title,
    description: channel.description,
    id: channel.id,
    link: channel.pageUrl,
    language: channel.language,
    copyright: channel.copyright,
    updated: channel.updated,
    generator: 'Dateline',
    // Atom wants an author for each entry; the publication stands in for an article without a byline.
    author: { name: channel.publicationName, link: channel.pageUrl },
    ...(channel.feedUrls ? { feedLinks: { rss: channel.feedUrls.rss, atom: channel.feedUrls.atom, json: channel.feedUrls.json } } : {}),
  });
  for (const entry of entries) {
    feed.addItem({
      title: format === 'atom' ? escapeHtml(entry.headline) : entry.headline,
      id: entry.url,
      link: entry.url,
      date: entry.updatedAt,
      published: entry.publishedAt,
      description: entry.standfirst,
      content: entry.contentHtml,
      // RSS's <author> must be an e-mail address, which bylines are not: RSS gets Dublin Core's creator instead.
      ...(format === 'rss' ? {} : { author: entry.authors.map((author) => ({ name: author.name, link: author.url })) }),
      // One category serves all three: RSS reads name and domain, Atom term, label and scheme, JSON Feed name.
      category: [{ name: entry.section.name, term: entry.section.name, domain: entry.section.url, scheme: entry.section.url }],
      ...(entry.image ? { enclosure: { url: entry.image.url, type: 'image/jpeg', length: 0 } } : {}),
      ...(format === 'rss' && entry.authors.length > 0 ? { extensions: [{ name: 'dc:creator', objects: { _text: entry.authors.map((author) => author.name).join(', ') } }] } : {}),
    });
  }
  return feed;
}

/**
 * The `feed` package writes JSON Feed 1.0, where an item has one `author`; 1.1 has `authors` (all of
 * them), `language`, and its own version address. This lifts its output to 1.1.
 */
function toJsonFeed11(json1: string, channel: FeedChannel, entries: readonly FeedEntry[]): string {
  const parsed: unknown = JSON.parse(json1);
  if (typeof parsed !== 'object' || parsed === null || !('items' in parsed) || !Array.isArray(parsed.items)) throw new Error('The feed package wrote no JSON Feed items');
  const { author: _author, items, ...top } = parsed as { author?: unknown; items: readonly Record<string, unknown>[] };
  const authorsOf = (authors: FeedEntry['authors']) => authors.map((author) => ({ name: author.name, url: author.url }));
  const upgraded = {
    ...top,
    version: 'https://jsonfeed.org/version/1.1',
    language: channel.language,
    authors: [{ name: channel.publicationName, url: channel.pageUrl }],
    items: items.map(({ author: _itemAuthor, ...item }, index) => {
      const entry = entries[index];
      const authors = entry && entry.authors.length > 0 ? authorsOf(entry.authors) : [];
      return { ...item, ...(entry?.image ? { image: entry.image.url } : {}), ...(authors.length > 0 ? { authors } : {}) };
    }),
  };
  return JSON.stringify(upgraded, null, 2);
}

/** One feed in one format, from its channel and entries (newest first). */
export function renderFeedDocument(format: FeedFormat, channel: FeedChannel, entries: readonly FeedEntry[]): string {
  const feed = newFeed(format, channel, entries);
  switch (format) {
    case 'rss':
      return feed.rss2();
    case 'atom':
      // The package names an Atom enclosure's type after the file's extension; ".jpg" is image/jpeg.
      return feed.atom1().replaceAll(' type="image/jpg"', ' type="image/jpeg"');
    case 'json':
      return toJsonFeed11(feed.json1(), channel, entries);
  }
}
