import { randomBytes } from 'node:crypto';
import type { ContentCoding } from './page-encodings.ts';

/**
 * A rendered page with holes where a reader's own details go: their name, the token their forms
 * carry, their meter notice ("You have 2 free articles left this month"), and a subscriber's gifts
 * left this month ("You have 9 gifts left this month"). One rendering then
 * serves every reader who sees the page in the same state, and a request only fills the holes. The markers are random for each process, so no article, name or
 * setting can contain one.
 */
const markerPrefix = `dl-slot-${randomBytes(12).toString('hex')}`;
export const readerSlotMarkers = {
  name: `${markerPrefix}-name`,
  csrfToken: `${markerPrefix}-csrf`,
  notice: `${markerPrefix}-notice`,
  giftsLeft: `${markerPrefix}-gifts-left`,
} as const;

type ReaderSlot = keyof typeof readerSlotMarkers;

export type SlottedPage = {
  /** The page's bytes between the holes: one more than there are holes. */
  parts: readonly Buffer[];
  holes: readonly ReaderSlot[];
  /** The page compressed, kept once made; only a page without holes can be. */
  compressed: Partial<Record<ContentCoding, Buffer>>;
  /** The parts deflated one by one (gzip-parts.ts), kept once made: a page with holes goes out as gzip of these and its filled holes. */
  deflatedParts?: readonly Buffer[];
};

export type ReaderSlotValues = {
  name: string;
  notice: string;
  /** Only article pages with a subscriber's gift panel have this slot. */
  giftsLeft?: string;
  /** Asked for only when the page has a form that needs it. */
  csrfToken: () => string;
};

const slotOfMarker = new Map<string, ReaderSlot>(Object.entries(readerSlotMarkers).map(([slot, marker]) => [marker, slot as ReaderSlot]));
const markerPattern = new RegExp(Object.values(readerSlotMarkers).join('|'), 'g');

/** The bytes a page holds, for cache budgets. */
export function slottedPageBytes(page: SlottedPage): number {
  return page.parts.reduce((total, part) => total + part.length, 0);
}

export function toSlottedPage(html: string): SlottedPage {
  const parts: Buffer[] = [];
  const holes: ReaderSlot[] = [];
  let from = 0;
  for (const match of html.matchAll(markerPattern)) {
    parts.push(Buffer.from(html.slice(from, match.index)));
    const slot = slotOfMarker.get(match[0]);
    if (slot !== undefined) holes.push(slot);
    from = match.index + match[0].length;
  }
  parts.push(Buffer.from(html.slice(from)));
  return { parts, holes, compressed: {} };
}

// The same escaping the theme applies to every output.
const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => htmlEscapes[character] ?? character);

export function fillReaderSlots(page: SlottedPage, values: ReaderSlotValues): Buffer {
  const [first = Buffer.alloc(0)] = page.parts;
  if (page.holes.length === 0) return first;
  const pieces = [first];
  readerSlotTexts(page, values).forEach((text, index) => pieces.push(text, page.parts[index + 1] ?? Buffer.alloc(0)));
  return Buffer.concat(pieces);
}

/** What goes in each of the page's holes for this reader, escaped, in the order of the holes. */
export function readerSlotTexts(page: SlottedPage, values: ReaderSlotValues): Buffer[] {
  let csrfToken: string | null = null;
  const textOf = (slot: ReaderSlot): string => {
    if (slot === 'csrfToken') return (csrfToken ??= values.csrfToken());
    return values[slot] ?? '';
  };
  return page.holes.map((slot) => Buffer.from(escapeHtml(textOf(slot))));
}
