import fc from 'fast-check';
import { Parser } from 'htmlparser2';

/**
 * Markdown and HTML made of the pieces cross-site scripting is made of, and a reading of sanitized
 * output for anything a browser would run.
 */
const dangerousFragments = [
  // Script elements, whole, split, unclosed and nested.
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</script>',
  '<script',
  '</script>',
  '<script/x>alert(1)',
  // Event handlers, on elements the allow-list keeps and on ones it drops.
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<body onload=alert(1)>',
  '<div onclick="alert(1)">',
  '<p onmouseover=alert(1)>',
  '<a href="https://example.org" onclick="alert(1)">x</a>',
  '<table><tr><td onclick=alert(1)>x</td></tr></table>',
  '<ol start="1" onfocus=alert(1)>',
  '" onmouseover="alert(1)',
  "' onfocus='alert(1)",
  '<a href="https://example.org" style="background:url(javascript:alert(1))">',
  // Script URLs, in every casing and encoding, in links, images, frames and forms.
  '<a href="javascript:alert(1)">x</a>',
  '<a href=javascript:alert(1)>x</a>',
  '<a href="  javascript:alert(1)">',
  '<a href="java\tscript:alert(1)">',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href="&#106;&#97;vascript:alert(1)">x</a>',
  '<a href="javascript&colon;alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<img src="javascript:alert(1)">',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>">',
  '<object data="javascript:alert(1)">',
  '<embed src="data:text/html,<script>alert(1)</script>">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<style>body{background:url(javascript:alert(1))}</style>',
  '<link rel=stylesheet href="javascript:alert(1)">',
  // Parser differentials: content that changes meaning between parsing modes.
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<!--<img src=x onerror=alert(1)>-->',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<textarea><script>alert(1)</script></textarea>',
  '<xmp><script>alert(1)</script></xmp>',
  // The same in Markdown: inline links, images, autolinks, reference definitions.
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](javascript&colon;alert(1))',
  '[x](java&#x73;cript:alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x](%6Aavascript:alert(1))',
  '[x]( javascript:alert(1) )',
  '[x](<javascript:alert(1)>)',
  '[x](java\\script:alert(1))',
  '[x](vbscript:msgbox(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](DATA:text/html,<script>alert(1)</script>)',
  '[x](file:///etc/passwd)',
  '[x](//evil.example)',
  '![x](javascript:alert(1))',
  '![x](data:image/svg+xml,<svg onload=alert(1)>)',
  '![x" onerror="alert(1)](x)',
  '[x](https://example.org "t\\" onmouseover=\\"alert(1)")',
  '<javascript:alert(1)>',
  '<vbscript:msgbox(1)>',
  '<data:text/html,x>',
  'javascript:alert(1)',
  'www.example.org/javascript:alert(1)',
  '<mailto:a@example.org>',
  '<https://example.org/?a=<script>>',
  '[ref]: javascript:alert(1)',
  '\n\n[ref]: vbscript:msgbox(1)\n',
  '[x][ref]',
  '[ref]',
  // Already escaped, or escaped in Markdown.
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;script&#62;',
  '\\<script>',
  '`<script>`',
  '```html\n<script>alert(1)</script>\n```',
];

const markdownSyntax = [
  '\n',
  '\n\n',
  '# ',
  '###### ',
  '> ',
  '- ',
  '* ',
  '1. ',
  '3) ',
  '```\n',
  '~~~',
  '`',
  '*',
  '**',
  '_',
  '~~',
  '[',
  ']',
  '(',
  ')',
  '![',
  '<',
  '>',
  '|',
  '| a | b |\n|---|--:|\n| ',
  '    ',
  '\\',
  '&',
  ';',
  '"',
  "'",
  ' ',
  '=',
  'http://',
  'https://example.org',
  '[ref]: ',
  '[ref]',
  '---\n',
  '<br>',
  '&amp;',
  '&#0;',
];

const named: Record<string, string> = {
  ':': '&colon;',
  '(': '&lpar;',
  ')': '&rpar;',
  '\t': '&Tab;',
  '\n': '&NewLine;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};

/** A character as it is, in the other case, or as a decimal, hexadecimal or named character reference. */
function disguise(character: string, how: number): string {
  const codePoint = character.codePointAt(0) ?? 0;
  switch (how) {
    case 1:
      return character === character.toLowerCase() ? character.toUpperCase() : character.toLowerCase();
    case 2:
      return `&#${codePoint};`;
    case 3:
      return `&#x${codePoint.toString(16)};`;
    case 4:
      return named[character] ?? character;
    default:
      return character;
  }
}

const disguisedFragment = fc
  .tuple(fc.constantFrom(...dangerousFragments), fc.array(fc.constantFrom(0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4), { maxLength: 120 }))
  .map(([fragment, hows]) => [...fragment].map((character, index) => disguise(character, hows[index] ?? 0)).join(''));

/** A document of dangerous fragments (some disguised), Markdown syntax and arbitrary text. */
export const hostileDocument: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...dangerousFragments) },
      { weight: 2, arbitrary: disguisedFragment },
      { weight: 3, arbitrary: fc.constantFrom(...markdownSyntax) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
    ),
    { minLength: 1, maxLength: 16 },
  )
  .map((pieces) => pieces.join(''));

/** Elements that run script, load other documents or resources, or restyle the page, whatever their attributes. */
const activeElements = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'form',
  'base',
  'link',
  'meta',
  'template',
  'noscript',
  'img',
]);
/** Attributes whose value a browser follows as an address. */
const urlAttributes = new Set([
  'href',
  'src',
  'srcset',
  'action',
  'formaction',
  'xlink:href',
  'data',
  'poster',
  'background',
  'cite',
  'codebase',
  'ping',
  'lowsrc',
  'dynsrc',
]);
const safeSchemes = new Set(['http', 'https', 'mailto']);

/** The scheme a browser would see: it drops tabs and newlines anywhere and controls and spaces at the ends. */
function schemeOf(url: string): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the controls are what a browser drops
  const cleaned = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  return match?.[1]?.toLowerCase() ?? null;
}

/**
 * What in sanitized HTML a browser could run: script and other active elements, event-handler
 * attributes, and addresses with a scheme other than http, https and mailto (javascript:, vbscript:,
 * data: and the rest), with character references decoded as a browser decodes them. Empty when safe.
 */
export function findExecutableMarkup(html: string): string[] {
  const problems: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (activeElements.has(name)) problems.push(`a <${name}> element`);
        for (const [attribute, value] of Object.entries(attributes)) {
          if (attribute.startsWith('on')) problems.push(`an event handler ${attribute}=${JSON.stringify(value)} on <${name}>`);
          if (attribute === 'style') problems.push(`a style attribute on <${name}>`);
          const scheme = urlAttributes.has(attribute) ? schemeOf(value) : null;
          if (scheme !== null && !safeSchemes.has(scheme)) problems.push(`a ${scheme}: address ${attribute}=${JSON.stringify(value)} on <${name}>`);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false },
  );
  parser.write(html);
  parser.end();
  // Independent of any parser: outside a tag every "<" is escaped, so any "<script" is a real one.
  if (/<\s*\/?\s*script/i.test(html)) problems.push('the text "<script" unescaped');
  return problems;
}
