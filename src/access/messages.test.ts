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

  it('are checked before they are saved: they must parse, and format with the values the site gives them', () => {
    assert.equal(findMessageError('meterRemaining', 'You have {n, plural, one {# left} other {# left}}', 'en'), null);
    assert.equal(findMessageError('subscribeAction', 'Join {publication}', 'en'), null);
    assert.match(findMessageError('meterRemaining', 'You have {n, plural, one {# left}', 'en') ?? '', /not a valid ICU message/);
    assert.match(findMessageError('subscribeAction', 'Sub {foo}', 'en') ?? '', /"foo".*It may use \{publication\}, \{limit\}, \{registeredLimit\}/);
    assert.match(findMessageError('subscribeAction', 'Sub <b>now</b>', 'en') ?? '', /cannot be shown to readers/);
    assert.match(findMessageError('meterLast', 'Last one, {n}', 'en') ?? '', /takes no values/);
  });

  it('fall back to the default wording when a stored wording cannot be formatted, reporting why', () => {
    const failures: string[] = [];
    const onFailure = ({ key }: { key: string }) => failures.push(key);
    const messages = { ...defaultAccessMessages, subscribeAction: 'Sub {foo}', seeOffersAction: 'Sub <b>now</b>', registerAction: 'Broken {' };
    assert.equal(formatAccessMessage(messages, 'subscribeAction', 'en', { publication: 'The Courier' }, { onFailure }), 'Subscribe');
    assert.equal(formatAccessMessage(messages, 'seeOffersAction', 'en', {}, { onFailure }), 'See all offers');
    assert.equal(formatAccessMessage(messages, 'registerAction', 'en', {}, { onFailure }), 'Register for free');
    assert.deepEqual(failures, ['subscribeAction', 'seeOffersAction', 'registerAction']);
  });
});
