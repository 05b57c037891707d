import { normalizeEmail } from '../accounts/email-address.ts';

// A name of labels of letters, digits and inner hyphens, with at least one dot: "uni.example".
const domainShape = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** An organisation's domain as staff type it ("Uni.Example", "@uni.example"), lower-cased; null when it is not one. */
export function parseEmailDomain(raw: string): string | null {
  const domain = raw.normalize('NFKC').trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
  return domainShape.test(domain) ? domain : null;
}

/** The domain of an address, after the last "@"; null when the address cannot be one. */
export function domainOfAddress(address: string): string | null {
  const email = normalizeEmail(address);
  if (email === null) return null;
  return email.slice(email.lastIndexOf('@') + 1);
}

/**
 * Whether an address is of one of the domains. Only the domain itself matches, never its
 * subdomains: "mail.uni.example" may be another body's (a students' union, a hosted service), so
 * staff add it by name when the contract covers it.
 */
export function isAddressOfDomains(address: string, domains: readonly string[]): boolean {
  const domain = domainOfAddress(address);
  return domain !== null && domains.includes(domain);
}
