import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The security headers every response carries, as helmet sets them: a strict Content-Security-Policy
 * (no inline script anywhere; inline style only the theme's own stylesheet, named by its hash), the
 * referrer for our own pages only, and the rest of helmet's defaults. The policy has no part
 * that varies by request (no nonces), so helmet runs once, at start, on a response that only records
 * what it is given, and every response copies the result.
 */
export function securityHeaders({ isHttps, styleHashes = [] }: { isHttps: boolean; styleHashes?: readonly string[] }): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string) {
      headers[name.toLowerCase()] = value;
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  const setHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", ...styleHashes],
        scriptSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: isHttps ? [] : null,
      },
    },
    strictTransportSecurity: isHttps,
    // Our own pages learn that a reader came from another of our pages (a visit's source is
    // `internal`); no other site learns which article a reader left it from.
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  setHeaders({} as IncomingMessage, recorder as unknown as ServerResponse, () => {});
  return Object.freeze(headers);
}

/**
 * Headers that govern a document (what it may load, frame, open or prefetch) and mean nothing on a
 * font, a script, a stylesheet or a raster image, which no browser renders as a document while
 * `nosniff` holds. The policy alone is a kilobyte, sent again with each of a page's twenty or so
 * files.
 */
const documentOnlyHeaders = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'x-frame-options',
  'x-xss-protection',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
] as const;

// SVG is left out on purpose: opened on its own it is a document, scripts and all.
const subresourceType = /^(font\/|image\/(avif|webp|jpeg|png|gif)|text\/css|(text|application)\/javascript)/i;

/** The document-only headers a response of this type can go without (none for pages, feeds and SVG). */
export function headersNeedlessFor(contentType: string | undefined): readonly string[] {
  return contentType !== undefined && subresourceType.test(contentType) ? documentOnlyHeaders : [];
}
