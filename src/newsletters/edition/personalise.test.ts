import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exampleEdition } from '../../../test/newsletter-send-fixtures.ts';
import { personaliseEdition } from './personalise.ts';
import { placeholderMark } from './placeholders.ts';
import { renderEdition, type RenderedEdition } from './render-edition.ts';

const linksFor = (reader: string) => ({
  newsletterToken: (articleId: number) => `n1.${reader}.${articleId}`,
  unsubscribeUrl: `https://gazette.example/newsletters/unsubscribe?token=u1.${reader}&source=mail`,
  preferencesUrl: `https://gazette.example/newsletters/preferences?token=p1.${reader}`,
});

describe('personalising an edition', () => {
  const rendered = renderEdition(exampleEdition(), 'preview');

  it('puts the recipient’s token on every link to each article, in both parts', () => {
    const { html, text } = personaliseEdition(rendered, linksFor('ada'));
    // The locked article is linked from its image, its headline and its button; the free one from its image and headline.
    assert.equal(html.split('href="https://gazette.example/world/harbour-talks?nl=n1.ada.7"').length - 1, 3);
    assert.equal(html.split('href="https://gazette.example/culture/free-review?nl=n1.ada.5"').length - 1, 2);
    assert.match(text, /Subscribe to read: https:\/\/gazette\.example\/world\/harbour-talks\?nl=n1\.ada\.7\n/);
    assert.match(text, /Read it on the site: https:\/\/gazette\.example\/culture\/free-review\?nl=n1\.ada\.5\n/);
  });

  it('escapes the links for HTML in the HTML part and leaves them as they are in the text', () => {
    const { html, text } = personaliseEdition(rendered, linksFor('ada'));
    assert.match(html, /href="https:\/\/gazette\.example\/newsletters\/unsubscribe\?token=u1\.ada&#38;source=mail"/);
    assert.match(text, /Unsubscribe: https:\/\/gazette\.example\/newsletters\/unsubscribe\?token=u1\.ada&source=mail\n/);
  });

  it('encodes a token as a query value', () => {
    const { text } = personaliseEdition(rendered, { ...linksFor('ada'), newsletterToken: () => 'a b&c' });
    assert.match(text, /\?nl=a%20b%26c\n/);
  });

  it('asks for each article’s token once per recipient', () => {
    const asked: number[] = [];
    const newsletterToken = (id: number) => {
      asked.push(id);
      return `n1.${id}`;
    };
    personaliseEdition(rendered, { ...linksFor('ada'), newsletterToken });
    assert.deepEqual(asked.sort(), [5, 7]);
  });

  it('gives each recipient their own links from one rendering, leaving it unchanged', () => {
    const before = { ...rendered };
    const ada = personaliseEdition(rendered, linksFor('ada'));
    const ben = personaliseEdition(rendered, linksFor('ben'));
    assert.doesNotMatch(ben.html, /ada/);
    assert.doesNotMatch(ada.html, /ben/);
    assert.equal(ada.html.replaceAll('ada', 'ben'), ben.html);
    assert.deepEqual(rendered, before);
    for (const copy of [ada, ben]) {
      assert.ok(!copy.html.includes(placeholderMark) && !copy.text.includes(placeholderMark));
      assert.equal(copy.subject, rendered.subject);
      assert.deepEqual(copy.from, rendered.from);
    }
  });

  it('refuses a rendering whose holes were tampered with', () => {
    const broken: RenderedEdition = { ...rendered, html: `${rendered.html}${placeholderMark}` };
    assert.throws(() => personaliseEdition(broken, linksFor('ada')), /unclosed placeholder/);
    const unknown: RenderedEdition = { ...rendered, text: `${placeholderMark}x${placeholderMark}` };
    assert.throws(() => personaliseEdition(unknown, linksFor('ada')), /unknown placeholder "x"/);
  });
});
