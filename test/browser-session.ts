import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../src/http/site-deps.ts';

export type BrowserSession = ReturnType<typeof browserSession>;

/**
 * A reader's browser over app.inject: it keeps the cookies the site sets and sends them back, and
 * fills in the CSRF token of the last form it was shown.
 */
export function browserSession(app: Pick<App, 'inject'>, headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  let csrfToken = '';

  function remember(response: LightMyRequestResponse) {
    const setCookie = response.headers['set-cookie'];
    for (const header of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair = ''] = header.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      const isExpired = /max-age=0|expires=thu, 01 jan 1970/i.test(header) || value === '';
      if (isExpired) jar.delete(name);
      else jar.set(name, value);
    }
    const token = response.body.match(/name="_csrf" value="([^"]+)"/)?.[1];
    if (token) csrfToken = token;
    return response;
  }

  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

  return {
    cookies: jar,
    async get(url: string) {
      return remember(await app.inject({ method: 'GET', url, headers: { ...headers, ...(jar.size ? { cookie: cookieHeader() } : {}) } }));
    },
    async post(url: string, form: Record<string, string>, { withCsrf = true }: { withCsrf?: boolean } = {}) {
      const body = new URLSearchParams({ ...(withCsrf ? { _csrf: csrfToken } : {}), ...form }).toString();
      return remember(
        await app.inject({
          method: 'POST',
          url,
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', ...(jar.size ? { cookie: cookieHeader() } : {}) },
          payload: body,
        }),
      );
    },
  };
}
