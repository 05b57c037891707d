/**
 * Who is reading, as far as access is concerned. The subscriptions issue brings subscribers and the
 * lapsed states; `lapsed` is the seam: a registered reader whose trial or subscription has ended
 * reads on the meter again and sees why.
 */
export type Reader =
  | { kind: 'anonymous' }
  | { kind: 'registered'; readerId: number; lapsed: 'trial' | 'subscription' | null }
  | { kind: 'subscriber'; readerId: number }
  | { kind: 'staff'; readerId: number }
  /** A search engine's crawler, verified by reverse and forward DNS, never by its User-Agent alone. */
  | { kind: 'verified-crawler' };

export type MeteredReaderKind = 'anonymous' | 'registered';

/** Readers who read everything: staff, entitled subscribers and verified crawlers. The others are on the meter. */
export function isEntitled(reader: Reader): reader is Exclude<Reader, { kind: MeteredReaderKind }> {
  return reader.kind === 'subscriber' || reader.kind === 'staff' || reader.kind === 'verified-crawler';
}
