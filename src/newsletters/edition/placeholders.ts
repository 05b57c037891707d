/**
 * The holes a rendered edition leaves for each recipient's own values, filled by personaliseEdition
 * without rendering again. A hole is its slot's name between two U+E000 characters (a private-use
 * character no language writes): `a<article id>` for the token on that article's links, `u` for
 * the unsubscribe address, `p` for the preferences address. Rendering strips the character from
 * everything it is given, so no article or intro can make a hole of its own.
 */
export const placeholderMark = '\uE000';

export type PlaceholderSlot = { kind: 'article-token'; articleId: number } | { kind: 'unsubscribe-url' } | { kind: 'preferences-url' };

export const unsubscribePlaceholder = `${placeholderMark}u${placeholderMark}`;
export const preferencesPlaceholder = `${placeholderMark}p${placeholderMark}`;

export function articleTokenPlaceholder(articleId: number): string {
  return `${placeholderMark}a${articleId}${placeholderMark}`;
}

/** The slot a hole's name names, or null for a name rendering never writes. */
export function parsePlaceholder(name: string): PlaceholderSlot | null {
  if (name === 'u') return { kind: 'unsubscribe-url' };
  if (name === 'p') return { kind: 'preferences-url' };
  if (/^a[1-9][0-9]{0,15}$/.test(name)) return { kind: 'article-token', articleId: Number(name.slice(1)) };
  return null;
}

/** Text with the mark taken out, so it can hold no hole. */
export function withoutPlaceholderMarks(text: string): string {
  return text.includes(placeholderMark) ? text.replaceAll(placeholderMark, '') : text;
}
