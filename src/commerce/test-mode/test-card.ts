/**
 * What a card number does in test mode, as in Stripe's test mode: one pays, one is declined
 * outright, and one is taken on file but declines every charge after (Stripe's 4000 0000 0000
 * 0341), which is how a reader in test mode sees a renewal fail.
 */
export type TestCardOutcome =
  | { kind: 'succeeds'; last4: string }
  | { kind: 'declined'; last4: string }
  | { kind: 'declines-charges'; last4: string }
  | { kind: 'not-a-test-card' };

const succeeding = '4242424242424242';
const declining = '4000000000000002';
const decliningCharges = '4000000000000341';

export function readTestCard(raw: string): TestCardOutcome {
  const digits = raw.replace(/[\s-]/g, '');
  if (digits === succeeding) return { kind: 'succeeds', last4: '4242' };
  if (digits === declining) return { kind: 'declined', last4: '0002' };
  if (digits === decliningCharges) return { kind: 'declines-charges', last4: '0341' };
  return { kind: 'not-a-test-card' };
}
