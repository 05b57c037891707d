import type { ContractPeriod } from './contract-standing.ts';
import type { ContractWays, JoinRoute } from './admission.ts';
import type { IpRange } from './ip-range.ts';

export type Contract = ContractPeriod & ContractWays & { planId: number; seats: number };

/** An organisation as staff and its managers see it: its contract, domains and ranges. */
export type Organisation = {
  id: number;
  name: string;
  contract: Contract;
  domains: string[];
  ipRanges: IpRange[];
};

export type Member = {
  accountId: number;
  email: string;
  name: string;
  joinedBy: JoinRoute;
  joinedAt: Date;
};
