import juice from 'juice';
import { escapeHtml } from '../../text/escape-html.ts';
import type { DeliveryVariant } from '../newsletter-tables.ts';
import type { Edition, EditionArticle } from './edition.ts';
import { articleTokenPlaceholder, preferencesPlaceholder, unsubscribePlaceholder, withoutPlaceholderMarks } from './placeholders.ts';
import { plainTextOf } from './plain-text.ts';

/** One copy of a send for one variant, with holes for each recipient's links (placeholders.ts). */
export type RenderedEdition = { subject: string; html: string; text: string; from: { name: string; address: string } };

/** Words as HTML shows them, quotes included, for elements and attributes alike. */
const escaped = escapeHtml;

/** The edition with the placeholder mark taken out of every word it holds, so only rendering makes holes. */
function withoutMarks(edition: Edition): Edition {
  const clean = withoutPlaceholderMarks;
  return {
    ...edition,
    newsletter: { ...edition.newsletter, name: clean(edition.newsletter.name) },
    subject: clean(edition.subject),
    introHtml: edition.introHtml === null ? null : clean(edition.introHtml),
    siteName: clean(edition.siteName),
    articles: edition.articles.map((article) => ({
      ...article,
      url: clean(article.url),
      headline: clean(article.headline),
      standfirst: clean(article.standfirst),
      byline: clean(article.byline),
      dateline: article.dateline === null ? null : clean(article.dateline),
      sectionName: clean(article.sectionName),
      leadImage:
        article.leadImage === null
          ? null
          : {
              url: clean(article.leadImage.url),
              alt: clean(article.leadImage.alt),
              caption: clean(article.leadImage.caption),
              credit: clean(article.leadImage.credit),
            },
      fullHtml: clean(article.fullHtml),
      previewHtml: clean(article.previewHtml),
    })),
  };
}

/** Whether this copy gives the article whole: every copy does a free article, only a full copy the others. */
function isWhole(article: EditionArticle, variant: DeliveryVariant): boolean {
  return variant === 'full' || article.access === 'free';
}

function bodyOf(article: EditionArticle, variant: DeliveryVariant): string {
  // The preview copy is built from previewHtml alone: the locked blocks are not in what it reads.
  return isWhole(article, variant) ? article.fullHtml : article.previewHtml;
}

function callToActionOf(article: EditionArticle): string {
  return article.access === 'metered' ? 'Continue reading' : 'Subscribe to read';
}

/** The article's link in this copy: its address and the recipient's token, filled in per recipient. */
function articleLink(article: EditionArticle): string {
  return `${article.url}?nl=${articleTokenPlaceholder(article.id)}`;
}

/**
 * The styles juice writes onto each element (most mail clients drop a <style> element); the two
 * media queries stay in the head for the clients that keep them: narrow screens and dark mode.
 * Colours are set on every block, so a client that inverts colours inverts all of them together.
 */
