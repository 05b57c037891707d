import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import type { BodyBlock, BodyBlockKind } from './body-blocks.ts';

// Raw HTML in Markdown is shown as text, never passed through: the sanitizer below is a second guard.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: true });

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'h2',
    'h3',
    'h4',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'em',
    'strong',
    'code',
    'pre',
    'hr',
    'br',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    's',
    'sup',
    'sub',
  ],
  // No style attributes: the Content-Security-Policy would refuse them anyway.
  allowedAttributes: { a: ['href', 'title'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  // The headline is the page's only h1, so body headings start one level down.
  transformTags: { h1: 'h2', h5: 'h4', h6: 'h4' },
};

/** The same allow-list again, for HTML read back from storage: what reaches a page is always sanitized. */
export function sanitizeBlockHtml(html: string): string {
  return sanitizeHtml(html, sanitizeOptions);
}

const kindByOpeningToken: Record<string, BodyBlockKind> = {
  paragraph_open: 'paragraph',
  heading_open: 'heading',
  blockquote_open: 'quote',
  bullet_list_open: 'list',
  ordered_list_open: 'list',
  table_open: 'table',
  hr: 'rule',
  fence: 'code',
  code_block: 'code',
};

/** Splits the token stream into the runs of tokens that make each top-level block. */
function splitTopLevelBlocks(tokens: readonly Token[]): Token[][] {
  const blocks: Token[][] = [];
  let current: Token[] = [];
  for (const token of tokens) {
    current.push(token);
    if (token.level === 0 && token.nesting <= 0) {
      blocks.push(current);
      current = [];
    }
  }
  return blocks;
}

function plainTextOf(run: readonly Token[]): string {
  const parts: string[] = [];
  for (const token of run) {
    if (token.type === 'fence' || token.type === 'code_block') parts.push(token.content);
    if (token.type !== 'inline') continue;
    parts.push(
      (token.children ?? [])
        .map((child) => (child.type === 'text' || child.type === 'code_inline' ? child.content : child.type.endsWith('break') ? ' ' : ''))
        .join(''),
    );
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

export type RenderedBody = {
  blocks: BodyBlock[];
  /** Each block's words without markup, for the search index. */
  blockTexts: string[];
};

/** Renders an article's Markdown once, at save time, to sanitized blocks and plain text. */
export function renderBody(source: string): RenderedBody {
  const env = {};
  const tokens = markdown.parse(source, env);
  const blocks: BodyBlock[] = [];
  const blockTexts: string[] = [];
  for (const run of splitTopLevelBlocks(tokens)) {
    const first = run[0];
    if (!first) continue;
    const kind = kindByOpeningToken[first.type];
    if (!kind) continue;
    const html = sanitizeHtml(markdown.renderer.render(run, markdown.options, env), sanitizeOptions).trim();
    if (html === '') continue;
    blocks.push({ kind, html });
    blockTexts.push(plainTextOf(run));
  }
  return { blocks, blockTexts };
}
