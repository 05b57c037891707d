import { escapeHtml } from '../text/escape-html.ts';

/** Marks the index puts around matched words; chosen from characters articles do not use. */
export const highlightStart = '\u27e6';
export const highlightEnd = '\u27e7';

/** Turns a snippet from the index into safe HTML with the matched words in <mark>. */
export function renderSnippet(raw: string): string {
  return escapeHtml(raw).replaceAll(highlightStart, '<mark>').replaceAll(highlightEnd, '</mark>');
}

/** Removes the highlight marks from text before it is indexed, so a snippet's marks are only ours. */
export function stripHighlightMarks(text: string): string {
  return text.replaceAll(highlightStart, '').replaceAll(highlightEnd, '');
}
