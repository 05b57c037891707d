import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultAccessMessages, findMessageError, formatAccessMessage } from './messages.ts';

describe('access messages', () => {
  it('say how many free articles are left, in the plural the number needs', () => {
    assert.equal(formatAccessMessage(defaultAccessMessages, 'meterRemaining', 'en-US', { n: 2 }), 'You have 2 free articles left this month');
    assert.equal(formatAccessMessage(defaultAccessMessages, 'meterRemaining', 'en-US', { n: 1 }), 'You have 1 free article left this month');
    assert.equal(formatAccessMessage(defaultAccessMessages, 'meterLast', 'en-US'), 'This is your last free article this month');
  });

  it('name the publication where the message asks for it', () => {
    assert.equal(
      formatAccessMessage(defaultAccessMessages, 'subscriptionExpiredTitle', 'en-US', { publication: 'The Courier' }),
      'Your full access to The Courier has expired',
    );
  });

  it('can be reworded by a publication', () => {
    const messages = { ...defaultAccessMessages, meterLast: 'Última matéria gratuita do mês' };
    assert.equal(formatAccessMessage(messages, 'meterLast', 'pt-BR'), 'Última matéria gratuita do mês');
  });

  it('are checked before they are saved', () => {
    assert.equal(findMessageError('You have {n, plural, one {# left} other {# left}}', 'en'), null);
    assert.ok(findMessageError('You have {n, plural, one {# left}', 'en'));
  });
});
