import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** An IPv4 or IPv6 range in CIDR notation: an address and how many of its leading bits the range fixes. */
export type IpRange = { family: 'ipv4' | 'ipv6'; address: string; prefix: number };

const mappedIpv4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * The address as it is compared: an IPv4 address written the IPv6 way ("::ffff:10.0.0.1", as a
 * dual-stack socket reports an IPv4 client) is the IPv4 address, so an IPv4 range covers it.
 */
export function canonicalAddress(address: string): { family: 'ipv4' | 'ipv6'; address: string } | null {
  const trimmed = address.trim();
  const mapped = mappedIpv4.exec(trimmed);
  if (mapped?.[1] !== undefined && isIPv4(mapped[1])) return { family: 'ipv4', address: mapped[1] };
  if (isIPv4(trimmed)) return { family: 'ipv4', address: trimmed };
  if (isIPv6(trimmed)) return { family: 'ipv6', address: trimmed.toLowerCase() };
  return null;
}

/** "10.0.0.0/8", "2001:db8::/32", or a lone address (a range of one); null when it is none of these. */
export function parseIpRange(raw: string): IpRange | null {
  const [addressText, prefixText, ...rest] = raw.trim().split('/');
  if (addressText === undefined || rest.length > 0) return null;
  const canonical = canonicalAddress(addressText);
  if (canonical === null) return null;
  const widest = canonical.family === 'ipv4' ? 32 : 128;
  if (prefixText === undefined) return { ...canonical, prefix: widest };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  // "::ffff:10.0.0.0/104" is the IPv4 range 10.0.0.0/8: the mapping's 96 bits come first.
  const prefix = mappedIpv4.test(addressText.trim()) ? Number(prefixText) - 96 : Number(prefixText);
  if (prefix < 0 || prefix > widest) return null;
  return { ...canonical, prefix };
}

export function formatIpRange(range: IpRange): string {
  return `${range.address}/${range.prefix}`;
}

/**
 * Whether the address lies in one of the ranges of its own family; an address that is not one lies
 * in none. Node's BlockList alone would let an IPv6 range as wide as ::/0 take in every IPv4
 * address, which a campus's IPv6 block never means.
 */
export function isAddressInRanges(address: string, ranges: readonly IpRange[]): boolean {
  const canonical = canonicalAddress(address);
  if (canonical === null) return false;
  const list = new BlockList();
  for (const range of ranges) if (range.family === canonical.family) list.addSubnet(range.address, range.prefix, range.family);
  return list.check(canonical.address, canonical.family);
}
