import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's cost: 2^15 × 8 × 128 bytes = 32 MiB of memory per hash, which is what makes it memory-hard. */
const costLog2 = 15;
const blockSize = 8;
const parallelization = 1;
const keyLength = 32;

export const minimumPasswordLength = 10;
/** Long enough for any passphrase; longer input would only make hashing a way to tie up the server. */
export const maximumPasswordLength = 200;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, { ...options, maxmem: 256 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** "scrypt$15$8$1$salt$hash": the parameters travel with the hash, so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N: 2 ** costLog2, r: blockSize, p: parallelization });
  return ['scrypt', costLog2, blockSize, parallelization, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, log2, r, p, salt, expected] = stored.split('$');
  if (scheme !== 'scrypt' || !log2 || !r || !p || !salt || !expected) return false;
  const expectedKey = Buffer.from(expected, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: 2 ** Number(log2), r: Number(r), p: Number(p) });
  return key.length === expectedKey.length && timingSafeEqual(key, expectedKey);
}

let decoy: Promise<string> | undefined;

/**
 * Spends the time a password check takes when there is no account to check against, so a wrong
 * address and a wrong password cannot be told apart by how long the answer takes.
 */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await decoy);
  return false;
}
