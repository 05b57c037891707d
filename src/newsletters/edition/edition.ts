import type { NewsletterTemplate } from '../newsletter-tables.ts';

/**
 * What a reader who is not entitled gets of an article in a message, as the site's access rules
 * decide it: all of it ('free'), the preview and a link that counts on their meter ('metered'), or
 * the preview and a link to subscribe ('locked').
 */
export type EditionAccess = 'free' | 'metered' | 'locked';

/** The lead image as a message shows it: one JPEG rendition from the site, by its absolute address. */
export type EditionLeadImage = { url: string; alt: string; caption: string; credit: string };

/** One article of a send, with both cuts of its body made before anything renders it. */
export type EditionArticle = {
  id: number;
  /** The article's absolute address on the site, without a query: links add `?nl=<token>`. */
  url: string;
  headline: string;
  standfirst: string;
  /** The authors' names, joined as a byline reads. */
  byline: string;
  dateline: string | null;
  sectionName: string;
  leadImage: EditionLeadImage | null;
  access: EditionAccess;
  /** The tier (slug) a subscribers-only article requires; null for none. The full copy goes only to readers holding it. */
  requiredTier: string | null;
  /** The whole body: sanitized HTML with absolute links. */
  fullHtml: string;
  /** What a reader who is not entitled may see: the site's preview cut (all of a free article). */
  previewHtml: string;
};

export type EditionNewsletter = { id: number; slug: string; name: string; senderName: string; senderEmail: string; template: NewsletterTemplate };

/** One send as its messages show it: the same for every recipient until the variant and the recipient's links are chosen. */
export type Edition = {
  sendId: number;
  newsletter: EditionNewsletter;
  subject: string;
  /** The editor's note, rendered from Markdown and sanitized; null for none. */
  introHtml: string | null;
  articles: EditionArticle[];
  siteName: string;
  siteUrl: URL;
};
