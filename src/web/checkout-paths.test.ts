import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkoutDonePath, checkoutFormPath, checkoutLeftPath, checkoutStartPath, paidReturnPath, parseReturnPath, storyPathOf } from './checkout-paths.ts';

describe('the page a reader subscribes from', () => {
  it('is kept when it is a page of this site to read on', () => {
    assert.equal(parseReturnPath('/world/harbour-strike'), '/world/harbour-strike');
    assert.equal(parseReturnPath('/world/harbour-strike?utm_source=mail'), '/world/harbour-strike?utm_source=mail');
    assert.equal(parseReturnPath('/account'), '/account');
  });

  it('is dropped when it leads off the site or nowhere worth returning to', () => {
    for (const hostile of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      '/.//evil.example',
      '/%2e%2e//evil.example',
      'javascript:alert(1)',
      '/x\u0000y',
      'x'.repeat(600),
      42,
      undefined,
      null,
    ]) {
      assert.equal(parseReturnPath(hostile), null, String(hostile));
    }
    for (const nowhere of ['/', '/offers', '/checkout', '/checkout?offer=intro', '/checkout/test/abc', '/checkout/done?checkout=abc']) {
      assert.equal(parseReturnPath(nowhere), null, nowhere);
    }
  });
});

describe('the addresses that carry an offer and a return path', () => {
  it('lands a GET on the confirmation page for the offer, with the return path when there is one', () => {
    assert.equal(checkoutStartPath('intro', '/world/harbour-strike'), '/checkout?offer=intro&return=%2Fworld%2Fharbour-strike');
    assert.equal(checkoutStartPath('intro', null), '/checkout?offer=intro');
    assert.equal(checkoutStartPath('a&return=//evil.example', null), '/checkout?offer=a%26return%3D%2F%2Fevil.example');
  });

  it("brings a reader who left the provider's checkout back to the confirmation page for the same offer, marked", () => {
    assert.equal(checkoutLeftPath('intro', '/world/harbour-strike'), '/checkout?offer=intro&return=%2Fworld%2Fharbour-strike&left=1');
    assert.equal(checkoutLeftPath('intro', null), '/checkout?offer=intro&left=1');
    assert.equal(checkoutLeftPath('a&left=0', null), '/checkout?offer=a%26left%3D0&left=1');
  });

  it('returns from checkout to the done address, which says since when the reader has waited once they wait', () => {
    assert.equal(checkoutDonePath('abc'), '/checkout/done?checkout=abc');
    assert.equal(checkoutDonePath('abc', new Date('2026-11-20T17:00:00.900Z')), '/checkout/done?checkout=abc&since=1795194000');
  });

  it('gives the checkout form its return path in the query', () => {
    assert.equal(checkoutFormPath('/world/harbour-strike'), '/checkout?return=%2Fworld%2Fharbour-strike');
    assert.equal(checkoutFormPath(null), '/checkout');
  });
});

describe('where a paid checkout goes', () => {
  it('goes back to the article, marked for the welcome', () => {
    assert.equal(paidReturnPath('/world/harbour-strike'), '/world/harbour-strike?welcome=subscribed');
    assert.equal(paidReturnPath('/world/harbour-strike?utm_source=mail&welcome=x'), '/world/harbour-strike?utm_source=mail&welcome=subscribed');
  });

  it('goes to the account page when the reader came from there or from nowhere in particular', () => {
    assert.equal(paidReturnPath('/account'), '/account?changed=subscribed');
    assert.equal(paidReturnPath(null), '/account?changed=subscribed');
    assert.equal(paidReturnPath('/offers'), '/account?changed=subscribed');
    assert.equal(paidReturnPath('/accounting/audit-findings'), '/accounting/audit-findings?welcome=subscribed');
  });

  it('names the story to go back to only when the reader came from one', () => {
    assert.equal(storyPathOf('/world/harbour-strike?utm_source=mail'), '/world/harbour-strike?utm_source=mail');
    for (const elsewhere of [null, '/account', '/account/gifts', '/offers', '/', '//evil.example', '/checkout?offer=intro']) {
      assert.equal(storyPathOf(elsewhere), null, String(elsewhere));
    }
  });

  it('never goes off the site, even for a path stored before a stricter check', () => {
    for (const hostile of ['//evil.example', 'https://evil.example/x', '/\\evil.example', '/.//evil.example']) {
      assert.equal(paidReturnPath(hostile), '/account?changed=subscribed', hostile);
    }
  });
});