const stylesheet = `
body { margin: 0; padding: 0; background-color: #f3f1ec; color: #1b1b1b; -webkit-text-size-adjust: 100%; }
.outer { width: 100%; background-color: #f3f1ec; }
.column { width: 600px; max-width: 100%; background-color: #ffffff; }
.masthead { padding: 24px 24px 4px 24px; font-family: Helvetica, Arial, sans-serif; font-size: 13px; letter-spacing: 0.06em; text-transform: uppercase; color: #5a5a5a; }
.subject { padding: 0 24px 8px 24px; font-family: Georgia, 'Times New Roman', serif; font-size: 28px; line-height: 1.2; font-weight: bold; color: #1b1b1b; }
.intro { padding: 8px 24px 8px 24px; font-family: Georgia, 'Times New Roman', serif; font-size: 17px; line-height: 1.55; color: #1b1b1b; }
.article { padding: 24px; border-top: 1px solid #dddad2; font-family: Georgia, 'Times New Roman', serif; color: #1b1b1b; overflow-wrap: break-word; word-wrap: break-word; }
.lead-image { display: block; width: 100%; max-width: 552px; height: auto; border: 0; }
.caption { margin: 6px 0 0 0; font-family: Helvetica, Arial, sans-serif; font-size: 12px; line-height: 1.4; color: #5a5a5a; }
.kicker { margin: 16px 0 4px 0; font-family: Helvetica, Arial, sans-serif; font-size: 12px; letter-spacing: 0.06em; text-transform: uppercase; color: #8a1c1c; }
.headline { margin: 0 0 8px 0; font-size: 26px; line-height: 1.2; font-weight: bold; }
.briefing .headline { font-size: 20px; }
.headline a { color: #1b1b1b; text-decoration: none; }
.standfirst { margin: 0 0 8px 0; font-size: 18px; line-height: 1.4; color: #3a3a3a; }
.byline { margin: 0 0 12px 0; font-family: Helvetica, Arial, sans-serif; font-size: 13px; color: #5a5a5a; }
.body p, .body li { font-size: 17px; line-height: 1.55; }
.body h2, .body h3, .body h4 { font-size: 19px; line-height: 1.3; margin: 20px 0 8px 0; }
.body a { color: #8a1c1c; }
.body blockquote { margin: 16px 0; padding: 0 0 0 12px; border-left: 3px solid #c9c5bb; color: #3a3a3a; }
.body pre { white-space: pre-wrap; word-break: break-word; font-size: 14px; }
.body table { border-collapse: collapse; }
.body th, .body td { padding: 4px 8px; border: 1px solid #dddad2; text-align: left; }
.read-on { margin: 16px 0 0 0; }
.button { display: inline-block; padding: 12px 20px; border-radius: 4px; background-color: #8a1c1c; color: #ffffff; font-family: Helvetica, Arial, sans-serif; font-size: 15px; font-weight: bold; text-decoration: none; }
.footer { padding: 24px; font-family: Helvetica, Arial, sans-serif; font-size: 13px; line-height: 1.5; color: #5a5a5a; }
.footer a { color: #5a5a5a; }
@media screen and (max-width: 620px) {
  .column { width: 100% !important; }
  .masthead, .subject, .intro, .article, .footer { padding-left: 16px !important; padding-right: 16px !important; }
  .subject { font-size: 24px !important; }
  .headline { font-size: 22px !important; }
}
@media (prefers-color-scheme: dark) {
  body, .outer { background-color: #111111 !important; }
  .column { background-color: #1c1c1c !important; }
  .subject, .intro, .article, .headline a { color: #ececec !important; }
  .standfirst, .body blockquote { color: #cfcfcf !important; }
  .masthead, .caption, .byline, .footer, .footer a { color: #b0b0b0 !important; }
  .kicker, .body a { color: #f08a8a !important; }
}
`;

/** Kept out of sight: the few words a mail client shows beside the subject, then padding so the body does not follow them. */
function preheaderOf(edition: Edition): string {
  const standfirst = edition.articles.find((article) => article.standfirst.trim() !== '')?.standfirst ?? '';
  if (standfirst === '') return '';
  return `<div class="preheader" style="display:none;max-height:0;overflow:hidden;mso-hide:all;font-size:1px;line-height:1px;color:transparent;opacity:0">${escaped(standfirst)}${'&#8204;&#160;'.repeat(40)}</div>`;
}

function leadImageHtml(article: EditionArticle): string {
  const lead = article.leadImage;
  if (lead === null) return '';
  const words = [lead.caption, lead.credit].filter((part) => part.trim() !== '').join(' ');
  return (
    `<a href="${escaped(articleLink(article))}"><img class="lead-image" src="${escaped(lead.url)}" width="552" alt="${escaped(lead.alt)}"></a>` +
    (words === '' ? '' : `<p class="caption">${escaped(words)}</p>`)
  );
}

function bylineOf(article: EditionArticle): string {
  return [article.byline.trim() === '' ? '' : `By ${article.byline}`, article.dateline?.toUpperCase() ?? ''].filter((part) => part !== '').join(' · ');
}

function articleHtml(article: EditionArticle, edition: Edition, variant: DeliveryVariant): string {
  const link = escaped(articleLink(article));
  const byline = bylineOf(article);
  const readOn = isWhole(article, variant)
    ? ''
    : `<p class="read-on"><a class="button" href="${link}">${escaped(callToActionOf(article))} on ${escaped(edition.siteName)}</a></p>`;
  return [
    `<tr><td class="article${edition.newsletter.template === 'briefing' ? ' briefing' : ''}">`,
    edition.newsletter.template === 'edition' ? leadImageHtml(article) : '',
    `<p class="kicker">${escaped(article.sectionName)}</p>`,
    `<h2 class="headline"><a href="${link}">${escaped(article.headline)}</a></h2>`,
    article.standfirst.trim() === '' ? '' : `<p class="standfirst">${escaped(article.standfirst)}</p>`,
    byline === '' ? '' : `<p class="byline">${escaped(byline)}</p>`,
    `<div class="body">${bodyOf(article, variant)}</div>`,
    readOn,
    '</td></tr>',
  ].join('\n');
}

