import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveRedemptionCodeKey, maximumRedemptionCodeLength, newRedemptionNonce, readRedemptionCode, signRedemptionCode } from './redemption-code.ts';

const key = deriveRedemptionCodeKey('a server secret of some length');
const nonce = newRedemptionNonce();
const code = signRedemptionCode({ giftId: 1234, nonce }, key);

describe('a redemption code', () => {
  it('reads back as the gift it was signed for, with its random part', () => {
    assert.deepEqual(readRedemptionCode(code, key), { kind: 'signed', giftId: 1234, nonce });
    assert.ok(code.length <= maximumRedemptionCodeLength);
    assert.match(code, /^gs1\.ya\./);
  });

  it('is altered when any character changes', () => {
    for (let i = 0; i < code.length; i += 1) {
      const swapped = code[i] === 'A' ? 'B' : 'A';
      const edited = code.slice(0, i) + swapped + code.slice(i + 1);
      if (edited !== code) assert.deepEqual(readRedemptionCode(edited, key), { kind: 'altered' }, `position ${i}`);
    }
  });

  it('is altered when it names another gift, is cut short, lengthened or empty', () => {
    const [prefix, , random, signature] = code.split('.');
    assert.deepEqual(readRedemptionCode(`${prefix}.yb.${random}.${signature}`, key), { kind: 'altered' });
    for (const text of [code.slice(0, -1), `${code}A`, '', 'gs1...', `${code}${'x'.repeat(500)}`])
      assert.deepEqual(readRedemptionCode(text, key), { kind: 'altered' });
  });

  it('is altered under another server’s secret, and gift links’ keys sign nothing of it', () => {
    assert.deepEqual(readRedemptionCode(code, deriveRedemptionCodeKey('another secret')), { kind: 'altered' });
  });

  it('is altered when it names gift zero', () => {
    assert.deepEqual(readRedemptionCode(signRedemptionCode({ giftId: 0, nonce }, key), key), { kind: 'altered' });
  });

  it('differs for every gift and every purchase', () => {
    assert.notEqual(signRedemptionCode({ giftId: 1234, nonce: newRedemptionNonce() }, key), code);
    assert.notEqual(signRedemptionCode({ giftId: 1235, nonce }, key), code);
  });
});
