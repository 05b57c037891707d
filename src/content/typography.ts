/**
 * Printer's quotes and dashes for the short texts written outside Markdown (headline, standfirst,
 * caption), to match the body, which markdown-it sets the same way.
 */
export function setTypography(text: string): string {
  return text
    .replace(/(\p{L}|\p{N})'(?=\p{L}|\p{N})/gu, '$1\u2019')
    .replace(/(^|[\s([{\u2014\u2013-])'/gu, '$1\u2018')
    .replace(/'/g, '\u2019')
    .replace(/(^|[\s([{\u2014\u2013-])"/gu, '$1\u201c')
    .replace(/"/g, '\u201d')
    .replace(/ -- /g, ' \u2013 ')
    .replace(/---/g, '\u2014');
}
