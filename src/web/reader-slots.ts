import { randomBytes } from 'node:crypto';
import { deflatePiece, joinGzip, storedPiece } from './gzip-parts.ts';

/**
 * A rendered page with holes where a reader's own details go: their name, the token their forms
 * carry, their meter notice ("You have 2 free articles left this month"), and a subscriber's gifts
 * left this month ("You have 9 gifts left this month"). One rendering then serves every reader who
 * sees the page in the same state, and a request only fills the holes. One more hole takes the
 * stylesheet bundle of the page's kind, which every page carries inline: each bundle is made and
 * compressed once, and no kept page holds a copy of one; the hole names its bundle. The last takes
 * the banner of a reader whose payment is failing, the theme's markup, made once; it is filled per
 * request, so no kept page ever shows it to another reader. The markers are random for each process, so no article, name or setting
 * can contain one.
 */
const markerPrefix = `dl-slot-${randomBytes(12).toString('hex')}`;
export const readerSlotMarkers = {
  name: `${markerPrefix}-name`,
  csrfToken: `${markerPrefix}-csrf`,
  notice: `${markerPrefix}-notice`,
  giftsLeft: `${markerPrefix}-gifts-left`,
  paymentBanner: `${markerPrefix}-payment-banner`,
} as const;
const stylesheetMarkerPrefix = `${markerPrefix}-stylesheet-`;
/** The hole a page's stylesheet bundle goes in; bundle names are lowercase words and hyphens. */
export function stylesheetMarker(bundle: string): string {
  if (!/^[a-z0-9-]+$/.test(bundle)) throw new Error(`not a stylesheet bundle's name: ${bundle}`);
  return `${stylesheetMarkerPrefix}${bundle}`;
}

type ReaderSlot = keyof typeof readerSlotMarkers;
type PageHole = ReaderSlot | { stylesheet: string };

export type SlottedPage = {
  /** The page's bytes between the holes: one more than there are holes. */
  parts: readonly Buffer[];
  holes: readonly PageHole[];
  /** The parts deflated one by one (gzip-parts.ts), made before a page is kept: a kept page goes out as gzip of these and its filled holes. */
  deflatedParts?: readonly Buffer[];
};

/** A piece every page shares, as it is and deflated once. */
export type SharedPiece = { plain: Buffer; deflated: Buffer };

export type PageFill = {
  name: string;
  notice: string;
  /** Only article pages with a subscriber's gift panel have this slot. */
  giftsLeft?: string;
  /** Asked for only when the page has a form that needs it. */
  csrfToken: () => string;
  /** The shared bytes of the stylesheet bundle a hole names. */
  stylesheet: (bundle: string) => SharedPiece;
  /** The theme's payment-failed banner, for a reader whose payment is failing; null for everyone else. */
  paymentBanner: SharedPiece | null;
};

const slotOfMarker = new Map<string, ReaderSlot>(Object.entries(readerSlotMarkers).map(([slot, marker]) => [marker, slot as ReaderSlot] as const));
const markerPattern = new RegExp([...slotOfMarker.keys(), `${stylesheetMarkerPrefix}[a-z0-9-]+`].join('|'), 'g');
const holeOf = (marker: string): PageHole | undefined =>
  marker.startsWith(stylesheetMarkerPrefix) ? { stylesheet: marker.slice(stylesheetMarkerPrefix.length) } : slotOfMarker.get(marker);

/** The bytes a page holds, for cache budgets. */
export function slottedPageBytes(page: SlottedPage): number {
  return [...page.parts, ...(page.deflatedParts ?? [])].reduce((total, part) => total + part.length, 0);
}

export function toSlottedPage(html: string): SlottedPage {
  const parts: Buffer[] = [];
  const holes: PageHole[] = [];
  let from = 0;
  for (const match of html.matchAll(markerPattern)) {
    parts.push(Buffer.from(html.slice(from, match.index)));
    const hole = holeOf(match[0]);
    if (hole !== undefined) holes.push(hole);
    from = match.index + match[0].length;
  }
  parts.push(Buffer.from(html.slice(from)));
  return { parts, holes };
}

/** The page with its parts deflated at the highest level, as a page to be kept is: the work is done once. */
export function withDeflatedParts(page: SlottedPage): SlottedPage {
  return { ...page, deflatedParts: page.parts.map((part) => deflatePiece(part, 9)) };
}

/**
 * Liquid's escape filter, which the theme applies to every output, to the byte: a hole filled here
 * must read exactly as the theme would have written the same text there. Not the site's escapeHtml
 * (text/escape-html.ts), whose numeric references mean the same but are other bytes.
 */
const liquidEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
const escapeAsTheTheme = (text: string) => text.replace(/[&<>"']/g, (character) => liquidEscapes[character] ?? character);

const emptyPiece: SharedPiece = { plain: Buffer.alloc(0), deflated: storedPiece(Buffer.alloc(0)) };

/** What fills each hole for this reader, in the order of the holes: a reader's details escaped, or a shared stylesheet bundle. */
function holeFills(page: SlottedPage, fill: PageFill): SharedPiece[] {
  let csrfToken: string | null = null;
  const textOf = (slot: Exclude<ReaderSlot, 'paymentBanner'>): string => {
    if (slot !== 'csrfToken') return fill[slot] ?? '';
    csrfToken ??= fill.csrfToken();
    return csrfToken;
  };
  return page.holes.map((hole) => {
    if (typeof hole === 'object') return fill.stylesheet(hole.stylesheet);
    // Markup of the theme's own, not text: it goes in as it is, or not at all.
    if (hole === 'paymentBanner') return fill.paymentBanner ?? emptyPiece;
    const plain = Buffer.from(escapeAsTheTheme(textOf(hole)));
    return { plain, deflated: storedPiece(plain) };
  });
}

/** The page as it is, holes filled. */
export function fillReaderSlots(page: SlottedPage, fill: PageFill): Buffer {
  const pieces = [page.parts[0] ?? Buffer.alloc(0)];
  holeFills(page, fill).forEach(({ plain }, index) => {
    pieces.push(plain, page.parts[index + 1] ?? Buffer.alloc(0));
  });
  return Buffer.concat(pieces);
}

/**
 * The page gzipped, holes filled: a kept page's parts were deflated once; a page made for one
 * request is deflated quickly, since the work is thrown away with it.
 */
export function gzipReaderSlots(page: SlottedPage, fill: PageFill): Buffer {
  const deflatedParts = page.deflatedParts ?? page.parts.map((part) => deflatePiece(part, 1));
  const partAt = (index: number): SharedPiece => ({ plain: page.parts[index] ?? Buffer.alloc(0), deflated: deflatedParts[index] ?? Buffer.alloc(0) });
  const pieces = [partAt(0)];
  holeFills(page, fill).forEach((filled, index) => {
    pieces.push(filled, partAt(index + 1));
  });
  return joinGzip(pieces);
}
