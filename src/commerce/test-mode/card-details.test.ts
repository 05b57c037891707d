import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { calendarMonthOf, checkCardForm, isAmericanExpress, isLuhnValid, type CardForm } from './card-details.ts';

const now = new Date('2026-12-01T16:00:00Z');
const inNewYork = { now, timeZone: 'America/New_York' };
const good: CardForm = { card: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', postalCode: '10001' };
const problemsOf = (form: Partial<CardForm>, context = inNewYork) => {
  const result = checkCardForm({ ...good, ...form }, context);
  return result.kind === 'invalid' ? result.problems : {};
};

/** The check digit that makes a number pass Luhn, found the slow way. */
const checkDigitFor = (payload: string) => [...'0123456789'].find((digit) => isLuhnValid(payload + digit)) ?? '';

describe('the Luhn check', () => {
  it('passes the test cards and well-known valid numbers', () => {
    for (const number of ['4242424242424242', '4000000000000002', '378282246310005', '5555555555554444', '6011111111111117', '79927398713']) {
      assert.equal(isLuhnValid(number), true, number);
    }
  });

  it('fails a number with one digit wrong, and anything that is not digits', () => {
    for (const number of ['4242424242424241', '1234567890123456', '79927398710', '', '4242 4242', 'abcd']) assert.equal(isLuhnValid(number), false, number);
  });

  it('accepts exactly one check digit for any payload', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,18}$/), (payload) => {
        assert.equal([...'0123456789'].filter((digit) => isLuhnValid(payload + digit)).length, 1);
      }),
    );
  });

  it('catches every change of a single digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{11,18}$/), fc.nat(), fc.integer({ min: 1, max: 9 }), (payload, at, shift) => {
        const number = payload + checkDigitFor(payload);
        const index = at % number.length;
        const changed = number.slice(0, index) + String((Number(number[index]) + shift) % 10) + number.slice(index + 1);
        assert.equal(isLuhnValid(changed), false);
      }),
    );
  });

  it('catches the swap of two different neighbouring digits, but for 0 and 9', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{11,18}$/), fc.nat(), (payload, at) => {
        const number = payload + checkDigitFor(payload);
        const index = at % (number.length - 1);
        const [left, right] = [number[index] ?? '', number[index + 1] ?? ''];
        fc.pre(left !== right && `${left}${right}` !== '09' && `${left}${right}` !== '90');
        assert.equal(isLuhnValid(number.slice(0, index) + right + left + number.slice(index + 2)), false);
      }),
    );
  });

  it('is unchanged by leading zeros', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{1,18}$/), (number) => assert.equal(isLuhnValid(`00${number}`), isLuhnValid(number))));
  });
});

