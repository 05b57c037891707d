import assert from 'node:assert/strict';
import { formTokenOf } from './role-fixtures.ts';

/** The log-in form's token and the cookie it was issued with, as a browser holds them, fetched from a running site. */
export async function logInFormOf(site: string): Promise<{ csrfCookie: string; csrfToken: string }> {
  const logInPage = await fetch(`${site}/login`);
  const csrfCookie =
    logInPage.headers
      .getSetCookie()
      .find((header) => header.startsWith('dl_csrf='))
      ?.split(';')[0] ?? '';
  const csrfToken = formTokenOf(await logInPage.text()) ?? '';
  assert.ok(csrfCookie && csrfToken, 'the log-in page gives a form token');
  return { csrfCookie, csrfToken };
}
