import { crc32 } from 'node:zlib';
import fc from 'fast-check';

/**
 * Arbitrary requests for the input-fuzzing check: addresses, query strings and bodies built the way a
 * careless browser, a hostile script or a broken proxy might send them. A value is kept both as it
 * goes on the wire in a URL or a form (`encoded`) and as it reads decoded (`raw`), for bodies that
 * carry text as it is (multipart, JSON).
 */
export type FuzzText = { raw: string; encoded: string };

/** Percent-encodes any code point, lone surrogates included (which `encodeURIComponent` refuses). */
export function encodeComponent(text: string): string {
  return encodeURIComponent(text.toWellFormed());
}

const asText = (raw: string): FuzzText => ({ raw, encoded: encodeComponent(raw) });
const asIs = (raw: string): FuzzText => ({ raw, encoded: raw });
const percentEncodeBytes = (bytes: Uint8Array): string => Array.from(bytes, (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** Numbers as a parser meets them: out of range, signed, fractional, in other notations and scripts. */
const numberLike = fc.oneof(
  fc.integer().map(String),
  fc.integer({ min: -3, max: 12 }).map(String),
  fc.double().map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.constantFrom('0', '00', '-0', '1e3', '1.5', '0x10', '0b1', ' 1', '1 ', '+1', '1,000', 'NaN', 'Infinity', '10000', '10001', '9007199254740993', '١٢', '１'),
);

/** Fragments that mean something to one of the layers a value passes through: HTML, Liquid, ICU messages, SQL, paths. */
const meaningfulFragments = fc.constantFrom(
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'",
  '"',
  '`',
  '\\',
  '{{ 7 | times: 7 }}',
  '{% raw %}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder, sent as text to prove nothing evaluates it
  '${7*7}',
  '{n}',
  '{x}',
  '{publication}',
  '{n, plural, one {#} other {# articles}}',
  '{n, plural, other {',
  '{limit, select, other {x}}',
  '{',
  '}',
  "'{'",
  "' OR 1=1 --",
  '"; DROP TABLE articles; --',
  '%',
  '_',
  '../../etc/passwd',
  '/\\evil.example',
  '//evil.example',
  'javascript:alert(1)',
  '2026-12-01T10:00',
  '0000-01-01T00:00',
  '9999-12-31T23:59',
  '2026-02-30T10:00',
  '2026-03-08T02:30',
  '2026-11-01T01:30',
  'on',
  'true',
  'false',
  'null',
  'undefined',
  '[]',
  '{}',
  '\u0000',
  '\r\n',
  '\u202e',
  '\ufeff',
  '\ud800',
  'ǅ',
  'ß',
  'İ',
);

const overlong = fc
  .tuple(fc.constantFrom('a', 'é', '%', '&', '1', ' ', '\u0000', '𝕏'), fc.integer({ min: 200, max: 12_000 }))
  .map(([unit, count]) => unit.repeat(count));

/** Escapes a decoder chokes on: truncated, not hex, overlong UTF-8, surrogates, beyond Unicode. */
const brokenEscapes = fc.constantFrom(
  '%',
  '%%',
  '%2',
  '%zz',
  '%G0',
  '%u0041',
  '%C0%AF',
  '%E0%80%AF',
  '%ED%A0%80',
  '%F4%90%80%80',
  '%FF%FE',
  '%00',
  '%C3',
  '+',
  '%2B',
  '%26',
  '%3D',
  '%0D%0A',
);

/** Characters that structure a query string or form, sent unencoded. */
const unencoded = fc.string({
  unit: fc.constantFrom('&', '=', '%', '+', ';', '[', ']', '.', '/', '?', '#', 'a', '1', ' ', '"', '<', '>', '\\'),
  maxLength: 20,
});

export function fuzzText(known: readonly string[] = []): fc.Arbitrary<FuzzText> {
  const plain = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    numberLike,
    meaningfulFragments,
    ...(known.length > 0 ? [fc.constantFrom(...known)] : []),
  );
  return fc.oneof(
    { weight: 5, arbitrary: plain.map(asText) },
    { weight: 2, arbitrary: unencoded.map(asIs) },
    {
      weight: 2,
      arbitrary: fc.uint8Array({ maxLength: 24 }).map((bytes) => ({ raw: Buffer.from(bytes).toString('latin1'), encoded: percentEncodeBytes(bytes) })),
    },
    { weight: 1, arbitrary: brokenEscapes.map(asIs) },
    { weight: 1, arbitrary: overlong.map(asText) },
  );
}

/** Key names that trip naive object building (prototype pollution) or bracket-notation parsers. */
const trickyKeys = [
  '__proto__',
  'constructor',
  'prototype',
  '__proto__[x]',
  'constructor[prototype][x]',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'page[]',
  'q[]',
  'q[0]',
  'a[b][c]',
  '',
  ' ',
  '_csrf',
];

export function fuzzKey(realKeys: readonly string[]): fc.Arbitrary<FuzzText> {
  return fc.oneof(
    ...(realKeys.length > 0 ? [{ weight: 4, arbitrary: fc.constantFrom(...realKeys).map(asText) }] : []),
    { weight: 1, arbitrary: fc.constantFrom(...trickyKeys).map(asText) },
    { weight: 1, arbitrary: fuzzText() },
  );
}

/** A query string (without its "?"): known and unknown keys, duplicated, with or without values. */
export function fuzzQueryString(realKeys: readonly string[], knownValues: readonly string[]): fc.Arbitrary<string> {
  const pair = fc.tuple(fuzzKey(realKeys), fc.option(fuzzText(knownValues), { nil: null, freq: 8 }));
  return fc
    .tuple(fc.array(pair, { maxLength: 8 }), fc.constantFrom('&', '&', '&', ';', '&&'))
    .map(([pairs, separator]) => pairs.map(([key, value]) => (value === null ? key.encoded : `${key.encoded}=${value.encoded}`)).join(separator));
}

/** Path segments that a file server or router should refuse, not follow. */
const hostileSegments = fc.constantFrom(
  '..',
  '.',
  '%2e%2e',
  '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '..%5C..%5Cwindows',
  '%252e%252e%252f',
  '%00',
  'a%00.css',
  '%2F',
  '%5C',
  '~',
  '*',
  ':id',
  '%3A',
  '%23',
  '%3F',
  ';',
  'index.html',
  '.env',
  '.git',
  'secret',
  'data',
  'test.sqlite',
);

function fuzzSegment(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    ...(known.length > 0 ? [{ weight: 3, arbitrary: fc.constantFrom(...known) }] : []),
    { weight: 3, arbitrary: fuzzText().map((text) => text.encoded) },
    { weight: 1, arbitrary: hostileSegments },
    { weight: 1, arbitrary: fc.oneof(fc.nat().map(String), fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String), fc.integer({ min: -5, max: 5 }).map(String)) },
    // Around the limits that matter: slugs (200) and the router's longest parameter (300).
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('a', '1', '%41', 'é'), fc.integer({ min: 190, max: 420 }))
        .map(([unit, count]) => encodeComponent(unit.repeat(count))),
    },
  );
}

