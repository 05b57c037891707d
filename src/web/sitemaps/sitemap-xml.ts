/**
 * The XML of sitemaps (sitemaps.org 0.9) and of Google's News extension, from plain data: absolute
 * addresses, titles and times. Every text is escaped, and characters XML 1.0 cannot carry at all
 * (control characters, lone surrogates) are dropped, so no headline can break the document.
 */

export type SitemapEntry = { loc: string; lastModified: Date | null };

export type NewsSitemapEntry = { loc: string; title: string; publishedAt: Date };

export type NewsPublication = { name: string; language: string };

const sitemapNamespace = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const newsNamespace = 'http://www.google.com/schemas/sitemap-news/0.9';
const declaration = '<?xml version="1.0" encoding="UTF-8"?>';

// Exactly the characters XML 1.0 forbids in a document.
// biome-ignore lint/suspicious/noControlCharactersInRegex: those characters are what this finds
const notInXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text.replace(notInXml, '').replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** W3C Datetime, as both the protocol and the News extension ask. */
const w3cTime = (time: Date) => time.toISOString();

const lastmodOf = (time: Date | null) => (time === null ? '' : `<lastmod>${w3cTime(time)}</lastmod>`);

/** A sitemap index: the sitemaps a search engine should fetch, each with when it last changed. */
export function renderSitemapIndex(sitemaps: readonly SitemapEntry[]): string {
  return [
    declaration,
    `<sitemapindex xmlns="${sitemapNamespace}">`,
    ...sitemaps.map((sitemap) => `<sitemap><loc>${escapeXml(sitemap.loc)}</loc>${lastmodOf(sitemap.lastModified)}</sitemap>`),
    '</sitemapindex>',
    '',
  ].join('\n');
}

/** A set of pages and when each last changed. */
export function renderUrlSet(urls: readonly SitemapEntry[]): string {
  return [
    declaration,
    `<urlset xmlns="${sitemapNamespace}">`,
    ...urls.map((url) => `<url><loc>${escapeXml(url.loc)}</loc>${lastmodOf(url.lastModified)}</url>`),
    '</urlset>',
    '',
  ].join('\n');
}

/** Google News: the recent articles, each with the publication, its language, time and title. */
export function renderNewsSitemap({ publication, entries }: { publication: NewsPublication; entries: readonly NewsSitemapEntry[] }): string {
  const name = escapeXml(publication.name);
  const language = escapeXml(publication.language);
  return [
    declaration,
    `<urlset xmlns="${sitemapNamespace}" xmlns:news="${newsNamespace}">`,
    ...entries.map(
      (entry) =>
        `<url><loc>${escapeXml(entry.loc)}</loc><news:news><news:publication><news:name>${name}</news:name><news:language>${language}</news:language></news:publication>` +
        `<news:publication_date>${w3cTime(entry.publishedAt)}</news:publication_date><news:title>${escapeXml(entry.title)}</news:title></news:news></url>`,
    ),
    '</urlset>',
    '',
  ].join('\n');
}

/**
 * The language as Google News names it: the ISO 639 code of the publication's locale, except
 * Chinese, which it wants as zh-cn (simplified) or zh-tw (traditional).
 */
export function newsLanguageOf(locale: string): string {
  const parsed = new Intl.Locale(locale).maximize();
  if (parsed.language !== 'zh') return parsed.language;
  return parsed.script === 'Hant' ? 'zh-tw' : 'zh-cn';
}
