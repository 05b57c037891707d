/** Where the account pages live. */
export const accountPaths = {
  logIn: '/login',
  register: '/register',
  registerConfirm: '/register/confirm',
  logOut: '/logout',
  forgotPassword: '/login/forgot',
  resetPassword: '/login/reset',
  magicLink: '/login/link',
  magicLinkConfirm: '/login/link/confirm',
  account: '/account',
  accountPassword: '/account/password',
  /** Where the link mailed to a new address lands, to confirm the change. */
  emailChangeConfirm: '/account/email/confirm',
  offers: '/offers',
} as const;

/** An account page that leads on to `next` afterwards (already a safe path), without a `next` for home. */
export function withNext(path: string, next: string): string {
  return next === '/' ? path : `${path}?next=${encodeURIComponent(next)}`;
}

/** The account pages themselves, whose own return address is the `next` they were given, not their own. */
const pathsLeadingOn = new Set<string>([
  accountPaths.logIn,
  accountPaths.register,
  accountPaths.forgotPassword,
  accountPaths.resetPassword,
  accountPaths.magicLink,
]);

/**
 * The page a reader is on, as the return address its Log in and Register links carry: the path and
 * query of the request, or, on the log-in and registration pages, the `next` they already carry.
 */
export function returnPathOf(requestUrl: string): string {
  const path = safeNextPath(requestUrl);
  const [pathname = '/', query = ''] = path.split('?', 2);
  if (!pathsLeadingOn.has(pathname)) return path;
  return safeNextPath(new URLSearchParams(query).get('next') ?? '/');
}

const siteOrigin = 'http://dateline.invalid';

/**
 * Where to send a reader after logging in: only a path on this site, so a crafted `next` cannot
 * send them elsewhere ("//evil.example", "/\\evil.example" and absolute URLs all fall back to home).
 * The path is resolved as a browser would resolve it, and the resolved path is what is checked and
 * returned: "/.//evil.example" or "/%2e%2e//evil.example" only become "//evil.example" once their dot
 * segments are gone.
 */
export function safeNextPath(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > 500 || !isPathOnSite(raw)) return '/';
  try {
    const resolved = new URL(raw, siteOrigin);
    const path = `${resolved.pathname}${resolved.search}`;
    return resolved.origin === siteOrigin && isPathOnSite(path) ? path : '/';
  } catch {
    return '/';
  }
}

/** A path-absolute reference: one slash and no more, so no browser reads it as another host. */
function isPathOnSite(path: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a control character in a path is refused, never followed
  return path.startsWith('/') && !path.startsWith('//') && !/[\u0000-\u001f\\]/.test(path);
}
