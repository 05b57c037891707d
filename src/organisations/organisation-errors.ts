import { DomainError, type ErrorMeaning } from '../errors/domain-error.ts';
import type { AdmissionRefusal } from './admission.ts';

/** Why an organisation's action was refused; every message is fit to show the reader, the manager or staff. */
export type OrganisationProblem =
  | AdmissionRefusal
  | 'not-found'
  | 'name-required'
  | 'plan-not-found'
  | 'period-invalid'
  | 'seats-invalid'
  | 'domain-invalid'
  | 'domain-taken'
  | 'ip-range-invalid'
  | 'not-of-domains'
  | 'invitation-for-another-address'
  | 'proof-for-another-account'
  | 'invalid-email'
  | 'not-a-member'
  | 'checkout-closed'
  | 'not-bought'
  | 'card-declined';

const messages: Record<OrganisationProblem, string> = {
  'contract-not-started': "Your organisation's access has not started yet.",
  'contract-ended': "Your organisation's access has ended.",
  'way-closed': 'Your organisation does not admit readers this way.',
  'already-member': 'You are already a member of this organisation.',
  'seats-full': 'Every seat of this organisation is taken. Ask its manager to free one, or to buy more.',
  'not-found': 'There is no such organisation.',
  'name-required': 'Give the organisation a name.',
  'plan-not-found': 'Choose a plan for the contract.',
  'period-invalid': 'The contract must end after it starts.',
  'seats-invalid': 'Seats must be a whole number from 0 to 1,000,000.',
  'domain-invalid': 'That is not an e-mail domain, such as uni.example.',
  'domain-taken': 'That domain already belongs to an organisation.',
  'ip-range-invalid': 'That is not an IP range, such as 192.0.2.0/24 or 2001:db8::/32.',
  'not-of-domains': 'That address is not of a domain any organisation has.',
  'invitation-for-another-address': 'This invitation was sent to another address. Sign in with that address to accept it.',
  'proof-for-another-account': 'This link proves an address for another account. Sign in as the reader who asked for it.',
  'invalid-email': 'That does not look like an e-mail address.',
  'not-a-member': 'That reader is not a member of the organisation.',
  'checkout-closed': 'This checkout is already finished. Start again from the page for teams.',
  'not-bought': 'This organisation was not bought here: its contract is changed by the publication.',
  'card-declined': 'The card on file was declined, so nothing changed. Update the card and try again.',
};

const meanings: Record<OrganisationProblem, ErrorMeaning> = {
  'contract-not-started': { kind: 'forbidden' },
  'contract-ended': { kind: 'forbidden' },
  'way-closed': { kind: 'forbidden' },
  'already-member': { kind: 'conflict' },
  'seats-full': { kind: 'conflict' },
  'not-found': { kind: 'not-found' },
  'name-required': { kind: 'invalid', field: 'name' },
  'plan-not-found': { kind: 'invalid', field: 'planId' },
  'period-invalid': { kind: 'invalid', field: 'endsAt' },
  'seats-invalid': { kind: 'invalid', field: 'seats' },
  'domain-invalid': { kind: 'invalid', field: 'domain' },
  'domain-taken': { kind: 'invalid', field: 'domain' },
  'ip-range-invalid': { kind: 'invalid', field: 'ipRange' },
  'not-of-domains': { kind: 'invalid', field: 'email' },
  'invitation-for-another-address': { kind: 'forbidden' },
  'proof-for-another-account': { kind: 'forbidden' },
  'invalid-email': { kind: 'invalid', field: 'email' },
  'not-a-member': { kind: 'not-found' },
  'checkout-closed': { kind: 'conflict' },
  'not-bought': { kind: 'conflict' },
  'card-declined': { kind: 'conflict' },
};

export class OrganisationError extends DomainError {
  readonly problem: OrganisationProblem;
  constructor(problem: OrganisationProblem) {
    super(messages[problem], meanings[problem], { code: problem });
    this.name = 'OrganisationError';
    this.problem = problem;
  }
}
