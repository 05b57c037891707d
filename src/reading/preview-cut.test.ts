import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AccessDecision } from '../access/decide-access.ts';
import type { BodyBlock } from '../content/body-blocks.ts';
import { cutBody } from './preview-cut.ts';

const body: BodyBlock[] = ['one', 'two', 'three', 'four'].map((word) => ({ kind: 'paragraph', html: `<p>${word}</p>` }));
const full: AccessDecision = { access: 'full', meter: null, countsRead: false, notice: null, rule: null, meterLimit: null };
const preview: AccessDecision = { access: 'preview', meter: null, wall: { kind: 'subscription-required' }, rule: null, meterLimit: null };

describe('cutting the body before it is rendered', () => {
  it("gives a locked article's reader only the preview blocks", () => {
    assert.deepEqual(cutBody({ access: 'premium', body, previewBlockCount: 2 }, preview), { open: body.slice(0, 2), locked: [] });
  });

  it('gives an entitled reader the preview as open and the rest as locked', () => {
    assert.deepEqual(cutBody({ access: 'metered', body, previewBlockCount: 2 }, full), { open: body.slice(0, 2), locked: body.slice(2) });
  });

  it('keeps a free article open from start to end', () => {
    assert.deepEqual(cutBody({ access: 'free', body, previewBlockCount: 2 }, full), { open: body, locked: [] });
  });

  it("honours each article's own preview length, including none", () => {
    assert.deepEqual(cutBody({ access: 'registered', body, previewBlockCount: 0 }, preview), { open: [], locked: [] });
    assert.deepEqual(cutBody({ access: 'registered', body, previewBlockCount: 3 }, preview), { open: body.slice(0, 3), locked: [] });
  });

  it('always keeps the last block locked, however long the preview is set', () => {
    assert.deepEqual(cutBody({ access: 'premium', body, previewBlockCount: 9 }, preview), { open: body.slice(0, 3), locked: [] });
    assert.deepEqual(cutBody({ access: 'premium', body, previewBlockCount: 9 }, full), { open: body.slice(0, 3), locked: body.slice(3) });
    assert.deepEqual(cutBody({ access: 'metered', body: body.slice(0, 1), previewBlockCount: 2 }, preview), { open: [], locked: [] });
  });
});
