/**
 * Cursors of the API's lists, opaque to apps: base64url of a tagged text. A list of articles
 * continues after the last article sent (its publication time and id, the order the list is in);
 * search results, ranked by relevance rather than time, continue from a position. Each list takes
 * only its own kind, and anything that does not read back exactly is refused.
 */
export type ArticleCursor = { kind: 'articles'; publishedAt: Date; id: number };
export type SearchCursor = { kind: 'search'; offset: number };
export type Cursor = ArticleCursor | SearchCursor;

const articlePattern = /^a1\|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([1-9]\d{0,15})$/;
const searchPattern = /^s1\|(0|[1-9]\d{0,6})$/;
const maximumCursorLength = 80;

export function encodeCursor(cursor: Cursor): string {
  const text = cursor.kind === 'articles' ? `a1|${cursor.publishedAt.toISOString()}|${cursor.id}` : `s1|${cursor.offset}`;
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** The text a cursor carries, or null when it is not one we could have written. */
function readCursorText(value: string): string | null {
  if (value.length === 0 || value.length > maximumCursorLength || !/^[A-Za-z0-9_-]+$/.test(value)) return null;
  const text = Buffer.from(value, 'base64url').toString('utf8');
  // Base64url has more than one spelling of some texts; only the one we write is taken.
  return Buffer.from(text, 'utf8').toString('base64url') === value ? text : null;
}

/** Where a list of articles continues, or null for anything that is not such a cursor. */
export function decodeArticleCursor(value: string): ArticleCursor | null {
  const match = articlePattern.exec(readCursorText(value) ?? '');
  if (!match) return null;
  const [, iso = '', id = ''] = match;
  const publishedAt = new Date(iso);
  if (Number.isNaN(publishedAt.getTime()) || publishedAt.toISOString() !== iso || !Number.isSafeInteger(Number(id))) return null;
  return { kind: 'articles', publishedAt, id: Number(id) };
}

/** Where search results continue, or null for anything that is not such a cursor. */
export function decodeSearchCursor(value: string): SearchCursor | null {
  const match = searchPattern.exec(readCursorText(value) ?? '');
  return match ? { kind: 'search', offset: Number(match[1]) } : null;
}
