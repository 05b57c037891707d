import { escapeHtml } from '../../text/escape-html.ts';
import { parsePlaceholder, placeholderMark, type PlaceholderSlot } from './placeholders.ts';
import type { RenderedEdition } from './render-edition.ts';

/** One recipient's links: the token on each article's links, and their unsubscribe and preferences addresses. */
export type RecipientLinks = { newsletterToken: (articleId: number) => string; unsubscribeUrl: string; preferencesUrl: string };

export type PersonalisedEdition = RenderedEdition;

/**
 * A rendered edition cut at its holes, once for all its recipients: `slots` lists each distinct
 * hole, and each part is its text between holes (`literals`, one more than `fills`) and, for each
 * hole in it, the index of its slot. The sender composes its MIME from the cut too, encoding the
 * literals once (delivery/edition-mime.ts).
 */
export type CutEdition = { slots: PlaceholderSlot[]; html: CutPart; text: CutPart };
export type CutPart = { literals: string[]; fills: number[] };

function cutAtPlaceholders(part: string, slotIndex: Map<string, number>, slots: PlaceholderSlot[]): CutPart {
  const pieces = part.split(placeholderMark);
  if (pieces.length % 2 === 0) throw new Error('A rendered edition has an unclosed placeholder');
  const literals: string[] = [];
  const fills: number[] = [];
  pieces.forEach((piece, index) => {
    if (index % 2 === 0) {
      literals.push(piece);
      return;
    }
    let known = slotIndex.get(piece);
    if (known === undefined) {
      const slot = parsePlaceholder(piece);
      if (slot === null) throw new Error(`A rendered edition has an unknown placeholder "${piece}"`);
      known = slots.push(slot) - 1;
      slotIndex.set(piece, known);
    }
    fills.push(known);
  });
  return { literals, fills };
}

/** Each rendered edition is cut once, on its first recipient; the rest reuse the cut. */
const cuts = new WeakMap<RenderedEdition, CutEdition>();

export function cutEdition(rendered: RenderedEdition): CutEdition {
  const known = cuts.get(rendered);
  if (known) return known;
  const slotIndex = new Map<string, number>();
  const slots: PlaceholderSlot[] = [];
  const html = cutAtPlaceholders(rendered.html, slotIndex, slots);
  const cut = { slots, html, text: cutAtPlaceholders(rendered.text, slotIndex, slots) };
  cuts.set(rendered, cut);
  return cut;
}

/** A part with each hole filled with its slot's value. */
export function fillPart({ literals, fills }: CutPart, values: readonly string[]): string {
  let result = literals[0] ?? '';
  for (let index = 0; index < fills.length; index += 1) result += (values[fills[index] ?? -1] ?? '') + (literals[index + 1] ?? '');
  return result;
}

function plainValueOf(slot: PlaceholderSlot, links: RecipientLinks): string {
  switch (slot.kind) {
    case 'article-token':
      return encodeURIComponent(links.newsletterToken(slot.articleId));
    case 'unsubscribe-url':
      return links.unsubscribeUrl;
    case 'preferences-url':
      return links.preferencesUrl;
  }
}

/**
 * One recipient's value for each of the cut's slots, as it stands in each part: escaped as HTML in
 * the HTML part, as it is in the plain text. Each is worked out once (each article's token asked
 * for once).
 */
export function slotValuesOf(cut: CutEdition, links: RecipientLinks): { html: string[]; text: string[] } {
  const text = cut.slots.map((slot) => plainValueOf(slot, links));
  return { html: text.map(escapeHtml), text };
}

/**
 * One recipient's copy of a rendered edition: its holes filled with their links, by joining the
 * rendered text around them (no rendering again).
 */
export function personaliseEdition(rendered: RenderedEdition, links: RecipientLinks): PersonalisedEdition {
  const cut = cutEdition(rendered);
  const values = slotValuesOf(cut, links);
  return {
    subject: rendered.subject,
    html: fillPart(cut.html, values.html),
    text: fillPart(cut.text, values.text),
    from: rendered.from,
  };
}
