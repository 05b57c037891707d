import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isClientCopyCurrent, weakEtag } from './conditional-get.ts';

const validators = { etag: weakEtag('feed', 42), lastModified: new Date('2026-11-27T09:30:15.250Z') };

describe('whether a client copy of a list or feed is current', () => {
  it('is not, when the client sends no validator', () => {
    assert.equal(isClientCopyCurrent({}, validators), false);
  });

  it('is, when the client holds the same tag, weak or strong, alone or among others', () => {
    assert.equal(isClientCopyCurrent({ 'if-none-match': 'W/"feed-42"' }, validators), true);
    assert.equal(isClientCopyCurrent({ 'if-none-match': '"feed-42"' }, validators), true);
    assert.equal(isClientCopyCurrent({ 'if-none-match': '"other", W/"feed-42"' }, validators), true);
    assert.equal(isClientCopyCurrent({ 'if-none-match': '*' }, validators), true);
  });

  it('is not, when the tag differs, whatever the date says', () => {
    assert.equal(isClientCopyCurrent({ 'if-none-match': 'W/"feed-41"', 'if-modified-since': 'Fri, 27 Nov 2026 10:00:00 GMT' }, validators), false);
  });

  it('goes by the date, to the second, when no tag is sent', () => {
    assert.equal(isClientCopyCurrent({ 'if-modified-since': 'Fri, 27 Nov 2026 09:30:15 GMT' }, validators), true);
    assert.equal(isClientCopyCurrent({ 'if-modified-since': 'Fri, 27 Nov 2026 09:30:14 GMT' }, validators), false);
    assert.equal(isClientCopyCurrent({ 'if-modified-since': 'last Tuesday' }, validators), false);
  });

  it('makes tags of printable characters only, whatever the parts hold', () => {
    assert.equal(weakEtag('section', 'world news', 7), 'W/"section-world_news-7"');
    assert.equal(weakEtag('author', 'zoë"x'), 'W/"author-zo__x"');
  });
});
