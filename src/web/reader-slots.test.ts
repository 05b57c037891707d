import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillReaderSlots, readerSlotMarkers, toSlottedPage } from './reader-slots.ts';

const { name, csrfToken, notice } = readerSlotMarkers;

describe('reader slots', () => {
  it('leave a page without slots exactly as rendered, and never ask for a token', () => {
    const page = toSlottedPage('<p>Café — no slots</p>');
    const filled = fillReaderSlots(page, { name: 'Ana', notice: '', csrfToken: () => assert.fail('no form needs a token') });
    assert.equal(filled.toString(), '<p>Café — no slots</p>');
  });

  it('fill every slot, escaping the name as the theme escapes its output', () => {
    const page = toSlottedPage(`<a>${name}</a><input value="${csrfToken}"><p>${notice}</p><i>${name}</i><input value="${csrfToken}">`);
    let tokensMade = 0;
    const filled = fillReaderSlots(page, { name: `<Ana & "Jo" O'Neil>`, notice: 'You have 2 free articles left', csrfToken: () => `token-${(tokensMade += 1)}` });
    assert.equal(
      filled.toString(),
      '<a>&lt;Ana &amp; &#34;Jo&#34; O&#39;Neil&gt;</a><input value="token-1"><p>You have 2 free articles left</p><i>&lt;Ana &amp; &#34;Jo&#34; O&#39;Neil&gt;</i><input value="token-1">',
    );
    assert.equal(tokensMade, 1, 'one token serves every form on the page');
  });

  it('are marked with random text that no content can contain', () => {
    assert.match(name, /^dl-slot-[0-9a-f]{24}-name$/);
    assert.equal(new Set([name, csrfToken, notice]).size, 3);
  });
});
