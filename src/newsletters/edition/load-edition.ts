import { decideAccess } from '../../access/decide-access.ts';
import type { Reader } from '../../access/reader.ts';
import { listArticleBodies, type ArticleBody } from '../../content/article-bodies.ts';
import type { ArticleSummary, Image } from '../../content/article.ts';
import { listPublishedArticles } from '../../content/article-repository.ts';
import type { BodyBlock } from '../../content/body-blocks.ts';
import { renditionFileName, widthsFor } from '../../content/image-renditions.ts';
import { renderBody } from '../../content/markdown.ts';
import type { Database } from '../../db/database.ts';
import { cutBody } from '../../reading/preview-cut.ts';
import { articleAccessOf } from '../../reading/read-article.ts';
import { readPublicationSettings } from '../../settings/settings-repository.ts';
import { escapeHtml } from '../../text/escape-html.ts';
import type { Edition, EditionAccess, EditionArticle, EditionLeadImage } from './edition.ts';

/**
 * A message can be forwarded, so what an unentitled recipient's copy shows is what the site shows a
 * reader it knows nothing of, whose meter is spent: free articles whole, every other one cut to its
 * preview. Opening the link then credits the recipient's own meter on the site.
 */
const strangerWithASpentMeter: { reader: Reader; settings: { meterLimits: { anonymous: number; registered: number } } } = {
  reader: { kind: 'anonymous' },
  settings: { meterLimits: { anonymous: 0, registered: 0 } },
};

/** Decided by the site's own rule (decideAccess), not a copy of it: a wall that is the meter's is 'metered', any other 'locked'. */
function accessForStranger(article: ArticleSummary, now: Date): EditionAccess {
  const decision = decideAccess({
    article: articleAccessOf(article),
    reader: strangerWithASpentMeter.reader,
    meter: null,
    settings: strangerWithASpentMeter.settings,
    meterRules: [],
    visit: { source: 'newsletter', campaign: null },
    timeZone: 'UTC',
    now,
  });
  if (decision.access === 'full') return 'free';
  return decision.wall.kind === 'meter-exhausted' ? 'metered' : 'locked';
}

/** Mail clients fetch one image, so the message names the JPEG rendition wide enough for a 600px column on a dense screen. */
const leadImageWidth = 1200;

function leadImageUrl(image: Image, siteUrl: URL): string {
  const widths = widthsFor(image.width);
  const width = widths.find((candidate) => candidate >= leadImageWidth) ?? widths[widths.length - 1] ?? image.width;
  return new URL(`media/${renditionFileName(image.key, width, 'jpeg')}`, siteUrl).toString();
}

/** An address on the site; the same path http/urls.ts's articlePath gives, which a domain may not import. */
function articleUrl(article: ArticleSummary, siteUrl: URL): string {
  return new URL(`${encodeURIComponent(article.section.slug)}/${encodeURIComponent(article.slug)}`, siteUrl).toString();
}

const hrefPattern = / href="([^"]*)"/g;
const hasScheme = /^[a-z][a-z0-9+.-]*:/i;

/** A mail client has no page to resolve a relative link against, so every link in the body is made absolute. */
function withAbsoluteLinks(html: string, siteUrl: URL): string {
  return html.replace(hrefPattern, (whole, href: string) => {
    if (hasScheme.test(href) || href.startsWith('#')) return whole;
    const decoded = href.replaceAll('&amp;', '&');
    return ` href="${escapeHtml(new URL(decoded, siteUrl).toString())}"`;
  });
}

function joinBlocks(blocks: readonly BodyBlock[], siteUrl: URL): string {
  return blocks.map((block) => withAbsoluteLinks(block.html, siteUrl)).join('\n');
}

function toEditionArticle(summary: ArticleSummary, body: ArticleBody, { siteUrl, now }: { siteUrl: URL; now: Date }): EditionArticle {
  const article = { ...summary, ...body };
  // The site's preview cut, made before anything renders: the preview variant is never given the locked blocks.
  const full = cutBody(article, { access: 'full' });
  const preview = cutBody(article, { access: 'preview' });
  const lead = summary.leadImage;
  const leadImage: EditionLeadImage | null =
    lead === null ? null : { url: leadImageUrl(lead.image, siteUrl), alt: lead.image.alt, caption: lead.caption, credit: lead.credit };
  return {
    id: summary.id,
    url: articleUrl(summary, siteUrl),
    headline: summary.headline,
    standfirst: summary.standfirst,
    byline: summary.authors.map((author) => author.name).join(', '),
    dateline: summary.dateline.trim() === '' ? null : summary.dateline.trim(),
    sectionName: summary.section.name,
    leadImage,
    access: accessForStranger(summary, now),
    requiredTier: summary.requiredTier?.slug ?? null,
    fullHtml: joinBlocks([...full.open, ...full.locked], siteUrl),
    previewHtml: joinBlocks(preview.open, siteUrl),
  };
}

/**
 * A send as its messages show it, from the database: its newsletter, subject and intro, and its
 * published articles in the send's order (an article unpublished since the send was composed is
 * left out). Null when there is no such send.
 */
export async function loadEdition(db: Database, sendId: number, { siteUrl, now = new Date() }: { siteUrl: URL; now?: Date }): Promise<Edition | null> {
  const send = await db
    .selectFrom('newsletter_sends as s')
    .innerJoin('newsletters as n', 'n.id', 's.newsletter_id')
    .select(['s.id', 's.subject', 's.intro', 'n.id as newsletter_id', 'n.slug', 'n.name', 'n.sender_name', 'n.sender_email', 'n.template'])
    .where('s.id', '=', sendId)
    .executeTakeFirst();
  if (!send) return null;
  const positions = await db
    .selectFrom('newsletter_send_articles')
    .select('article_id')
    .where('send_id', '=', sendId)
    .orderBy('position')
    .orderBy('article_id')
    .execute();
  const ids = positions.map((row) => row.article_id);
  const [summaries, bodies, publication] = await Promise.all([
    ids.length === 0 ? Promise.resolve([]) : listPublishedArticles(db, { ids, now, limit: ids.length }),
    listArticleBodies(db, ids),
    readPublicationSettings(db),
  ]);
  const summaryById = new Map(summaries.map((summary) => [summary.id, summary]));
  const articles: EditionArticle[] = [];
  for (const id of ids) {
    const summary = summaryById.get(id);
    const body = bodies.get(id);
    if (summary && body) articles.push(toEditionArticle(summary, body, { siteUrl, now }));
  }
  const intro = send.intro?.trim() ?? '';
  return {
    sendId: send.id,
    newsletter: {
      id: send.newsletter_id,
      slug: send.slug,
      name: send.name,
      senderName: send.sender_name,
      senderEmail: send.sender_email,
      template: send.template,
    },
    subject: send.subject,
    introHtml: intro === '' ? null : joinBlocks(renderBody(intro).blocks, siteUrl),
    articles,
    siteName: publication.name,
    siteUrl,
  };
}
