import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../../../test/database.ts';
import { seedNewsletterSend } from '../../../test/newsletter-send-fixtures.ts';
import { assertWellFormedHtml } from '../../../test/well-formed-html.ts';
import { newsletterTemplates } from '../newsletter-tables.ts';
import { entitledAccounts, variantOf } from './entitlement.ts';
import { loadEdition } from './load-edition.ts';
import { personaliseEdition } from './personalise.ts';
import { renderEdition } from './render-edition.ts';

/**
 * The planted-token leak test over sent messages: a send of one article of each locked level, each
 * with a unique word behind its preview (test/planted-articles.ts). No preview copy, in either part or either template, may
 * hold a locked word; a full copy holds them all; every copy holds every preview's open word.
 */
const now = new Date('2026-11-20T12:00:00Z');
const siteUrl = new URL('https://gazette.example/');
const linksFor = (accountId: number) => ({
  newsletterToken: (articleId: number) => `n1.${accountId}.${articleId}`,
  unsubscribeUrl: `https://gazette.example/newsletters/unsubscribe?token=u1.${accountId}`,
  preferencesUrl: `https://gazette.example/newsletters/preferences?token=p1.${accountId}`,
});

for (const template of newsletterTemplates) {
  describe(`the locked text of a ${template} newsletter`, async () => {
    // A database each: the fixture seeds a whole publication.
    const { db } = await openTestDatabase();
    const fixture = await seedNewsletterSend(db, now, { template });
    const planted = [...fixture.planted.values()];
    const edition = await loadEdition(db, fixture.sendId, { siteUrl, now });
    assert.ok(edition);

    it('reaches no preview copy, in its HTML or its plain text', () => {
      const { html, text } = personaliseEdition(renderEdition(edition, 'preview'), linksFor(fixture.readers.registered));
      assertWellFormedHtml(html);
      for (const part of [html, text]) {
        assert.doesNotMatch(part, /quokkaword/);
        for (const article of planted) {
          assert.ok(!part.includes(article.token), `a preview copy holds ${article.token}`);
          assert.ok(part.includes(article.openToken), `a preview copy lacks the open ${article.openToken}`);
        }
      }
    });

    it('reaches a full copy whole', () => {
      const { html, text } = personaliseEdition(renderEdition(edition, 'full'), linksFor(fixture.readers.subscriber));
      assertWellFormedHtml(html);
      for (const part of [html, text]) for (const article of planted) assert.ok(part.includes(article.token), `a full copy lacks ${article.token}`);
    });

    it('reaches the entitled subscriber and not the registered reader, each given the copy their entitlement chooses', async () => {
      const recipients = [fixture.readers.registered, fixture.readers.subscriber];
      const entitled = await entitledAccounts(db, recipients, now);
      const copies = new Map<number, string>();
      for (const accountId of recipients) {
        const variant = variantOf(
          entitled.get(accountId),
          edition.articles.flatMap((article) => (article.requiredTier === null ? [] : [article.requiredTier])),
        );
        copies.set(accountId, personaliseEdition(renderEdition(edition, variant), linksFor(accountId)).html);
      }
      const registeredCopy = copies.get(fixture.readers.registered) ?? '';
      const subscriberCopy = copies.get(fixture.readers.subscriber) ?? '';
      for (const article of planted) {
        assert.ok(!registeredCopy.includes(article.token));
        assert.ok(subscriberCopy.includes(article.token));
      }
    });
  });
}
