/**
 * Plain text as HTML that shows it as it is, in an element or in a quoted attribute. Numeric
 * references, so the result means the same in HTML and in the XML of a feed that carries it.
 * Here rather than in the HTTP shell because search, a domain, writes HTML snippets too, and a
 * domain never imports the shell. (The theme's own escaping, which filled-in page holes must match
 * byte for byte, is Liquid's and stays with them: web/reader-slots.ts.)
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