/**
 * A concrete address for a route pattern: every `:param` and `*` filled, from the values the
 * fixtures really have (so handlers are reached) and from anything at all, or from the real values
 * alone where they are known.
 */
export function fuzzPath(
  pattern: string,
  knownValues: (param: string) => readonly string[],
  { isKnownOnly = false }: { isKnownOnly?: boolean } = {},
): fc.Arbitrary<string> {
  const parts = pattern.split('/').map((part): fc.Arbitrary<string> => {
    const known = knownValues(part.slice(1));
    if (part.startsWith(':') && isKnownOnly && known.length > 0) return fc.constantFrom(...known);
    if (part.startsWith(':')) return fuzzSegment(known);
    if (part === '*') {
      return fc.oneof(
        fc.constantFrom(...knownValues('*'), ''),
        fc.array(fuzzSegment(knownValues('*')), { minLength: 1, maxLength: 5 }).map((segments) => segments.join('/')),
      );
    }
    return fc.constant(part);
  });
  return fc.tuple(...parts).map((filled) => filled.join('/'));
}

export type FormFields = readonly (readonly [name: string, value: string])[];
type Field = readonly [name: FuzzText, value: FuzzText];

/**
 * A form's fields, starting from one that would pass (so the handler's own checks are reached) and
 * changed: values replaced with anything, fields dropped or repeated, unknown fields added.
 */
