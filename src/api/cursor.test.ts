import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeArticleCursor, decodeSearchCursor, encodeCursor } from './cursor.ts';

const publishedAt = new Date('2026-11-20T16:00:00.000Z');
const base64url = (text: string) => Buffer.from(text).toString('base64url');

describe('API cursors', () => {
  it('read back the place in a list of articles they were made from', () => {
    assert.deepEqual(decodeArticleCursor(encodeCursor({ kind: 'articles', publishedAt, id: 42 })), { kind: 'articles', publishedAt, id: 42 });
  });

  it('read back the position in search results they were made from', () => {
    assert.deepEqual(decodeSearchCursor(encodeCursor({ kind: 'search', offset: 20 })), { kind: 'search', offset: 20 });
  });

  it('are opaque: no date or id shows in them as plain text', () => {
    const cursor = encodeCursor({ kind: 'articles', publishedAt, id: 42 });
    assert.match(cursor, /^[A-Za-z0-9_-]+$/);
    assert.ok(!cursor.includes('2026'));
  });

  it('are taken only by their own kind of list', () => {
    assert.equal(decodeSearchCursor(encodeCursor({ kind: 'articles', publishedAt, id: 42 })), null);
    assert.equal(decodeArticleCursor(encodeCursor({ kind: 'search', offset: 20 })), null);
  });

  const malformed: Record<string, string> = {
    empty: '',
    'not base64url': 'a1|2026-11-20T16:00:00.000Z|42',
    'padding and other alphabets': `${base64url('s1|20')}==`,
    'an unknown version': base64url('a2|2026-11-20T16:00:00.000Z|42'),
    'a date that is no date': base64url('a1|2026-13-45T16:00:00.000Z|42'),
    'a date in another form': base64url('a1|2026-11-20 16:00:00|42'),
    'a zero id': base64url('a1|2026-11-20T16:00:00.000Z|0'),
    'a negative id': base64url('a1|2026-11-20T16:00:00.000Z|-4'),
    'an id beyond safe integers': base64url('a1|2026-11-20T16:00:00.000Z|9999999999999999'),
    'trailing text': base64url('a1|2026-11-20T16:00:00.000Z|42|x'),
    'a negative offset': base64url('s1|-10'),
    'an offset with leading zeros': base64url('s1|010'),
    'an overlong value': 'A'.repeat(200),
  };
  for (const [what, value] of Object.entries(malformed)) {
    it(`refuse ${what}`, () => {
      assert.equal(decodeArticleCursor(value), null);
      assert.equal(decodeSearchCursor(value), null);
    });
  }
});
