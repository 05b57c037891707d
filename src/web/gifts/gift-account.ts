import type { FastifyRequest } from 'fastify';
import type { Account } from '../../accounts/account.ts';
import { canGiveGifts, readGiftAllowance } from '../../gifts/give-gift.ts';
import { listGivenGifts } from '../../gifts/gift-link-repository.ts';
import { readAccessSettings } from '../../settings/access-settings-repository.ts';
import { readAccessMessages } from '../../settings/settings-repository.ts';
import { identifyReader } from '../../http/reader-identity.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { giftsLeftText, toGiftListView, type GiftListView } from './gift-views.ts';

/**
 * The account page's list of the reader's gift links, with this month's count. A former subscriber
 * still sees (and may revoke) the links they gave; an account that never gave one and cannot give
 * has no list.
 */
export async function giftListViewOf(request: FastifyRequest, deps: ReaderSiteDeps, account: Account): Promise<GiftListView | null> {
  const now = deps.now();
  const [identity, gifts, settings, chrome, messages] = await Promise.all([
    identifyReader(request, deps),
    listGivenGifts(deps.db, account.id),
    readAccessSettings(deps.db),
    deps.chrome(),
    readAccessMessages(deps.db),
  ]);
  const canGive = canGiveGifts(identity.reader) && settings.giftsPerMonth > 0;
  if (!canGive && gifts.length === 0) return null;
  const { left } = await readGiftAllowance(deps.db, { accountId: account.id, settings, timeZone: chrome.settings.timeZone, now });
  const giftsLeft = canGive ? giftsLeftText(left, { messages, locale: chrome.settings.locale }) : '';
  return toGiftListView(gifts, { giftsLeft, settings: chrome.settings, now });
}
