import { standingOfContract, type ContractPeriod } from './contract-standing.ts';
import { hasSeatLeft, type SeatCount } from './seats.ts';

/**
 * How a member came in: invited by address, by proving an address of the organisation's domains,
 * added by staff, or as the reader who bought the seats.
 */
export const joinRoutes = ['invitation', 'domain', 'staff', 'purchase'] as const;
export type JoinRoute = (typeof joinRoutes)[number];

/** Which ways in the contract opens; IP ranges admit visitors without making them members. */
export type ContractWays = { byInvitation: boolean; byDomain: boolean; byIpRange: boolean };

export type AdmissionRefusal = 'contract-not-started' | 'contract-ended' | 'way-closed' | 'already-member' | 'seats-full';

export type Admission = { kind: 'admitted' } | { kind: 'refused'; reason: AdmissionRefusal };

/**
 * Whether a reader may take a seat by this route now: the contract must be live and open that way,
 * the reader not a member already, and a seat left. Staff add members past a closed way, never past
 * the seats the organisation bought.
 */
export function decideAdmission({
  contract,
  route,
  seats,
  isMember,
  now,
}: {
  contract: ContractPeriod & ContractWays;
  route: JoinRoute;
  seats: SeatCount;
  isMember: boolean;
  now: Date;
}): Admission {
  const standing = standingOfContract(contract, now);
  if (standing.kind === 'not-started') return { kind: 'refused', reason: 'contract-not-started' };
  if (standing.kind === 'ended') return { kind: 'refused', reason: 'contract-ended' };
  if ((route === 'invitation' && !contract.byInvitation) || (route === 'domain' && !contract.byDomain)) return { kind: 'refused', reason: 'way-closed' };
  if (isMember) return { kind: 'refused', reason: 'already-member' };
  if (!hasSeatLeft(seats)) return { kind: 'refused', reason: 'seats-full' };
  return { kind: 'admitted' };
}
