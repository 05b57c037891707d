import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { deflatePiece } from './gzip-parts.ts';
import { fillReaderSlots, gzipReaderSlots, readerSlotMarkers, slottedPageBytes, stylesheetMarker, toSlottedPage, withDeflatedParts } from './reader-slots.ts';

const { name, csrfToken, notice, paymentBanner } = readerSlotMarkers;
const bannerHtml = Buffer.from('<div role="alert">Your last payment failed — <a href="/account/card">update your card</a></div>');
const banner = { plain: bannerHtml, deflated: deflatePiece(bannerHtml, 9) };
const css = Buffer.from('body{margin:0}'.repeat(100));
const articleCss = Buffer.from('.article{margin:0}'.repeat(100));
const bundles = new Map([
  ['core', { plain: css, deflated: deflatePiece(css, 9) }],
  ['article', { plain: articleCss, deflated: deflatePiece(articleCss, 9) }],
]);
const stylesheet = (bundle: string) => bundles.get(bundle) ?? assert.fail(`no bundle ${bundle}`);
const noToken = () => assert.fail('no form needs a token');

describe('reader slots', () => {
  it('leave a page without slots exactly as rendered, and never ask for a token', () => {
    const page = toSlottedPage('<p>Café — no slots</p>');
    const filled = fillReaderSlots(page, { name: 'Ana', notice: '', csrfToken: noToken, stylesheet, paymentBanner: null });
    assert.equal(filled.toString(), '<p>Café — no slots</p>');
  });

  it('fill every slot, escaping the name as the theme escapes its output', () => {
    const page = toSlottedPage(`<a>${name}</a><input value="${csrfToken}"><p>${notice}</p><i>${name}</i><input value="${csrfToken}">`);
    let tokensMade = 0;
    const filled = fillReaderSlots(page, {
      name: `<Ana & "Jo" O'Neil>`,
      notice: 'You have 2 free articles left',
      csrfToken: () => `token-${++tokensMade}`,
      stylesheet,
      paymentBanner: null,
    });
    assert.equal(
      filled.toString(),
      '<a>&lt;Ana &amp; &#34;Jo&#34; O&#39;Neil&gt;</a><input value="token-1"><p>You have 2 free articles left</p><i>&lt;Ana &amp; &#34;Jo&#34; O&#39;Neil&gt;</i><input value="token-1">',
    );
    assert.equal(tokensMade, 1, 'one token serves every form on the page');
  });

  it('put the shared stylesheet bundle the page names where it asks for it, as it is, and keep no copy of it in the page', () => {
    const page = toSlottedPage(`<style>${stylesheetMarker('article')}</style><p>${name}</p>`);
    assert.equal(
      fillReaderSlots(page, { name: 'Ana', notice: '', csrfToken: noToken, stylesheet, paymentBanner: null }).toString(),
      `<style>${articleCss}</style><p>Ana</p>`,
    );
    assert.ok(slottedPageBytes(page) < 40, `the page holds ${slottedPageBytes(page)} bytes`);
    const front = toSlottedPage(`<style>${stylesheetMarker('core')}</style>`);
    assert.equal(fillReaderSlots(front, { name: '', notice: '', csrfToken: noToken, stylesheet, paymentBanner: null }).toString(), `<style>${css}</style>`);
  });

  it("show the payment-failed banner's markup as it is to the reader it is for, and nothing in its place to anyone else", () => {
    const page = withDeflatedParts(toSlottedPage(`<header>${paymentBanner}<a>${name}</a></header>`));
    const fill = { name: 'Ana', notice: '', csrfToken: noToken, stylesheet };
    assert.equal(fillReaderSlots(page, { ...fill, paymentBanner: banner }).toString(), `<header>${bannerHtml}<a>Ana</a></header>`);
    assert.equal(fillReaderSlots(page, { ...fill, paymentBanner: null }).toString(), '<header><a>Ana</a></header>');
    assert.equal(gunzipSync(gzipReaderSlots(page, { ...fill, paymentBanner: null })).toString(), '<header><a>Ana</a></header>');
    assert.ok(!page.parts.some((part) => part.includes('payment failed')), 'the kept page holds no banner');
  });

  it('name bundles only by lowercase words and hyphens, so a marker always ends where its name does', () => {
    assert.throws(() => stylesheetMarker('Article'), /not a stylesheet bundle's name/);
    assert.throws(() => stylesheetMarker('article</style>'), /not a stylesheet bundle's name/);
  });

  it('gzip to the same page, made for one request or kept with its parts deflated', () => {
    const html = `<style>${stylesheetMarker('core')}</style>${paymentBanner}<a>${name}</a><form><input value="${csrfToken}"></form><p>${notice}</p>${'<li>A story about the harbour</li>'.repeat(200)}`;
    const fill = { name: 'Zoë & Ana', notice: 'This is your last free article this month', csrfToken: () => 'token', stylesheet, paymentBanner: banner };
    const made = toSlottedPage(html);
    const kept = withDeflatedParts(made);
    for (const page of [made, kept]) assert.equal(gunzipSync(gzipReaderSlots(page, fill)).toString(), fillReaderSlots(made, fill).toString());
    assert.ok(slottedPageBytes(kept) > slottedPageBytes(made), 'a kept page counts its deflated parts against the budget');
    assert.ok(gzipReaderSlots(kept, fill).length < fillReaderSlots(made, fill).length / 5);
  });

  it('are marked with random text that no content can contain', () => {
    assert.match(name, /^dl-slot-[0-9a-f]{24}-name$/);
    assert.equal(new Set([name, csrfToken, notice, paymentBanner, stylesheetMarker('core'), stylesheetMarker('article')]).size, 6);
  });
});
