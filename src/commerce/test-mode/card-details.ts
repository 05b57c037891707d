/**
 * The card details a reader types into checkout, checked as Stripe checks them before it tries a
 * charge: the number by its Luhn check digit, the expiry a real month not yet past, the security
 * code of the length the card's network uses, and a postal code.
 */

/** The fields of the card form, as typed. */
export type CardForm = { card: string; expiry: string; cvc: string; postalCode: string };

export type CardField = keyof CardForm;

/** The fields in the order the form shows them: the first in error is the one focused. */
export const cardFields: readonly CardField[] = ['card', 'expiry', 'cvc', 'postalCode'];

export type CardDetails = {
  /** Digits only. */
  number: string;
  expiryMonth: number;
  /** Four digits. */
  expiryYear: number;
  cvc: string;
  postalCode: string;
};

export type CardProblems = Partial<Record<CardField, string>>;

export type CardCheck = { kind: 'valid'; details: CardDetails } | { kind: 'invalid'; problems: CardProblems };

/** The Luhn check (ISO/IEC 7812): from the right, every second digit is doubled, and the sum ends in 0. */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    const digit = Number(digits[digits.length - 1 - index]);
    const weighted = index % 2 === 1 ? digit * 2 : digit;
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return sum % 10 === 0;
}

/** American Express numbers start 34 or 37 and have a four-digit security code; other networks three. */
export function isAmericanExpress(digits: string): boolean {
  return /^3[47]/.test(digits);
}

/** The year and month (1–12) that a moment falls in, on a time zone's calendar. */
export function calendarMonthOf(now: Date, timeZone: string): { year: number; month: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' }).formatToParts(now);
  return { year: Number(parts.find((part) => part.type === 'year')?.value), month: Number(parts.find((part) => part.type === 'month')?.value) };
}

function checkNumber(raw: string): { digits: string } | { problem: string } {
  const typed = raw.trim();
  if (typed === '') return { problem: 'Enter your card number.' };
  // Spaces are how the number is printed on the card; they carry no meaning.
  const digits = typed.replace(/\s+/g, '');
  if (!/^\d+$/.test(digits)) return { problem: 'The card number may hold only digits and spaces.' };
  if (digits.length < 12 || digits.length > 19) return { problem: 'The card number is incomplete: check it against your card.' };
  if (!isLuhnValid(digits)) return { problem: 'The card number is not valid: check it against your card.' };
  return { digits };
}

function checkExpiry(raw: string, current: { year: number; month: number }): { month: number; year: number } | { problem: string } {
  const typed = raw.trim();
  if (typed === '') return { problem: 'Enter the expiry date on your card, as MM/YY.' };
  const match = /^(\d{2})\s*\/\s*(\d{2})$/.exec(typed);
  if (!match) return { problem: 'Enter the expiry date as MM/YY, for example 04/29.' };
  const month = Number(match[1]);
  // Two-digit years are this century's, as on the card.
  const year = 2000 + Number(match[2]);
  if (month < 1 || month > 12) return { problem: 'The expiry month must be from 01 to 12.' };
  // A card is good through the last day of the month printed on it.
  if (year < current.year || (year === current.year && month < current.month))
    return { problem: 'The expiry date is in the past: check the card, or use another one.' };
  return { month, year };
}

function checkCvc(raw: string, digits: string | null): { cvc: string } | { problem: string } {
  const typed = raw.trim();
  const length = digits !== null && isAmericanExpress(digits) ? 4 : 3;
  const where = length === 4 ? 'the 4 digits on the front of your card' : 'the 3 digits on the back of your card';
  if (typed === '') return { problem: `Enter the security code (CVC): ${where}.` };
  if (!new RegExp(`^\\d{${length}}$`).test(typed)) return { problem: `The security code (CVC) is ${where}.` };
  return { cvc: typed };
}

function checkPostalCode(raw: string): { postalCode: string } | { problem: string } {
  const typed = raw.trim().replace(/\s+/g, ' ');
  if (typed === '') return { problem: 'Enter the postal code of your billing address.' };
  // Postal codes across the world are 2 to 10 letters and digits, some with a space or a hyphen.
  if (!/^[\p{L}\p{N}](?:[\p{L}\p{N} -]{0,8}[\p{L}\p{N}])?$/u.test(typed) || typed.length < 2) {
    return { problem: 'Enter the postal code as it is written in your billing address, for example 10001 or SW1A 1AA.' };
  }
  return { postalCode: typed };
}

/**
 * Checks every field at once, so the reader sees all that is wrong in one go. `now` and the time
 * zone decide which months are past: the publication's calendar, as its readers live by it.
 */
export function checkCardForm(form: CardForm, { now, timeZone }: { now: Date; timeZone: string }): CardCheck {
  const number = checkNumber(form.card);
  const expiry = checkExpiry(form.expiry, calendarMonthOf(now, timeZone));
  const cvc = checkCvc(form.cvc, 'digits' in number ? number.digits : form.card.replace(/\s+/g, ''));
  const postalCode = checkPostalCode(form.postalCode);
  if ('digits' in number && 'month' in expiry && 'cvc' in cvc && 'postalCode' in postalCode) {
    return {
      kind: 'valid',
      details: { number: number.digits, expiryMonth: expiry.month, expiryYear: expiry.year, cvc: cvc.cvc, postalCode: postalCode.postalCode },
    };
  }
  const problems: CardProblems = {};
  if ('problem' in number) problems.card = number.problem;
  if ('problem' in expiry) problems.expiry = expiry.problem;
  if ('problem' in cvc) problems.cvc = cvc.problem;
  if ('problem' in postalCode) problems.postalCode = postalCode.problem;
  return { kind: 'invalid', problems };
}
