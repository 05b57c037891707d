import assert from 'node:assert/strict';
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/** Elements HTML never closes. */
const voidElements = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/**
 * What is wrong with the balance of an HTML document's tags: an element closed by a tag of another
 * name, a closing tag with nothing open, an element left open at the end, or a void element given a
 * closing tag. An empty list is a document whose every element is closed where it was opened, which
 * a browser and a mail client read as written rather than by repair. Read with htmlparser2's own
 * tokenizer, which knows where script, style and title text ends, rather than by pattern.
 */
export function findUnbalancedTags(html: string): string[] {
  const problems: string[] = [];
  const open: { name: string; at: number }[] = [];
  let openingName = '';
  let openingAt = 0;
  const nameAt = (start: number, end: number) => html.slice(start, end).toLowerCase();
  const ignore = () => {};
  const callbacks: TokenizerCallbacks = {
    onattribdata: ignore,
    onattribentity: ignore,
    onattribend: ignore,
    onattribname: ignore,
    oncdata: ignore,
    oncomment: ignore,
    ondeclaration: ignore,
    onprocessinginstruction: ignore,
    ontext: ignore,
    ontextentity: ignore,
    onopentagname(start, end) {
      openingName = nameAt(start, end);
      openingAt = start - 1;
    },
    onopentagend() {
      if (!voidElements.has(openingName)) open.push({ name: openingName, at: openingAt });
    },
    onselfclosingtag() {
      if (voidElements.has(openingName)) return;
      // A browser ignores the slash and keeps the element open.
      problems.push(`<${openingName}/> at ${openingAt} closes itself, which HTML ignores`);
      open.push({ name: openingName, at: openingAt });
    },
    onclosetag(start, end) {
      const name = nameAt(start, end);
      const at = start - 2;
      if (voidElements.has(name)) {
        problems.push(`</${name}> at ${at}: a void element has no closing tag`);
        return;
      }
      const innermost = open.pop();
      if (innermost === undefined) problems.push(`</${name}> at ${at} closes nothing`);
      else if (innermost.name !== name) problems.push(`</${name}> at ${at} closes <${innermost.name}> opened at ${innermost.at}`);
    },
    onend() {
      for (const element of open) problems.push(`<${element.name}> opened at ${element.at} is never closed`);
    },
  };
  const tokenizer = new Tokenizer({ decodeEntities: true }, callbacks);
  tokenizer.write(html);
  tokenizer.end();
  return problems;
}

/** Fails with every unbalanced tag listed. */
export function assertWellFormedHtml(html: string): void {
  assert.deepEqual(findUnbalancedTags(html), [], 'the HTML is not well formed');
}
