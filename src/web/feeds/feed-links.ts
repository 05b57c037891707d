import { feedFormatFiles, feedFormats } from './feed-document.ts';
import { feedPath, type FeedScope } from './feed-paths.ts';

/** A <link rel="alternate"> in a page's head, by which feed readers find its feeds. */
export type FeedLinkView = { type: string; title: string; url: string };

/** A public feed's three formats, titled as a feed reader lists them: "World | The Courier (Atom)". */
export function feedLinksFor(scope: Exclude<FeedScope, { kind: 'private' }>, title: string): FeedLinkView[] {
  return feedFormats.map((format) => ({
    type: feedFormatFiles[format].contentType.split(';')[0] ?? '',
    title: `${title} (${feedFormatFiles[format].label})`,
    url: feedPath(scope, format),
  }));
}
