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
  offers: '/offers',
} as const;

/** An account page that leads on to `next` afterwards (already a safe path), without a `next` for home. */
export function withNext(path: string, next: string): string {
  return next === '/' ? path : `${path}?next=${encodeURIComponent(next)}`;
}

/**
 * Where to send a reader after logging in: only a path on this site, so a crafted `next` cannot
 * send them elsewhere ("//evil.example", "/\\evil.example" and absolute URLs all fall back to home).
 */
export function safeNextPath(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > 500) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\') || /[\u0000-\u001f\\]/.test(raw)) return '/';
  try {
    const resolved = new URL(raw, 'http://dateline.invalid');
    return resolved.host === 'dateline.invalid' ? `${resolved.pathname}${resolved.search}` : '/';
  } catch {
    return '/';
  }
}