describe('checking the card form', () => {
  it('takes a good card, with the spaces of the number dropped', () => {
    assert.deepEqual(checkCardForm(good, inNewYork), {
      kind: 'valid',
      details: { number: '4242424242424242', expiryMonth: 12, expiryYear: 2030, cvc: '123', postalCode: '10001' },
    });
  });

  it('names each empty field', () => {
    assert.deepEqual(problemsOf({ card: '', expiry: ' ', cvc: '', postalCode: '' }), {
      card: 'Enter your card number.',
      expiry: 'Enter the expiry date on your card, as MM/YY.',
      cvc: 'Enter the security code (CVC): the 3 digits on the back of your card.',
      postalCode: 'Enter the postal code of your billing address.',
    });
  });

  it('refuses a card number that fails Luhn, is too short or too long, or holds letters', () => {
    assert.match(problemsOf({ card: '4242 4242 4242 4241' }).card ?? '', /not valid/);
    assert.match(problemsOf({ card: '4242 4242' }).card ?? '', /incomplete/);
    assert.match(problemsOf({ card: '4242 4242 4242 4242 4242' }).card ?? '', /incomplete/);
    assert.match(problemsOf({ card: '4242-4242-4242-4242' }).card ?? '', /only digits and spaces/);
    assert.match(problemsOf({ card: '4242 4242 4242 424O' }).card ?? '', /only digits and spaces/);
  });

  it('takes a Luhn-valid number that is not a test card (test mode then says which cards work)', () => {
    assert.equal(checkCardForm({ ...good, card: '5555 5555 5555 4444' }, inNewYork).kind, 'valid');
  });

  it('asks for a real month as MM/YY', () => {
    assert.match(problemsOf({ expiry: '13/30' }).expiry ?? '', /from 01 to 12/);
    assert.match(problemsOf({ expiry: '00/30' }).expiry ?? '', /from 01 to 12/);
    assert.match(problemsOf({ expiry: '1230' }).expiry ?? '', /as MM\/YY/);
    assert.match(problemsOf({ expiry: '12/2030' }).expiry ?? '', /as MM\/YY/);
    assert.match(problemsOf({ expiry: 'soon' }).expiry ?? '', /as MM\/YY/);
    assert.equal(checkCardForm({ ...good, expiry: '04 / 29' }, inNewYork).kind, 'valid');
  });

  it('takes a card through the end of its month, and not after, on the publication’s calendar', () => {
    assert.equal(checkCardForm({ ...good, expiry: '12/26' }, inNewYork).kind, 'valid');
    assert.match(problemsOf({ expiry: '11/26' }).expiry ?? '', /in the past/);
    assert.match(problemsOf({ expiry: '01/25' }).expiry ?? '', /in the past/);
    // 1 December 03:00 UTC is still 30 November in New York: a card ending in November is good there, not in UTC.
    const earlyMorning = new Date('2026-12-01T03:00:00Z');
    assert.equal(checkCardForm({ ...good, expiry: '11/26' }, { now: earlyMorning, timeZone: 'America/New_York' }).kind, 'valid');
    assert.match(problemsOf({ expiry: '11/26' }, { now: earlyMorning, timeZone: 'UTC' }).expiry ?? '', /in the past/);
  });

  it('asks for 3 digits of security code, and 4 on American Express (numbers starting 34 or 37)', () => {
    assert.match(problemsOf({ cvc: '12' }).cvc ?? '', /3 digits on the back/);
    assert.match(problemsOf({ cvc: '1234' }).cvc ?? '', /3 digits on the back/);
    assert.match(problemsOf({ cvc: '12a' }).cvc ?? '', /3 digits on the back/);
    const amex = { ...good, card: '3782 822463 10005' };
    assert.match(problemsOf({ ...amex, cvc: '123' }).cvc ?? '', /4 digits on the front/);
    assert.equal(checkCardForm({ ...amex, cvc: '1234' }, inNewYork).kind, 'valid');
    assert.equal(checkCardForm({ ...good, card: '3400 0000 0000 009', cvc: '1234' }, inNewYork).kind, 'valid');
    assert.equal(isAmericanExpress('371449635398431'), true);
    assert.equal(isAmericanExpress('4242424242424242'), false);
  });

  it('takes postal codes as the world writes them, and refuses what cannot be one', () => {
    for (const postalCode of ['10001', 'SW1A 1AA', '75008', '1010', 'K1A 0B1', '100-0001', 'D02 X285'])
      assert.equal(checkCardForm({ ...good, postalCode }, inNewYork).kind, 'valid', postalCode);
    for (const postalCode of ['-', 'A', '12345678901', '<script>', '10001!', ' - ']) assert.ok(problemsOf({ postalCode }).postalCode, postalCode);
  });

  it('reports only the fields in error', () => {
    assert.deepEqual(Object.keys(problemsOf({ cvc: '1' })), ['cvc']);
  });
});

describe('the calendar month', () => {
  it('is the time zone’s', () => {
    assert.deepEqual(calendarMonthOf(new Date('2027-01-01T02:00:00Z'), 'America/New_York'), { year: 2026, month: 12 });
    assert.deepEqual(calendarMonthOf(new Date('2027-01-01T02:00:00Z'), 'UTC'), { year: 2027, month: 1 });
  });
});
