/**
 * The words of sanitized body HTML (the allow-list in content/markdown.ts: paragraphs, headings,
 * quotes, lists, rules, code, tables, links and inline emphasis) as a plain-text part shows them:
 * one paragraph a block, list items bulleted, a link's address after its words. It reads only what
 * the sanitizer lets through, which is why a few patterns suffice where a full parser would not.
 */
export function plainTextOf(html: string): string {
  const text = html
    // Line breaks between tags are the source's layout, not the text's.
    .replace(/>[ \t]*\n\s*</g, '><')
    .replace(/<br\s*\/?>\n?/gi, '\n')
    .replace(/<hr\s*\/?>/gi, '\n\n* * *\n\n')
    .replace(/<li[^>]*>/gi, '\n• ')
    .replace(/<\/(p|h[1-6]|blockquote|pre|ul|ol|table)>/gi, '\n\n')
    .replace(/<\/(tr)>/gi, '\n')
    .replace(/<\/(td|th)>/gi, '  ')
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_, href: string, words: string) => linkText(decodeEntities(href), words))
    .replace(/<[^>]+>/g, '');
  return tidy(decodeEntities(text));
}

function linkText(href: string, words: string): string {
  const shown = words.replace(/<[^>]+>/g, '');
  return decodeEntities(shown).trim() === href ? shown : `${shown} (${escapeForLaterDecoding(href)})`;
}

/** The address goes back into text that is decoded once more, so its own ampersands are kept as entities until then. */
function escapeForLaterDecoding(text: string): string {
  return text.replaceAll('&', '&amp;');
}

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[entity.toLowerCase()] ?? whole;
  });
}

/** Lines trimmed, runs of spaces made one, and never more than one blank line in a row. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
