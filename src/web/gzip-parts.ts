import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * Gzip made of pieces compressed apart: each piece is deflated on its own and ends on a byte
 * boundary without closing the stream, so pieces follow one another as one deflate stream. A page
 * with holes for a reader's own details keeps its pieces between the holes compressed, and a request
 * compresses only what fills the holes.
 */
export function deflatePiece(bytes: Buffer, level: number): Buffer {
  return deflateRawSync(bytes, { level, finishFlush: constants.Z_SYNC_FLUSH });
}

// ID1 ID2, deflate, no flags, no time, no extra flags, unknown system (RFC 1952).
const gzipHeader = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
// An empty fixed-Huffman block marked last: the end of the deflate stream.
const lastBlock = Buffer.from([0x03, 0x00]);

/** The gzip file of the plain pieces, given each piece deflated by deflatePiece, in the same order. */
export function joinGzip(pieces: readonly { plain: Buffer; deflated: Buffer }[]): Buffer {
  let checksum = 0;
  let length = 0;
  for (const { plain } of pieces) {
    checksum = crc32(plain, checksum);
    length += plain.length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(checksum >>> 0, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  return Buffer.concat([gzipHeader, ...pieces.map((piece) => piece.deflated), lastBlock, trailer]);
}
