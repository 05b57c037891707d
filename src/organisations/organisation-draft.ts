import type { Contract } from './organisation.ts';
import { parseEmailDomain } from './email-domain.ts';
import { parseIpRange, type IpRange } from './ip-range.ts';
import { OrganisationError } from './organisation-errors.ts';

/** What staff save: the organisation, its contract, and its domains and ranges, all parsed. */
export type OrganisationDraft = { name: string; contract: Contract; domains: string[]; ipRanges: IpRange[] };

/** The staff form as typed: dates and numbers as text, domains and ranges one a line. */
export type OrganisationForm = {
  name: string;
  planId: number;
  seats: string;
  startsAt: string;
  endsAt: string;
  byInvitation: boolean;
  byDomain: boolean;
  byIpRange: boolean;
  domains: string;
  ipRanges: string;
};

const lines = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

function parseInstant(text: string): Date | null {
  // A day alone ("2026-09-01") starts at midnight UTC, as an <input type="date"> sends it.
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? `${text.trim()}T00:00:00Z` : text.trim());
  return Number.isNaN(at.getTime()) ? null : at;
}

/** Turns the staff form into a draft, or refuses it with the first field at fault. */
export function parseOrganisationForm(form: OrganisationForm): OrganisationDraft {
  const name = form.name.trim();
  if (name === '' || name.length > 200) throw new OrganisationError('name-required');
  if (!/^\d{1,7}$/.test(form.seats.trim()) || Number(form.seats) > 1_000_000) throw new OrganisationError('seats-invalid');
  const startsAt = parseInstant(form.startsAt);
  const endsAt = parseInstant(form.endsAt);
  if (startsAt === null || endsAt === null || endsAt.getTime() <= startsAt.getTime()) throw new OrganisationError('period-invalid');
  const domains: string[] = [];
  for (const line of lines(form.domains)) {
    const domain = parseEmailDomain(line);
    if (domain === null) throw new OrganisationError('domain-invalid');
    if (!domains.includes(domain)) domains.push(domain);
  }
  const ipRanges: IpRange[] = [];
  for (const line of lines(form.ipRanges)) {
    const range = parseIpRange(line);
    if (range === null) throw new OrganisationError('ip-range-invalid');
    if (!ipRanges.some((known) => known.address === range.address && known.prefix === range.prefix)) ipRanges.push(range);
  }
  return {
    name,
    contract: {
      planId: form.planId,
      seats: Number(form.seats),
      startsAt,
      endsAt,
      byInvitation: form.byInvitation,
      byDomain: form.byDomain,
      byIpRange: form.byIpRange,
    },
    domains,
    ipRanges,
  };
}
