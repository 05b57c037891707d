import { Type } from 'typebox';
import { formatAccessMessage } from '../../access/messages.ts';
import { findPublishedArticle } from '../../content/article-repository.ts';
import { giveGift, readGiftAllowance, type GiftRefusedReason } from '../../gifts/give-gift.ts';
import { giftLinkMaxOpens } from '../../gifts/gift-rules.ts';
import { revokeGift } from '../../gifts/gift-link-repository.ts';
import { readAccessSettings } from '../../settings/access-settings-repository.ts';
import { readAccessMessages } from '../../settings/settings-repository.ts';
import { accountPaths } from '../../http/account-paths.ts';
import { HttpError, NotFoundError } from '../../http/http-errors.ts';
import { slugParam } from '../query-schemas.ts';
import { identifyReader } from '../../http/reader-identity.ts';
import { requireAccount } from '../routes/accounts/account.ts';
import { csrfField } from '../routes/accounts/form-schemas.ts';
import type { App } from '../../http/site-deps.ts';
import type { ReaderSiteDeps } from '../reader-site-deps.ts';
import { articlePath } from '../../http/urls.ts';
import { sendPage } from '../render-page.ts';
import { formatPublicationTime } from '../../settings/publication-time.ts';
import { pageMeta } from '../views/meta-view.ts';
import { giftLinkUrl, giftPaths } from './gift-paths.ts';
import { giftsLeftText, opensLabelOf, type GiftGivenPageView } from './gift-views.ts';

const giveForm = Type.Object({ ...csrfField, article: slugParam });
const giftIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }) });

const refusals: Record<Exclude<GiftRefusedReason, 'allowance-spent'>, { status: number; message: string }> = {
  'not-a-subscriber': { status: 403, message: 'Gift links are for subscribers: subscribe to give articles to anyone.' },
  'gifts-off': { status: 403, message: 'This publication does not offer gift links at the moment.' },
  'free-article': { status: 400, message: 'This article is free for everyone to read: share its address as it is.' },
};

/**
 * "Gift this article": a subscriber gives the article a form names, and the answer is a page of its
 * own showing the new link to copy (the token is stored only as a hash, so this is the one time it
 * can be shown); the giver's address bar stays off the gift address, which would otherwise be what
 * they share or reopen. Revoking a link is for its giver alone.
 */
export function registerGiftRoutes(app: App, deps: ReaderSiteDeps): void {
  app.post(giftPaths.give, { schema: { body: giveForm }, preHandler: app.csrfProtection }, async (request, reply) => {
    const account = await requireAccount(request, reply, deps);
    if (!account) return reply;
    const now = deps.now();
    const [identity, article, settings, chrome] = await Promise.all([
      identifyReader(request, deps),
      findPublishedArticle(deps.db, request.body.article, now),
      readAccessSettings(deps.db),
      deps.chrome(),
    ]);
    if (!article) throw new NotFoundError('That article is not published, so it cannot be given.');
    const result = await giveGift(deps, { reader: identity.reader, article, settings, timeZone: chrome.settings.timeZone, now });
    if (result.kind === 'given') {
      const [messages, allowance] = await Promise.all([
        readAccessMessages(deps.db),
        readGiftAllowance(deps.db, { accountId: account.id, settings, timeZone: chrome.settings.timeZone, now }),
      ]);
      const page: GiftGivenPageView = {
        headline: article.headline,
        articleUrl: articlePath(article),
        link: {
          url: giftLinkUrl(deps.publicUrl, article, result.token),
          expiresLabel: formatPublicationTime(result.expiresAt, chrome.settings),
          opensLabel: opensLabelOf({ opensCount: 0, maxOpens: giftLinkMaxOpens }),
          isRevoked: false,
          isExpired: false,
        },
        giftsLeft: giftsLeftText(allowance.left, { messages, locale: chrome.settings.locale }),
        accountUrl: accountPaths.account,
      };
      const meta = pageMeta({
        title: 'Your gift link',
        description: article.headline,
        path: giftPaths.give,
        publicUrl: deps.publicUrl,
        settings: chrome.settings,
        isIndexable: false,
      });
      reply.header('cache-control', 'private, no-store');
      return sendPage(reply, deps, { chrome, identity, template: 'gift-given', page, meta });
    }
    if (result.reason === 'allowance-spent') {
      const messages = await readAccessMessages(deps.db);
      throw new HttpError(409, formatAccessMessage(messages, 'giftAllowanceSpent', chrome.settings.locale, { allowance: settings.giftsPerMonth }));
    }
    const { status, message } = refusals[result.reason];
    throw new HttpError(status, message);
  });

  app.post(
    '/account/gifts/:id/revoke',
    { schema: { params: giftIdParams, body: Type.Object(csrfField) }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const account = await requireAccount(request, reply, deps);
      if (!account) return reply;
      const isRevoked = await revokeGift(deps.db, { id: request.params.id, accountId: account.id, now: deps.now() });
      // Someone else's link, or none at all, is not found: its existence is not the asker's business.
      if (!isRevoked) throw new NotFoundError('You have no such gift link.');
      return reply.redirect(`${accountPaths.account}?changed=gift-revoked#account-gifts-title`, 303);
    },
  );
}
