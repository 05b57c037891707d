/** Where the account pages live. */
export const accountPaths = {
  logIn: '/login',
  register: '/register',
  logOut: '/logout',
  forgotPassword: '/login/forgot',
  resetPassword: '/login/reset',
  magicLink: '/login/link',
  magicLinkConfirm: '/login/link/confirm',
  account: '/account',
  accountPassword: '/account/password',
  offers: '/offers',
} as const;

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