function footerHtml(edition: Edition): string {
  return [
    '<tr><td class="footer">',
    `<p>You receive ${escaped(edition.newsletter.name)} because you signed up for it at ${escaped(edition.siteName)}.</p>`,
    `<p><a href="${preferencesPlaceholder}">Manage your newsletters</a> · <a href="${unsubscribePlaceholder}">Unsubscribe</a></p>`,
    `<p><a href="${escaped(edition.siteUrl.toString())}">${escaped(edition.siteName)}</a></p>`,
    '</td></tr>',
  ].join('\n');
}

/** An article's own send is subjected with its headline; the message then shows the headline once, over the article. */
function repeatsHeadline(edition: Edition): boolean {
  return edition.articles.length === 1 && edition.articles[0]?.headline === edition.subject;
}

function htmlOf(edition: Edition, variant: DeliveryVariant): string {
  const body = [
    '<!doctype html>',
    '<html>',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<meta name="supported-color-schemes" content="light dark">',
    `<title>${escaped(edition.subject)}</title>`,
    `<style>${stylesheet}</style>`,
    '</head>',
    '<body>',
    preheaderOf(edition),
    '<table role="presentation" class="outer" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center">',
    '<table role="presentation" class="column" width="600" cellpadding="0" cellspacing="0" border="0">',
    `<tr><td class="masthead">${escaped(edition.siteName)} · ${escaped(edition.newsletter.name)}</td></tr>`,
    repeatsHeadline(edition) ? '' : `<tr><td class="subject">${escaped(edition.subject)}</td></tr>`,
    edition.introHtml === null ? '' : `<tr><td class="intro">${edition.introHtml}</td></tr>`,
    ...edition.articles.map((article) => articleHtml(article, edition, variant)),
    footerHtml(edition),
    '</table>',
    '</td></tr></table>',
    '</body>',
    '</html>',
  ];
  return juice(body.filter((line) => line !== '').join('\n'), {
    preserveMediaQueries: true,
    removeStyleTags: true,
    applyWidthAttributes: false,
    applyHeightAttributes: false,
  });
}

function underline(line: string): string {
  return `${line}\n${'='.repeat(Math.min(line.length, 70))}`;
}

function articleText(article: EditionArticle, variant: DeliveryVariant): string {
  const link = articleLink(article);
  const byline = bylineOf(article);
  const parts = [
    `${article.sectionName.toUpperCase()}\n${underline(article.headline)}`,
    article.standfirst,
    byline,
    plainTextOf(bodyOf(article, variant)),
    isWhole(article, variant) ? `Read it on the site: ${link}` : `${callToActionOf(article)}: ${link}`,
  ];
  return parts
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join('\n\n');
}

function textOf(edition: Edition, variant: DeliveryVariant): string {
  const parts = [
    `${edition.siteName} · ${edition.newsletter.name}`,
    repeatsHeadline(edition) ? '' : underline(edition.subject),
    edition.introHtml === null ? '' : plainTextOf(edition.introHtml),
    ...edition.articles.map((article) => articleText(article, variant)),
    '---',
    `You receive ${edition.newsletter.name} because you signed up for it at ${edition.siteName}.`,
    `Manage your newsletters: ${preferencesPlaceholder}`,
    `Unsubscribe: ${unsubscribePlaceholder}`,
    `${edition.siteName}: ${edition.siteUrl.toString()}`,
  ];
  return `${parts.filter((part) => part.trim() !== '').join('\n\n')}\n`;
}

/** A header's words on one line: a line break in a subject or a sender's name would start a header of its own. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/**
 * The message for one variant of a send, rendered once for all its recipients: HTML with its CSS
 * inlined by juice (one 600px column that narrows to a phone's width) and a plain-text part. A
 * preview copy gives each metered or locked article only its preview and a link to read on; a full
 * copy gives every article whole. Each recipient's links are holes filled by personaliseEdition.
 */
export function renderEdition(edition: Edition, variant: DeliveryVariant): RenderedEdition {
  const clean = withoutMarks(edition);
  return {
    subject: oneLine(edition.subject),
    html: htmlOf(clean, variant),
    text: textOf(clean, variant),
    from: { name: oneLine(edition.newsletter.senderName), address: edition.newsletter.senderEmail.trim() },
  };
}
