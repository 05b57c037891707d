import { escapeHtml } from '../../text/escape-html.ts';

/** Opens the first paragraph with the dateline, as a printed paper does: "LISBON — The talks…". */
export function setDateline(blocks: readonly string[], dateline: string): string[] {
  const place = dateline.trim();
  const firstParagraph = blocks.findIndex((html) => html.startsWith('<p>'));
  if (place === '' || firstParagraph === -1) return [...blocks];
  return blocks.map((html, index) =>
    index === firstParagraph ? `<p><span class="dateline">${escapeHtml(place.toUpperCase())}</span> — ${html.slice(3)}` : html,
  );
}