export function fuzzFields(valid: FormFields, realKeys: readonly string[], knownValues: readonly string[]): fc.Arbitrary<Field[]> {
  // About one field in a form is changed, and one in several forms loses or repeats a field, so that
  // long forms still pass the checks before the one a change should trip.
  const perField = fc.record({
    replacement: fc.oneof({ weight: Math.max(3, valid.length), arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fuzzText(knownValues) }),
    copies: fc.oneof({ weight: Math.max(8, 3 * valid.length), arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constantFrom(0, 2) }),
  });
  const extra = fc.oneof(
    { weight: 2, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.array(fc.tuple(fuzzKey(realKeys), fuzzText(knownValues)), { minLength: 1, maxLength: 4 }) },
  );
  return fc.tuple(fc.array(perField, { minLength: valid.length, maxLength: valid.length }), extra).map(([changes, extraFields]) => {
    const fields: Field[] = [];
    valid.forEach(([name, value], index) => {
      const change = changes[index];
      const chosen = change?.replacement ?? asText(value);
      for (let copy = 0; copy < (change?.copies ?? 1); copy += 1) fields.push([asText(name), chosen]);
    });
    return [...fields, ...extraFields];
  });
}

/** Where the CSRF token goes: as a browser sends it, in a header as scripts do, both, neither, or a wrong one. */
export type TokenPlacement = 'body' | 'header' | 'both' | 'none' | 'wrong';
const tokenPlacement = fc.oneof(
  { weight: 6, arbitrary: fc.constant<TokenPlacement>('body') },
  { weight: 2, arbitrary: fc.constant<TokenPlacement>('header') },
  { weight: 1, arbitrary: fc.constantFrom<TokenPlacement>('both', 'none', 'wrong') },
);

/** A real 1 × 1 PNG, and the same image's header claiming other dimensions (a decompression bomb announces itself there). */
const onePixelPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
function pngClaiming(width: number, height: number): Uint8Array {
  const png = Buffer.from(onePixelPng);
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}
/** What goes in a file field: bytes of no format, a real image, a cut one, or one whose header lies about its size. */
const uploadedFile = fc.oneof(
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 600 }) },
  { weight: 1, arbitrary: fc.constant<Uint8Array>(onePixelPng) },
  { weight: 1, arbitrary: fc.integer({ min: 8, max: onePixelPng.length - 1 }).map((length) => onePixelPng.subarray(0, length)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }))
      .map(([width, height]) => pngClaiming(width, height)),
  },
);

export type PostBody =
  | { kind: 'form'; contentType: string; fields: Field[]; token: TokenPlacement }
  | { kind: 'json'; contentType: string; fields: Field[]; replacements: unknown[]; token: TokenPlacement }
  | { kind: 'broken-json'; text: string }
  | {
      kind: 'multipart';
      fields: Field[];
      file: Uint8Array | null;
      boundary: string;
      flaw: 'none' | 'unterminated' | 'no-boundary' | 'other-boundary';
      token: TokenPlacement;
    }
  | { kind: 'other'; contentType: string | null; text: string }
  | { kind: 'oversized'; contentType: string; bytes: number };

const formContentTypes = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/x-www-form-urlencoded') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/x-www-form-urlencoded; charset=utf-8',
      'application/x-www-form-urlencoded;charset=ISO-8859-1',
      'Application/X-WWW-Form-URLEncoded',
      'application/x-www-form-urlencoded; charset=utf-16le',
      'application/x-www-form-urlencoded; boundary=x; charset',
    ),
  },
);

const wrongContentTypes = fc.constantFrom(
  null,
  '',
  'text/plain',
  'text/html',
  'application/xml',
  'application/octet-stream',
  'application/vnd.api+json',
  'multipart/mixed',
  'image/png',
  'application/x-www-form-urlencoded, application/json',
  ';',
  'a/b/c',
  'application/json; charset=utf-32',
  '*/*',
  'x'.repeat(2000),
);

