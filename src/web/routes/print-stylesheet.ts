import { Type } from 'typebox';
import { chooseCoding, varyByEncoding } from '../page-encodings.ts';
import type { PrintStylesheet } from '../theme-stylesheet.ts';
import { printStylesheetPath } from '../theme-stylesheet.ts';
import type { App } from '../../http/site-deps.ts';

/**
 * The theme's print rules, which pages link for print only, so they never hold up a page being
 * shown. Made and compressed once, at start; the address pages link carries the version, so that
 * answer is kept for good, and a new theme is a new address.
 */
export function registerPrintStylesheetRoute(app: App, print: PrintStylesheet): void {
  const querystring = Type.Object({ v: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: true });
  app.get(printStylesheetPath, { schema: { querystring } }, async (request, reply) => {
    reply.header('cache-control', request.query.v === print.version ? 'public, max-age=31536000, immutable' : 'no-cache');
    reply.type('text/css; charset=utf-8');
    varyByEncoding(reply);
    const coding = chooseCoding(request.headers['accept-encoding']);
    if (coding === null) return reply.send(print.css);
    return reply.header('content-encoding', coding).send(print.encoded[coding]);
  });
}
