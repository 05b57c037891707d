import { DomainError, type ErrorMeaning } from '../errors/domain-error.ts';

/** Why an account action was refused; every message is fit to show the reader. */
export type AccountProblem =
  | 'invalid-email'
  | 'email-taken'
  | 'new-email-taken'
  | 'password-too-short'
  | 'password-too-long'
  | 'name-too-long'
  | 'wrong-credentials'
  | 'wrong-current-password'
  | 'link-invalid'
  | 'link-expired'
  | 'link-used';

const messages: Record<AccountProblem, string> = {
  'invalid-email': 'That does not look like an e-mail address.',
  'email-taken': 'An account with that e-mail address already exists. Log in, or reset its password.',
  'new-email-taken': 'That address has meanwhile been taken by another account, so your address was not changed.',
  'password-too-short': 'Choose a password of at least 10 characters.',
  'password-too-long': 'Choose a password of at most 200 characters.',
  'name-too-long': 'Names can be at most 120 characters long.',
  'wrong-credentials': 'That e-mail address and password do not match an account.',
  'wrong-current-password': 'Your current password is not right.',
  'link-invalid': 'That link is not valid. Ask for a new one below.',
  'link-expired': 'That link has expired. Ask for a new one below.',
  'link-used': 'That link has already been used. Ask for a new one below.',
};

/**
 * A taken address is a refused value of its field, as a too-short password is: the form shows it,
 * and the reader changes it.
 */
const meanings: Record<AccountProblem, ErrorMeaning> = {
  'invalid-email': { kind: 'invalid', field: 'email' },
  'email-taken': { kind: 'invalid', field: 'email' },
  'new-email-taken': { kind: 'invalid', field: 'email' },
  'password-too-short': { kind: 'invalid', field: 'password' },
  'password-too-long': { kind: 'invalid', field: 'password' },
  'name-too-long': { kind: 'invalid', field: 'name' },
  'wrong-credentials': { kind: 'unauthenticated' },
  'wrong-current-password': { kind: 'invalid', field: 'current' },
  'link-invalid': { kind: 'invalid', field: 'token' },
  'link-expired': { kind: 'invalid', field: 'token' },
  'link-used': { kind: 'invalid', field: 'token' },
};

export class AccountError extends DomainError {
  readonly problem: AccountProblem;
  constructor(problem: AccountProblem) {
    super(messages[problem], meanings[problem], { code: problem });
    this.name = 'AccountError';
    this.problem = problem;
  }
}
