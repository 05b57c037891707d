import { escapeHtml } from '../../text/escape-html.ts';
import { parsePlaceholder, placeholderMark, type PlaceholderSlot } from './placeholders.ts';
import type { RenderedEdition } from './render-edition.ts';

/** One recipient's links: the token on each article's links, and their unsubscribe and preferences addresses. */
export type RecipientLinks = { newsletterToken: (articleId: number) => string; unsubscribeUrl: string; preferencesUrl: string };

export type PersonalisedEdition = RenderedEdition;

/** A rendered part cut at its holes: the text between them, and what fills each. `literals` has one more entry than `slots`. */
type CutPart = { literals: string[]; slots: PlaceholderSlot[] };

function cutAtPlaceholders(part: string): CutPart {
  const pieces = part.split(placeholderMark);
  if (pieces.length % 2 === 0) throw new Error('A rendered edition has an unclosed placeholder');
  const literals: string[] = [];
  const slots: PlaceholderSlot[] = [];
  pieces.forEach((piece, index) => {
    if (index % 2 === 0) {
      literals.push(piece);
      return;
    }
    const slot = parsePlaceholder(piece);
    if (slot === null) throw new Error(`A rendered edition has an unknown placeholder "${piece}"`);
    slots.push(slot);
  });
  return { literals, slots };
}

/** Each rendered edition is cut once, on its first recipient; the rest reuse the cut. */
const cuts = new WeakMap<RenderedEdition, { html: CutPart; text: CutPart }>();

function cutOf(rendered: RenderedEdition): { html: CutPart; text: CutPart } {
  const known = cuts.get(rendered);
  if (known) return known;
  const cut = { html: cutAtPlaceholders(rendered.html), text: cutAtPlaceholders(rendered.text) };
  cuts.set(rendered, cut);
  return cut;
}

function fill(cut: CutPart, fillingOf: (slot: PlaceholderSlot) => string): string {
  let result = cut.literals[0] ?? '';
  for (let index = 0; index < cut.slots.length; index += 1) {
    const slot = cut.slots[index];
    if (slot) result += fillingOf(slot) + (cut.literals[index + 1] ?? '');
  }
  return result;
}

/**
 * One recipient's copy of a rendered edition: its holes filled with their links, by joining the
 * rendered text around them (no rendering again). Each article's token is asked for once. Values
 * are escaped for where they stand: as HTML in the HTML part, as they are in the plain text.
 */
export function personaliseEdition(rendered: RenderedEdition, links: RecipientLinks): PersonalisedEdition {
  const cut = cutOf(rendered);
  const tokens = new Map<number, string>();
  const tokenOf = (articleId: number): string => {
    let token = tokens.get(articleId);
    if (token === undefined) {
      token = encodeURIComponent(links.newsletterToken(articleId));
      tokens.set(articleId, token);
    }
    return token;
  };
  const plainValueOf = (slot: PlaceholderSlot): string => {
    switch (slot.kind) {
      case 'article-token':
        return tokenOf(slot.articleId);
      case 'unsubscribe-url':
        return links.unsubscribeUrl;
      case 'preferences-url':
        return links.preferencesUrl;
    }
  };
  return {
    subject: rendered.subject,
    html: fill(cut.html, (slot) => escapeHtml(plainValueOf(slot))),
    text: fill(cut.text, plainValueOf),
    from: rendered.from,
  };
}
