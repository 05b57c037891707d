import { meterPeriodOf } from '../../access/meter.ts';
import { canGiveGifts, isGiftable, readGiftAllowance } from '../../gifts/give-gift.ts';
import type { Edition } from '../../reading/edition.ts';
import type { ReaderIdentity } from '../../http/reader-identity.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';

/** How many gifts the subscriber reading an article may still give this month. */
export type GiftAllowances = {
  /**
   * Gifts the reader may still give this month, or null when this page offers them none to give.
   * Only a subscriber on a giftable article waits for a count; every other read goes on at once.
   */
  giftsLeftFor: (identity: ReaderIdentity, edition: Edition, now: Date) => Promise<number> | null;
};

/**
 * A subscriber's gift count, kept as long as their identity is (docs/decisions/0006): a reader paging
 * through the site costs one count a second, and a gift given through this instance shows at once.
 */
export function createGiftAllowances(deps: Pick<ReaderSiteDeps, 'db'>): GiftAllowances {
  const kept = new WeakMap<ReaderIdentity, { period: string; left: number }>();

  async function countGiftsLeft(identity: ReaderIdentity, accountId: number, { accessSettings, chrome }: Edition, now: Date): Promise<number> {
    const period = meterPeriodOf(now, chrome.settings.timeZone);
    const known = kept.get(identity);
    if (known !== undefined && known.period === period) return known.left;
    const { left } = await readGiftAllowance(deps.db, { accountId, settings: accessSettings, timeZone: chrome.settings.timeZone, now });
    kept.set(identity, { period, left });
    return left;
  }

  return {
    giftsLeftFor(identity, edition, now) {
      const { reader } = identity;
      if (!canGiveGifts(reader) || !isGiftable(edition.article.access) || edition.accessSettings.giftsPerMonth === 0) return null;
      return countGiftsLeft(identity, reader.readerId, edition, now);
    },
  };
}
