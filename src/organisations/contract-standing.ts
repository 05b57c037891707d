/** A contract's period: from its start (inclusive) to its end (exclusive), both instants. */
export type ContractPeriod = { startsAt: Date; endsAt: Date };

/** Where a contract stands on the clock: its members read as subscribers only while it is live. */
export type ContractStanding = { kind: 'not-started'; startsAt: Date } | { kind: 'live'; endsAt: Date } | { kind: 'ended'; endedAt: Date };

export function standingOfContract(contract: ContractPeriod, now: Date): ContractStanding {
  if (now.getTime() < contract.startsAt.getTime()) return { kind: 'not-started', startsAt: contract.startsAt };
  if (now.getTime() < contract.endsAt.getTime()) return { kind: 'live', endsAt: contract.endsAt };
  return { kind: 'ended', endedAt: contract.endsAt };
}

export function isLive(contract: ContractPeriod, now: Date): boolean {
  return standingOfContract(contract, now).kind === 'live';
}