/** Broken JSON, and JSON that pollutes prototypes when it is merged carelessly. */
const brokenJson = fc.oneof(
  fc.constantFrom(
    '{',
    '{"_csrf":',
    '[1,',
    '"\\ud800"',
    'nul',
    '{"a":1}}',
    '{"__proto__":{"isAdmin":true}}',
    '{"constructor":{"prototype":{"x":1}}}',
    '\ufeff{}',
    '1e999999',
    '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
  ),
  fc.json(),
  fc.string({ maxLength: 60 }),
);

export function fuzzPostBody(
  valid: FormFields,
  realKeys: readonly string[],
  knownValues: readonly string[],
  { isMultipartAccepted }: { isMultipartAccepted: boolean },
): fc.Arbitrary<PostBody> {
  const fields = fuzzFields(valid, realKeys, knownValues);
  return fc.oneof(
    { weight: 12, arbitrary: fc.record({ kind: fc.constant('form' as const), contentType: formContentTypes, fields, token: tokenPlacement }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('json' as const),
        contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8'),
        fields,
        replacements: fc.array(fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 })), { maxLength: 16 }),
        token: tokenPlacement,
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('broken-json' as const), text: brokenJson }) },
    {
      weight: isMultipartAccepted ? 4 : 1,
      arbitrary: fc.record({
        kind: fc.constant('multipart' as const),
        fields,
        file: fc.option(uploadedFile, { nil: null }),
        boundary: fc.constantFrom('fuzz-boundary', '----WebKitFormBoundaryX', 'a', '"quoted"'),
        flaw: fc.constantFrom<'none' | 'unterminated' | 'no-boundary' | 'other-boundary'>(
          'none',
          'none',
          'none',
          'unterminated',
          'no-boundary',
          'other-boundary',
        ),
        token: tokenPlacement,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('other' as const),
        contentType: wrongContentTypes,
        text: fc.oneof(fc.constant(''), fc.string({ unit: 'binary', maxLength: 200 })),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('oversized' as const),
        contentType: fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'multipart/form-data; boundary=fuzz-boundary', 'text/plain'),
        // Just past the form parser's 64 KiB, and just past the app's 1 MiB.
        bytes: fc.constantFrom(64 * 1024 + 1, 1_048_577),
      }),
    },
  );
}

/** One case's payload and headers, with the form token where the case puts it. */
export function toPayload(body: PostBody, csrfToken: string): { headers: Record<string, string>; payload: string | Buffer } {
  const tokenFor = (placement: TokenPlacement) => (placement === 'wrong' ? `${csrfToken.slice(0, -2)}xx` : csrfToken);
  const tokenHeader = (placement: TokenPlacement): Record<string, string> =>
    placement === 'header' || placement === 'both' || placement === 'wrong' ? { 'csrf-token': tokenFor(placement) } : {};
  const inBody = (placement: TokenPlacement) => placement === 'body' || placement === 'both';
  switch (body.kind) {
    case 'form': {
      const pairs = body.fields.map(([name, value]) => `${name.encoded}=${value.encoded}`);
      if (inBody(body.token)) pairs.unshift(`_csrf=${encodeURIComponent(csrfToken)}`);
      return { headers: { 'content-type': body.contentType, ...tokenHeader(body.token) }, payload: pairs.join('&') };
    }
    case 'json': {
      const object: Record<string, unknown> = {};
      body.fields.forEach(([name, value], index) => {
        const replacement = body.replacements[index];
        object[name.raw] = replacement === undefined ? value.raw : replacement;
      });
      if (inBody(body.token)) object._csrf = csrfToken;
      return { headers: { 'content-type': body.contentType, ...tokenHeader(body.token) }, payload: JSON.stringify(object) };
    }
    case 'broken-json':
      return { headers: { 'content-type': 'application/json', 'csrf-token': csrfToken }, payload: body.text };
    case 'multipart': {
      const boundary = body.boundary.replaceAll('"', '');
      const part = (disposition: string, content: Buffer, type?: string) =>
        Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`, 'latin1'),
          content,
          Buffer.from('\r\n'),
        ]);
      const parts = body.fields.map(([name, value]) => part(`name="${name.raw.replaceAll('"', '%22')}"`, Buffer.from(value.raw)));
      if (inBody(body.token)) parts.unshift(part('name="_csrf"', Buffer.from(csrfToken)));
      if (body.file) parts.push(part('name="image"; filename="fuzz.jpg"', Buffer.from(body.file), 'image/jpeg'));
      if (body.flaw !== 'unterminated') parts.push(Buffer.from(`--${boundary}--\r\n`));
      const contentType =
        body.flaw === 'no-boundary'
          ? 'multipart/form-data'
          : body.flaw === 'other-boundary'
            ? 'multipart/form-data; boundary=not-this-one'
            : `multipart/form-data; boundary=${body.boundary}`;
      return { headers: { 'content-type': contentType, ...tokenHeader(body.token) }, payload: Buffer.concat(parts) };
    }
    case 'other':
      return { headers: { ...(body.contentType === null ? {} : { 'content-type': body.contentType }), 'csrf-token': csrfToken }, payload: body.text };
    case 'oversized':
      return { headers: { 'content-type': body.contentType, 'csrf-token': csrfToken }, payload: oversizedPayload(body.bytes) };
  }
}

