/** What a card number does in test mode, as in Stripe's test mode. */
export type TestCardOutcome = { kind: 'succeeds'; last4: string } | { kind: 'declined'; last4: string } | { kind: 'not-a-test-card' };

const succeeding = '4242424242424242';
const declining = '4000000000000002';

export function readTestCard(raw: string): TestCardOutcome {
  const digits = raw.replace(/[\s-]/g, '');
  if (digits === succeeding) return { kind: 'succeeds', last4: '4242' };
  if (digits === declining) return { kind: 'declined', last4: '0002' };
  return { kind: 'not-a-test-card' };
}
