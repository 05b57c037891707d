import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { deflatePiece, joinGzip, storedPiece } from './gzip-parts.ts';

describe('gzip of pieces compressed apart', () => {
  it('unzips to the pieces in order, holes and empty pieces included', () => {
    const pieces = [
      '<html><head><style>body{margin:0}</style></head><body><p>Hello, ',
      'Ada & Grace',
      '',
      '</p><p>You have 2 free articles left.</p></body></html>',
    ].map((text) => Buffer.from(text));
    const gzip = joinGzip(pieces.map((plain, index) => ({ plain, deflated: deflatePiece(plain, index === 1 ? 1 : 9) })));
    assert.equal(gunzipSync(gzip).toString(), pieces.join(''));
  });

  it('keeps a long page small, as one stream would', () => {
    const page = Buffer.from('<li class="teaser">A story about the harbour</li>\n'.repeat(2_000));
    const gzip = joinGzip([{ plain: page, deflated: deflatePiece(page, 6) }]);
    assert.ok(gzip.length < page.length / 20, `${gzip.length} bytes of ${page.length}`);
    assert.deepEqual(gunzipSync(gzip), page);
  });

  it('takes stored pieces between deflated ones: empty, short, and longer than one stored block holds', () => {
    const long = Buffer.alloc(150_000, 'é');
    const pieces = [
      { plain: Buffer.from('<p>Hello, '), deflated: deflatePiece(Buffer.from('<p>Hello, '), 9) },
      { plain: Buffer.from('Zoë'), deflated: storedPiece(Buffer.from('Zoë')) },
      { plain: Buffer.alloc(0), deflated: storedPiece(Buffer.alloc(0)) },
      { plain: long, deflated: storedPiece(long) },
      { plain: Buffer.from('</p>'), deflated: deflatePiece(Buffer.from('</p>'), 1) },
    ];
    assert.deepEqual(gunzipSync(joinGzip(pieces)), Buffer.concat(pieces.map((piece) => piece.plain)));
    assert.equal(storedPiece(long).length, long.length + 5 * 3, 'three stored blocks, five bytes of header each');
  });
});
