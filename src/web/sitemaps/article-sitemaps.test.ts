import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { articleSitemapName, planArticleSitemaps, urlsPerSitemap } from './article-sitemaps.ts';

const november = new Date('2026-11-20T12:00:00Z');
const october = new Date('2026-10-31T23:00:00Z');

describe('the article sitemaps', () => {
  it('are one a month, named by the month', () => {
    const plan = planArticleSitemaps([
      { month: '2026-10', count: 12, lastModified: october },
      { month: '2026-11', count: 3, lastModified: november },
    ]);
    assert.deepEqual(plan, [
      { name: 'articles-2026-10.xml', month: '2026-10', offset: 0, limit: urlsPerSitemap, lastModified: october },
      { name: 'articles-2026-11.xml', month: '2026-11', offset: 0, limit: urlsPerSitemap, lastModified: november },
    ]);
  });

  it('split a month that holds more than a sitemap may, into numbered parts that cover it exactly', () => {
    const plan = planArticleSitemaps([{ month: '2026-11', count: 2 * urlsPerSitemap + 1, lastModified: november }]);
    assert.deepEqual(
      plan.map((sitemap) => sitemap.name),
      ['articles-2026-11.xml', 'articles-2026-11-2.xml', 'articles-2026-11-3.xml'],
    );
    assert.deepEqual(
      plan.map((sitemap) => sitemap.offset),
      [0, urlsPerSitemap, 2 * urlsPerSitemap],
    );
    assert.ok(plan.every((sitemap) => sitemap.limit === urlsPerSitemap));
  });

  it('give a month of exactly the limit one sitemap, and a month with none no sitemap', () => {
    assert.equal(planArticleSitemaps([{ month: '2026-11', count: 4, lastModified: november }], 4).length, 1);
    assert.equal(planArticleSitemaps([{ month: '2026-11', count: 5, lastModified: november }], 4).length, 2);
    assert.deepEqual(planArticleSitemaps([{ month: '2026-11', count: 0, lastModified: november }]), []);
  });

  it('name the first part as the month itself', () => {
    assert.equal(articleSitemapName('2026-01', 1), 'articles-2026-01.xml');
    assert.equal(articleSitemapName('2026-01', 4), 'articles-2026-01-4.xml');
  });
});
