const shape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** One address, one account: trimmed and lower-cased; null when it cannot be an address. */
export function normalizeEmail(raw: string): string | null {
  const email = raw.normalize('NFKC').trim().toLowerCase();
  if (email.length > 254 || !shape.test(email)) return null;
  return email;
}
