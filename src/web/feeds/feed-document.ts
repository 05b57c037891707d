import { escapeHtml } from '../../text/escape-html.ts';

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

/**
 * Characters XML 1.0 cannot carry at all, even as references: control characters other than tab and
 * line breaks, unpaired surrogates, and the two non-characters U+FFFE and U+FFFF. A feed with one is
 * not XML, so each becomes the replacement character.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: those characters are what this finds
const notInXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const xmlEntities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeXml(text: string): string {
  return text.replace(notInXml, '\ufffd').replace(/[&<>"]/g, (character) => xmlEntities[character] ?? character);
}

/** An XML element: its attributes (those given as undefined left out), and text or elements inside. */
type XmlElement = {
  name: string;
  attributes?: Readonly<Record<string, string | undefined>>;
  text?: string;
  html?: string;
  children?: readonly (XmlElement | null)[];
};

/**
 * Writes XML whose text arrives as the text given, whatever it holds. Text is escaped; HTML (the
 * fields a format defines as HTML) goes in CDATA sections, each "]]>" in it split across two, so
 * that it reads back as written. The `feed` package wrapped text in CDATA without splitting and
 * undid escaping it found ("&amp;" came out as "&"), so a headline could end the section early.
 */
function writeXml(element: XmlElement, depth = 0): string {
  const indent = '    '.repeat(depth);
  const attributes = Object.entries(element.attributes ?? {})
    .flatMap(([name, value]) =>
      value === undefined ? [] : [` ${name}="${escapeXml(value).replace(/[\t\n\r]/g, (character) => `&#${character.charCodeAt(0)};`)}"`],
    )
    .join('');
  const open = `${indent}<${element.name}${attributes}`;
  if (element.text !== undefined) return `${open}>${escapeXml(element.text)}</${element.name}>`;
  if (element.html !== undefined)
    return `${open}><![CDATA[${element.html.replace(notInXml, '\ufffd').replaceAll(']]>', ']]]]><![CDATA[>')}]]></${element.name}>`;
  const children = (element.children ?? []).filter((child) => child !== null);
  if (children.length === 0) return `${open}/>`;
  return `${open}>\n${children.map((child) => writeXml(child, depth + 1)).join('\n')}\n${indent}</${element.name}>`;
}

const xmlDeclaration = '<?xml version="1.0" encoding="utf-8"?>';
const generator = 'Dateline';

/**
 * RSS 2.0. Its titles, categories and Dublin Core creators are plain text; a description is HTML by
 * long custom, so the standfirst goes in escaped, to be shown as the text it is. RSS's <author> must
 * be an e-mail address, which bylines are not: Dublin Core's creator names them instead.
 */
function renderRss(channel: FeedChannel, entries: readonly FeedEntry[]): string {
  const items = entries.map(
    (entry): XmlElement => ({
      name: 'item',
      children: [
        { name: 'title', text: entry.headline },
        { name: 'link', text: entry.url },
        { name: 'guid', attributes: { isPermaLink: 'false' }, text: entry.url },
        { name: 'pubDate', text: entry.publishedAt.toUTCString() },
        { name: 'description', html: escapeHtml(entry.standfirst) },
        { name: 'content:encoded', html: entry.contentHtml },
        { name: 'category', attributes: { domain: entry.section.url }, text: entry.section.name },
        entry.image ? { name: 'enclosure', attributes: { length: '0', type: 'image/jpeg', url: entry.image.url } } : null,
        entry.authors.length > 0 ? { name: 'dc:creator', text: entry.authors.map((author) => author.name).join(', ') } : null,
      ],
    }),
  );
  const rss: XmlElement = {
    name: 'rss',
    attributes: {
      version: '2.0',
      'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
      'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
      'xmlns:atom': 'http://www.w3.org/2005/Atom',
    },
    children: [
      {
        name: 'channel',
        children: [
          { name: 'title', text: channel.title },
          { name: 'link', text: channel.pageUrl },
          { name: 'description', text: channel.description },
          { name: 'lastBuildDate', text: channel.updated.toUTCString() },
          { name: 'docs', text: 'https://validator.w3.org/feed/docs/rss2.html' },
          { name: 'generator', text: generator },
          { name: 'language', text: channel.language },
          { name: 'copyright', text: channel.copyright },
          channel.feedUrls ? { name: 'atom:link', attributes: { href: channel.feedUrls.rss, rel: 'self', type: 'application/rss+xml' } } : null,
          ...items,
        ],
      },
    ],
  };
  return `${xmlDeclaration}\n${writeXml(rss)}`;
}

/** Atom 1.0. Titles and summaries are Atom's text constructs of type "text", so a reader shows them as the text they are; the body is HTML. */
function renderAtom(channel: FeedChannel, entries: readonly FeedEntry[]): string {
  const person = (name: string, uri: string): XmlElement => ({
    name: 'author',
    children: [
      { name: 'name', text: name },
      { name: 'uri', text: uri },
    ],
  });
  const feedEntries = entries.map(
    (entry): XmlElement => ({
      name: 'entry',
      children: [
        { name: 'title', attributes: { type: 'text' }, text: entry.headline },
        { name: 'id', text: entry.url },
        { name: 'link', attributes: { href: entry.url } },
        entry.image ? { name: 'link', attributes: { rel: 'enclosure', href: entry.image.url, type: 'image/jpeg', length: '0' } } : null,
        { name: 'updated', text: entry.updatedAt.toISOString() },
        { name: 'summary', attributes: { type: 'text' }, text: entry.standfirst },
        { name: 'content', attributes: { type: 'html' }, html: entry.contentHtml },
        ...entry.authors.map((author) => person(author.name, author.url)),
        { name: 'category', attributes: { label: entry.section.name, scheme: entry.section.url, term: entry.section.name } },
        { name: 'published', text: entry.publishedAt.toISOString() },
      ],
    }),
  );
  const feed: XmlElement = {
    name: 'feed',
    attributes: { xmlns: 'http://www.w3.org/2005/Atom' },
    children: [
      { name: 'id', text: channel.id },
      { name: 'title', text: channel.title },
      { name: 'updated', text: channel.updated.toISOString() },
      { name: 'generator', text: generator },
      // Atom wants an author for each entry; the publication stands in for an article without a byline.
      person(channel.publicationName, channel.pageUrl),
      { name: 'link', attributes: { rel: 'alternate', href: channel.pageUrl } },
      channel.feedUrls ? { name: 'link', attributes: { rel: 'self', href: channel.feedUrls.atom } } : null,
      { name: 'subtitle', text: channel.description },
      { name: 'rights', text: channel.copyright },
      ...feedEntries,
    ],
  };
  return `${xmlDeclaration}\n${writeXml(feed)}`;
}

/** JSON Feed 1.1, whose titles, summaries, names and tags are plain text by definition, and whose content_html is the body. */
function renderJsonFeed(channel: FeedChannel, entries: readonly FeedEntry[]): string {
  const authorsOf = (authors: FeedEntry['authors']) => authors.map((author) => ({ name: author.name, url: author.url }));
  return JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: channel.title,
      home_page_url: channel.pageUrl,
      ...(channel.feedUrls ? { feed_url: channel.feedUrls.json } : {}),
      description: channel.description,
      language: channel.language,
      authors: [{ name: channel.publicationName, url: channel.pageUrl }],
      items: entries.map((entry) => ({
        id: entry.url,
        url: entry.url,
        title: entry.headline,
        content_html: entry.contentHtml,
        summary: entry.standfirst,
        ...(entry.image ? { image: entry.image.url } : {}),
        date_published: entry.publishedAt.toISOString(),
        date_modified: entry.updatedAt.toISOString(),
        ...(entry.authors.length > 0 ? { authors: authorsOf(entry.authors) } : {}),
        tags: [entry.section.name],
      })),
    },
    null,
    2,
  );
}

/** One feed in one format, from its channel and entries (newest first). */
export function renderFeedDocument(format: FeedFormat, channel: FeedChannel, entries: readonly FeedEntry[]): string {
  switch (format) {
    case 'rss':
      return renderRss(channel, entries);
    case 'atom':
      return renderAtom(channel, entries);
    case 'json':
      return renderJsonFeed(channel, entries);
  }
}
