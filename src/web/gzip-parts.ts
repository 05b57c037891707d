import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * Gzip made of pieces compressed apart: each piece is deflated on its own and ends on a byte
 * boundary without closing the stream, so pieces follow one another as one deflate stream. A page
 * with holes keeps its pieces between the holes compressed; what fills the holes is either shared by
 * every page (the stylesheet, deflated once) or a reader's few bytes, stored as they are.
 */
export function deflatePiece(bytes: Buffer, level: number): Buffer {
  return deflateRawSync(bytes, { level, finishFlush: constants.Z_SYNC_FLUSH });
}

const largestStoredBlock = 0xffff;

/**
 * A piece as deflate's stored blocks (RFC 1951, 3.2.4): its bytes uncompressed behind a length. A
 * reader's name or token is too short to gain from compression, and storing it needs no zlib
 * stream, so a request allocates nothing beyond the bytes it sends.
 */
export function storedPiece(bytes: Buffer): Buffer {
  const blocks: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += largestStoredBlock) {
    const chunk = bytes.subarray(start, start + largestStoredBlock);
    // Not the last block, type 00, padded to the byte: one zero byte; then the length and its complement.
    const header = Buffer.from([0, chunk.length & 0xff, chunk.length >> 8, ~chunk.length & 0xff, (~chunk.length >> 8) & 0xff]);
    blocks.push(header, chunk);
  }
  return Buffer.concat(blocks);
}

// ID1 ID2, deflate, no flags, no time, no extra flags, unknown system (RFC 1952).
const gzipHeader = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
// An empty fixed-Huffman block marked last: the end of the deflate stream.
const lastBlock = Buffer.from([0x03, 0x00]);

/** The gzip file of the plain pieces, given each piece deflated by deflatePiece or storedPiece, in the same order. */
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
