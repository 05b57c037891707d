import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Newsletter } from './newsletter-repository.ts';
import { chosenAtRegistration, registrationNewsletters, storedNewsletterIds } from './registration-newsletters.ts';

const newsletter = (id: number, audience: Newsletter['audience']): Newsletter => ({
  id,
  slug: `n${id}`,
  name: `N${id}`,
  description: '',
  cadence: 'daily',
  audience,
});
const active = [newsletter(1, 'anyone'), newsletter(2, 'registered'), newsletter(3, 'subscribers')];

describe('newsletters at registration', () => {
  it('offers those a registered reader may join', () => {
    assert.deepEqual(
      registrationNewsletters(active).map(({ id }) => id),
      [1, 2],
    );
  });

  it('takes only ticks the form offered', () => {
    assert.deepEqual(chosenAtRegistration(active, [2, 3, 99]), [2]);
  });

  it('reads back stored ids, dropping anything that is not one', () => {
    assert.deepEqual(storedNewsletterIds('[1, "2", -3, 4.5, 7]'), [1, 7]);
    assert.deepEqual(storedNewsletterIds('{"not": "a list"}'), []);
  });
});
