import { createHash } from 'node:crypto';

/**
 * A mergeable count of distinct readers: exact while small (the readers' hashes themselves), a
 * HyperLogLog of 4,096 registers once larger (about 1.6 % standard error). A day's sketch is kept
 * per funnel step; a period's count is the merge of its days', so a reader who came back on ten
 * days counts once (docs/decisions/0028).
 */
export type ReaderSketch = { kind: 'exact'; hashes: ReadonlySet<string> } | { kind: 'estimated'; registers: Uint8Array };

/** Past this many readers a sketch becomes estimated: the exact list would then be larger than the registers. */
export const exactReadersAtMost = 256;
const indexBits = 12;
const registerCount = 2 ** indexBits;
const hashLength = 16;

/** 64 bits of SHA-256 of the reader key, as hex: enough that two readers of one period practically never share one. */
export function hashReaderKey(readerKey: string): string {
  return createHash('sha256').update(readerKey).digest('hex').slice(0, hashLength);
}

function addToRegisters(registers: Uint8Array, hash: string): void {
  const index = Number.parseInt(hash.slice(0, 3), 16);
  const rest = Number.parseInt(hash.slice(3, 11), 16);
  // The rank of the first 1 bit in the 32 bits after the index; all zeros ranks past them.
  const rank = rest === 0 ? 33 : Math.clz32(rest) + 1;
  if (rank > (registers[index] ?? 0)) registers[index] = rank;
}

function registersOf(hashes: Iterable<string>): Uint8Array {
  const registers = new Uint8Array(registerCount);
  for (const hash of hashes) addToRegisters(registers, hash);
  return registers;
}

function sketchOfHashes(hashes: Set<string>): ReaderSketch {
  return hashes.size <= exactReadersAtMost ? { kind: 'exact', hashes } : { kind: 'estimated', registers: registersOf(hashes) };
}

/** The sketch of a set of reader keys. */
export function sketchReaders(readerKeys: Iterable<string>): ReaderSketch {
  const hashes = new Set<string>();
  for (const key of readerKeys) hashes.add(hashReaderKey(key));
  return sketchOfHashes(hashes);
}

/** The sketch of the union: what the readers of several days are, together. */
export function mergeSketches(sketches: readonly ReaderSketch[]): ReaderSketch {
  const union = new Set<string>();
  let registers: Uint8Array | null = null;
  for (const sketch of sketches) {
    if (sketch.kind === 'exact') {
      for (const hash of sketch.hashes) union.add(hash);
      continue;
    }
    registers ??= new Uint8Array(registerCount);
    for (let index = 0; index < registerCount; index += 1) {
      const value = sketch.registers[index] ?? 0;
      if (value > (registers[index] ?? 0)) registers[index] = value;
    }
  }
  if (registers === null) return sketchOfHashes(union);
  for (const hash of union) addToRegisters(registers, hash);
  return { kind: 'estimated', registers };
}

/** How many distinct readers the sketch holds: exact while it is exact, else the HyperLogLog estimate with its small-range correction. */
export function countReaders(sketch: ReaderSketch): number {
  if (sketch.kind === 'exact') return sketch.hashes.size;
  let harmonicSum = 0;
  let emptyRegisters = 0;
  for (const value of sketch.registers) {
    harmonicSum += 2 ** -value;
    if (value === 0) emptyRegisters += 1;
  }
  const alpha = 0.7213 / (1 + 1.079 / registerCount);
  const raw = (alpha * registerCount * registerCount) / harmonicSum;
  // Few readers leave registers empty; counting the empty ones is then the better estimate.
  const estimate = raw <= 2.5 * registerCount && emptyRegisters > 0 ? registerCount * Math.log(registerCount / emptyRegisters) : raw;
  return Math.round(estimate);
}

/** As the rollup table keeps it: `x:` and the hashes, or `h:` and the registers in base64. */
export function encodeSketch(sketch: ReaderSketch): string {
  return sketch.kind === 'exact' ? `x:${[...sketch.hashes].sort().join('')}` : `h:${Buffer.from(sketch.registers).toString('base64')}`;
}

export class MalformedSketchError extends Error {
  override name = 'MalformedSketchError';
}

export function decodeSketch(text: string): ReaderSketch {
  const body = text.slice(2);
  if (text.startsWith('x:')) {
    if (body.length % hashLength !== 0 || !/^[0-9a-f]*$/.test(body)) throw new MalformedSketchError('An exact reader sketch holds whole hex hashes');
    const hashes = new Set<string>();
    for (let start = 0; start < body.length; start += hashLength) hashes.add(body.slice(start, start + hashLength));
    return { kind: 'exact', hashes };
  }
  if (text.startsWith('h:')) {
    const registers = new Uint8Array(Buffer.from(body, 'base64'));
    if (registers.length !== registerCount || registers.some((value) => value > 33))
      throw new MalformedSketchError('An estimated reader sketch holds 4,096 registers');
    return { kind: 'estimated', registers };
  }
  throw new MalformedSketchError('A reader sketch starts with x: or h:');
}