const oversized = new Map<number, string>();
function oversizedPayload(bytes: number): string {
  let payload = oversized.get(bytes);
  if (payload === undefined) {
    payload = `_csrf=x&${'a='.repeat(bytes)}`.slice(0, bytes);
    oversized.set(bytes, payload);
  }
  return payload;
}

/** A short, printable account of a payload for a failure message. */
export function describePayload(payload: string | Buffer): string {
  const text = typeof payload === 'string' ? payload : payload.toString('latin1');
  return JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}… (${text.length} characters)` : text);
}

/** A body built to be refused: what it is, how it is sent, and the words an answer must use to name what is wrong with it. */
export type RefusedBody = { name: string; contentType: string; payload: string; names: RegExp; isOversized: boolean };

const nestedArrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const nestedObjects = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const tooLarge = /too large/i;
/** A body may be refused for its nesting or length, or, before it is read, for its size (the API reads less than the site). */
const tooDeepOrLarge = new RegExp(`nested too deeply|${tooLarge.source}`, 'i');
const tooManyOrLarge = new RegExp(`too many fields|${tooLarge.source}`, 'i');
/** The API reads JSON alone, and says so to a form before it reads it. */
const tooLargeOrNotJson = new RegExp(`${tooLarge.source}|as application/json`, 'i');

/**
 * Bodies no route may take, each of which once risked a server error: JSON nested deeper than the
 * call stack goes (a recursive walk of it overflowed), a very long flat array, a form key nested
 * thousands of levels in the bracket notation other form parsers expand, and bodies past the limits.
 */
export function deepAndOversizedBodies(): RefusedBody[] {
  return [
    ...[5_000, 100_000].flatMap((levels) => [
      {
        name: `JSON arrays nested ${levels.toLocaleString('en-US')} deep`,
        contentType: 'application/json',
        payload: nestedArrays(levels),
        names: tooDeepOrLarge,
        isOversized: false,
      },
      {
        name: `JSON objects nested ${levels.toLocaleString('en-US')} deep`,
        contentType: 'application/json',
        payload: nestedObjects(levels),
        names: tooDeepOrLarge,
        isOversized: false,
      },
    ]),
    {
      name: 'a JSON array of 200,000 numbers',
      contentType: 'application/json',
      payload: `[${'0,'.repeat(199_999)}0]`,
      names: tooManyOrLarge,
      isOversized: false,
    },
    {
      name: 'a form key nested 5,000 deep',
      contentType: 'application/x-www-form-urlencoded',
      payload: `a${'[b]'.repeat(5_000)}=1&email=a%40example.org`,
      names: new RegExp(`field too long|${tooLargeOrNotJson.source}`, 'i'),
      isOversized: false,
    },
    {
      name: "a JSON body past the site's 1 MiB",
      contentType: 'application/json',
      payload: JSON.stringify({ a: 'x'.repeat(1_048_576) }),
      names: tooLarge,
      isOversized: true,
    },
    {
      name: "a form past the form parser's 64 KiB",
      contentType: 'application/x-www-form-urlencoded',
      payload: `a=${'x'.repeat(64 * 1024)}`,
      names: tooLargeOrNotJson,
      isOversized: true,
    },
  ];
}
