import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeXml, newsLanguageOf, renderUrlSet } from './sitemap-xml.ts';

describe('sitemap XML', () => {
  it('escapes markup and drops characters XML 1.0 cannot carry', () => {
    assert.equal(escapeXml('Fish & chips <b>"now"</b> \'here\''), 'Fish &#38; chips &#60;b&#62;&#34;now&#34;&#60;/b&#62; &#39;here&#39;');
    assert.equal(escapeXml('a\u0000b\u0008c\u001Fd\uFFFEe\uD800f'), 'abcdef');
    assert.equal(escapeXml('tab\tnew\nline and 𝕏'), 'tab\tnew\nline and 𝕏');
  });

  it('leaves out lastmod where a page has no known change', () => {
    assert.match(renderUrlSet([{ loc: 'https://news.example/', lastModified: null }]), /<url><loc>https:\/\/news.example\/<\/loc><\/url>/);
  });
});

describe('the language Google News is told', () => {
  it("is the ISO 639 code of the publication's locale, and zh-cn or zh-tw for Chinese", () => {
    assert.equal(newsLanguageOf('en-US'), 'en');
    assert.equal(newsLanguageOf('fr'), 'fr');
    assert.equal(newsLanguageOf('pt-BR'), 'pt');
    assert.equal(newsLanguageOf('zh-CN'), 'zh-cn');
    assert.equal(newsLanguageOf('zh-Hans'), 'zh-cn');
    assert.equal(newsLanguageOf('zh-TW'), 'zh-tw');
    assert.equal(newsLanguageOf('zh-HK'), 'zh-tw');
  });
});
