import type { Plan } from '../commerce/plan.ts';
import { standingOfContract } from '../organisations/contract-standing.ts';
import { formatIpRange } from '../organisations/ip-range.ts';
import type { Contract, Organisation } from '../organisations/organisation.ts';
import type { OrganisationForm } from '../organisations/organisation-draft.ts';

export const organisationsPath = '/admin/organisations';

/** The staff form's fields as text, as they were typed or as the organisation has them. */
export type OrganisationFields = Omit<OrganisationForm, 'planId' | 'byInvitation' | 'byDomain' | 'byIpRange'> & {
  planId: string;
  byInvitation: boolean;
  byDomain: boolean;
  byIpRange: boolean;
};

export const blankOrganisationFields: OrganisationFields = {
  name: '',
  planId: '',
  seats: '10',
  startsAt: '',
  endsAt: '',
  byInvitation: true,
  byDomain: false,
  byIpRange: false,
  domains: '',
  ipRanges: '',
};

const day = (at: Date) => at.toISOString().slice(0, 10);

export function fieldsOfOrganisation(organisation: Organisation): OrganisationFields {
  return {
    name: organisation.name,
    planId: String(organisation.contract.planId),
    seats: String(organisation.contract.seats),
    startsAt: day(organisation.contract.startsAt),
    endsAt: day(organisation.contract.endsAt),
    byInvitation: organisation.contract.byInvitation,
    byDomain: organisation.contract.byDomain,
    byIpRange: organisation.contract.byIpRange,
    domains: organisation.domains.join('\n'),
    ipRanges: organisation.ipRanges.map(formatIpRange).join('\n'),
  };
}

const standingLabels = { 'not-started': 'Not started', live: 'Live', ended: 'Ended' } as const;

export function standingLabelOf(contract: Contract, now: Date): string {
  return standingLabels[standingOfContract(contract, now).kind];
}

export type OrganisationFormView = OrganisationFields & { actionUrl: string; plans: { id: string; name: string; isChosen: boolean }[] };

export function toOrganisationFormView(actionUrl: string, fields: OrganisationFields, plans: readonly Plan[]): OrganisationFormView {
  return { ...fields, actionUrl, plans: plans.map((plan) => ({ id: String(plan.id), name: plan.name, isChosen: String(plan.id) === fields.planId })) };
}
