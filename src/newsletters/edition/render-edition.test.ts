import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { renderBody } from '../../content/markdown.ts';
import { exampleEdition, exampleEditionArticle } from '../../../test/newsletter-send-fixtures.ts';
import { assertWellFormedHtml } from '../../../test/well-formed-html.ts';
import { personaliseEdition } from './personalise.ts';
import { placeholderMark } from './placeholders.ts';
import { renderEdition } from './render-edition.ts';

const links = {
  newsletterToken: (articleId: number) => `n1.token-for-${articleId}`,
  unsubscribeUrl: 'https://gazette.example/newsletters/unsubscribe?token=u1.a.b.c',
  preferencesUrl: 'https://gazette.example/newsletters/preferences?token=p1.a.c',
};

describe('rendering an edition', () => {
  it('gives a preview copy the free article whole and the locked one cut, with a link to subscribe', () => {
    const { html, text } = renderEdition(exampleEdition(), 'preview');
    for (const part of [html, text]) {
      assert.match(part, /FREEWORDS all of it/);
      assert.match(part, /The open opening/);
      assert.doesNotMatch(part, /LOCKEDWORDS/);
      assert.match(part, /Subscribe to read/);
    }
  });

  it('asks a reader of a metered article to continue reading, on the site', () => {
    const edition = exampleEdition({ articles: [exampleEditionArticle({ access: 'metered' })] });
    assert.match(renderEdition(edition, 'preview').html, />Continue reading on The Test Gazette<\/a>/);
    assert.match(renderEdition(edition, 'preview').text, /Continue reading: https:\/\/gazette\.example\/world\/harbour-talks\?nl=/);
  });

  it('gives a full copy every article whole, with no call to subscribe', () => {
    const { html, text } = renderEdition(exampleEdition(), 'full');
    for (const part of [html, text]) {
      assert.match(part, /FREEWORDS/);
      assert.match(part, /LOCKEDWORDS behind the wall/);
      assert.doesNotMatch(part, /Subscribe to read|Continue reading/);
    }
  });

  it('is well-formed HTML in one column 600px wide that narrows on a phone, with its styles inlined', () => {
    for (const variant of ['full', 'preview'] as const) {
      const { html } = renderEdition(exampleEdition(), variant);
      assertWellFormedHtml(html);
      assert.match(html, /^<!doctype html>/);
      assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
      assert.match(html, /<table role="presentation" class="column" width="600"[^>]*style="width: 600px; max-width: 100%;/);
      assert.match(html, /@media screen and \(max-width: 620px\)/);
      assert.match(html, /<h2 class="headline" style="[^"]*font-size: 26px/);
    }
  });

  it('fits a phone 320px wide: whatever is set wider may shrink to the screen, and long words break', () => {
    const { html } = renderEdition(exampleEdition(), 'full');
    for (const [style] of html.matchAll(/style="[^"]*"/g)) {
      const widest = Math.max(0, ...[...style.matchAll(/(?:^|[ ;"])width: (\d+)px/g)].map((match) => Number(match[1])));
      if (widest > 320) assert.match(style, /max-width: 100%/, style);
    }
    assert.match(html, /<td class="article" style="[^"]*overflow-wrap: break-word;/);
  });

  it('tolerates dark mode: it declares both schemes and sets its own dark colours', () => {
    const { html } = renderEdition(exampleEdition(), 'preview');
    assert.match(html, /<meta name="color-scheme" content="light dark">/);
    assert.match(html, /@media \(prefers-color-scheme: dark\)/);
  });

  it('shows the lead image from its absolute address, with its alt text, caption and credit', () => {
    const { html } = renderEdition(exampleEdition(), 'full');
    assert.match(html, /<img class="lead-image" src="https:\/\/gazette\.example\/media\/harbour-1200\.jpg" width="552" alt="A harbour at dusk"/);
    assert.match(html, /The harbour at dusk\. © Test Agency/);
  });

  it('leaves lead images out of a briefing', () => {
    const edition = exampleEdition({ newsletter: { ...exampleEdition().newsletter, template: 'briefing' } });
    assert.doesNotMatch(renderEdition(edition, 'full').html, /<img/);
  });

  it('opens with a hidden preheader of the first standfirst', () => {
    const { html } = renderEdition(exampleEdition(), 'preview');
    assert.match(html, /<body[^>]*>\n<div class="preheader" style="display:none;[^"]*">The film of the year, reviewed\.&#8204;/);
  });

  it('ends with why the reader gets it, their preferences and unsubscribe links, and the publication', () => {
    const { html, text } = personaliseEdition(renderEdition(exampleEdition(), 'preview'), links);
    assert.match(html, /You receive The Morning Briefing because you signed up for it at The Test Gazette\./);
    assert.match(html, /<a href="https:\/\/gazette\.example\/newsletters\/preferences\?token=p1\.a\.c"[^>]*>Manage your newsletters<\/a>/);
    assert.match(html, /<a href="https:\/\/gazette\.example\/newsletters\/unsubscribe\?token=u1\.a\.b\.c"[^>]*>Unsubscribe<\/a>/);
    assert.match(text, /Manage your newsletters: https:\/\/gazette\.example\/newsletters\/preferences\?token=p1\.a\.c\n/);
    assert.match(text, /Unsubscribe: https:\/\/gazette\.example\/newsletters\/unsubscribe\?token=u1\.a\.b\.c\n/);
    assert.match(text, /The Test Gazette: https:\/\/gazette\.example\/\n$/);
  });

  it('comes from the newsletter’s sender, under the send’s subject, each on one line', () => {
    const rendered = renderEdition(exampleEdition(), 'full');
    assert.equal(rendered.subject, 'Today’s briefing');
    assert.deepEqual(rendered.from, { name: 'The Test Gazette', address: 'briefing@gazette.example' });
    const edition = exampleEdition({
      subject: 'Today\r\nBcc: everyone@example.org',
      newsletter: { ...exampleEdition().newsletter, senderName: 'The\nGazette' },
    });
    assert.equal(renderEdition(edition, 'full').subject, 'Today Bcc: everyone@example.org');
    assert.equal(renderEdition(edition, 'full').from.name, 'The Gazette');
  });

  it('heads a digest with its subject, and an article’s own send with its headline once', () => {
    const count = (part: string, words: string) => part.split(words).length - 1;
    const digest = renderEdition(exampleEdition(), 'full');
    assert.equal(count(digest.html, '>Today’s briefing<'), 2, 'the title and the subject line');
    assert.match(digest.text, /Today’s briefing\n=+/);
    const article = exampleEditionArticle({ headline: 'Harbour talks resume' });
    const single = renderEdition(exampleEdition({ subject: 'Harbour talks resume', articles: [article] }), 'full');
    assert.equal(count(single.html, 'Harbour talks resume</'), 2, 'the title and the article’s headline, no subject line between');
    assert.equal(count(single.text, 'Harbour talks resume'), 1);
  });

  it('stays well formed around every kind of block a body holds', () => {
    const markdown =
      '## A heading\n\nA *paragraph* with [a link](/world) and `code`.\n\n> A quote\n\n1. One\n2. Two\n\n---\n\n```\nfenced <code>\n```\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nLine  \nbreak.';
    const fullHtml = renderBody(markdown)
      .blocks.map((block) => block.html)
      .join('\n');
    const { html } = renderEdition(exampleEdition({ articles: [exampleEditionArticle({ access: 'free', fullHtml, previewHtml: fullHtml })] }), 'preview');
    assertWellFormedHtml(html);
    assert.match(html, /<table[^>]*>\s*<thead>/);
    assert.match(html, /<pre[^>]*><code>fenced &lt;code&gt;\n<\/code><\/pre>/);
  });

  it('escapes every word it is given', () => {
    const hostile = '<script>alert("x")</script> & "quotes"';
    const edition = exampleEdition({
      subject: hostile,
      siteName: hostile,
      newsletter: { ...exampleEdition().newsletter, name: hostile },
      articles: [
        exampleEditionArticle({
          headline: hostile,
          standfirst: hostile,
          byline: hostile,
          dateline: hostile,
          sectionName: hostile,
          leadImage: { url: 'https://gazette.example/x.jpg"onerror="alert(1)', alt: hostile, caption: hostile, credit: hostile },
        }),
      ],
    });
    const { html } = renderEdition(edition, 'full');
    assert.doesNotMatch(html, /<script|onerror="/i);
    assert.match(html, /&#60;script&#62;alert\(&#34;x&#34;\)&#60;\/script&#62; &#38; &#34;quotes&#34;/);
    assertWellFormedHtml(html);
  });

  it('gives the plain-text part the article’s words with each link’s address beside them', () => {
    const article = exampleEditionArticle({
      access: 'free',
      fullHtml: '<p>Read <a href="https://gazette.example/a?x=1&amp;y=2">the report</a> &amp; weep.</p>\n<ul>\n<li>One</li>\n<li>Two</li>\n</ul>',
    });
    const { text } = renderEdition(exampleEdition({ articles: [article] }), 'preview');
    assert.match(text, /Read the report \(https:\/\/gazette\.example\/a\?x=1&y=2\) & weep\.\n\n• One\n• Two/);
    assert.match(text, /WORLD\nHarbour talks resume\n====================\n\nNegotiators return after a week apart\.\n\nBy Ada Reporter, Ben Critic · LISBON/);
  });

  it('leaves no holes but its own: any text it is given, the mark included, comes out filled and well formed', () => {
    const words = fc.string({ unit: fc.constantFrom('a', ' ', '<', '&', '"', placeholderMark, 'u', 'p', '7'), maxLength: 30 });
    fc.assert(
      fc.property(words, words, words, (headline, standfirst, body) => {
        const article = exampleEditionArticle({ headline, standfirst, access: 'free', fullHtml: `<p>${body.replace(/[<&"]/g, '')}</p>` });
        const rendered = renderEdition(exampleEdition({ subject: headline, articles: [article] }), 'full');
        const { html, text } = personaliseEdition(rendered, links);
        assert.ok(!html.includes(placeholderMark) && !text.includes(placeholderMark));
        assertWellFormedHtml(html);
      }),
      { numRuns: 100 },
    );
  });
});
