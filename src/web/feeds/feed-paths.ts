import type { Author, Section } from '../../content/article.ts';
import { authorPath, sectionPath } from '../../http/urls.ts';
import { feedFormatFiles, type FeedFormat } from './feed-document.ts';
import type { FeedAudience } from './feed-item-body.ts';

/** What a feed follows: the whole site, a section, an author, or the site in full for a subscriber. */
export type FeedScope =
  | { kind: 'site' }
  | { kind: 'section'; section: Section }
  | { kind: 'author'; author: Author }
  | { kind: 'private'; audience: FeedAudience };

/** The page a public feed follows; its feeds sit beside it: /feed.xml, /world/atom.xml, /authors/ada/feed.json. */
export function pagePathOf(scope: FeedScope): string {
  switch (scope.kind) {
    case 'site':
    case 'private':
      return '/';
    case 'section':
      return sectionPath(scope.section);
    case 'author':
      return authorPath(scope.author);
  }
}

/** A public feed's address in a format. */
export function feedPath(scope: Exclude<FeedScope, { kind: 'private' }>, format: FeedFormat): string {
  const page = pagePathOf(scope);
  return `${page === '/' ? '' : page}/${feedFormatFiles[format].file}`;
}

/** A private feed's address: the token is the whole of its protection, so it is only ever shown to its holder. */
export function privateFeedPath(token: string, format: FeedFormat): string {
  return `/feeds/private/${token}/${feedFormatFiles[format].file}`;
}
