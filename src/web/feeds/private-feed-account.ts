import { isEntitled } from '../../access/reader.ts';
import type { Account } from '../../accounts/account.ts';
import { findLiveFeedToken } from '../../feeds/feed-tokens.ts';
import { readerOf } from '../../http/reader-identity.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { toPrivateFeedView, type PrivateFeedView } from './private-feed-view.ts';

/** The private feed part of an account's page: whether they may have one, and the one they have. */
export async function privateFeedViewOf(deps: ReaderSiteDeps, account: Account): Promise<PrivateFeedView> {
  const [reader, live, { settings }] = await Promise.all([readerOf(account, deps), findLiveFeedToken(deps.db, account.id), deps.chrome()]);
  return toPrivateFeedView({ isEntitled: isEntitled(reader), live, settings });
}
