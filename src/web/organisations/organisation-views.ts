import { accountPaths } from '../../http/account-paths.ts';
import type { JoinRoute } from '../../organisations/admission.ts';
import type { Member, Organisation } from '../../organisations/organisation.ts';
import type { OrganisationAccess } from '../../organisations/organisation-access.ts';
import type { UsageMonth } from '../../organisations/usage-report.ts';
import { seatsLeft } from '../../organisations/seats.ts';
import { organisationPaths } from './organisation-paths.ts';
import { formatMoney } from '../../commerce/money.ts';
import type { Plan } from '../../commerce/plan.ts';
import { seatLimits, seatsPriceMinor, type SeatBilling } from '../../organisations/seat-purchase-rules.ts';

const joinedByLabels: Record<JoinRoute, string> = {
  invitation: 'Invitation',
  domain: 'Work address',
  staff: 'Added by the publication',
  purchase: 'Bought the seats',
};
/** The publication's language and clock, for the days and months the page writes in words. */
export type Calendar = { locale: string; timeZone: string };
/** A day in words ("December 3, 2026") on the publication's clock. */
const dayOf = (at: Date, { locale, timeZone }: Calendar) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(at);
/** A contract's day: the newsroom's form names days, which begin at midnight UTC. */
const contractDayOf = (at: Date, { locale }: Calendar) => dayOf(at, { locale, timeZone: 'UTC' });
/** The usage report's month ("2026-06", counted in UTC) in words: "June 2026". */
const monthOf = (month: string, { locale }: Calendar) =>
  new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));

export type ManagedOrganisationView = {
  id: number;
  name: string;
  seats: number;
  seatsTaken: number;
  seatsLeft: number;
  endsOn: string;
  members: { accountId: number; name: string; email: string; joinedBy: string; joinedOn: string }[];
  invitations: { email: string; sentOn: string }[];
  usage: (UsageMonth & { monthLabel: string })[];
  canInvite: boolean;
  /** How a company that bought its seats here pays for them; null for a contract the publication made. */
  billing: SeatBillingView | null;
};

/** A bought organisation's subscription, for its manager: what it costs, where it stands, and the seats form's bounds. */
export type SeatBillingView = {
  /** "$60 a month for 3 seats". */
  price: string;
  /** "Renews on July 15, 2026", "Stops on July 15, 2026: members read until then", "The last renewal was not paid …". */
  standing: string;
  isPastDue: boolean;
  canChangeSeats: boolean;
  canCancel: boolean;
  canResume: boolean;
  minSeats: number;
  maxSeats: number;
};

export type OrganisationPageView = {
  csrfToken: string;
  error: string | null;
  message: string | null;
  managed: ManagedOrganisationView[];
  /** The organisation the reader holds a live seat in. */
  seat: { organisationName: string } | null;
  /** The organisation whose contract ended under the reader, and where to subscribe instead. */
  ended: { organisationName: string; endedOn: string; offersUrl: string } | null;
  paths: typeof organisationPaths;
};

const standings: Record<SeatBilling['status'], (day: string) => string> = {
  active: (on) => `Renews on ${on}.`,
  canceling: (on) => `Stops on ${on}: members read until then. Resume it to keep the seats.`,
  past_due: () => 'The last renewal was not paid: we try the card again, and members read on meanwhile. Update the card to keep the seats.',
  ended: (on) => `Ended on ${on}.`,
};

export function toSeatBillingView({
  billing,
  plan,
  seats,
  calendar,
}: {
  billing: SeatBilling;
  plan: Plan;
  seats: number;
  calendar: Calendar;
}): SeatBillingView {
  const money = formatMoney({ amountMinor: seatsPriceMinor({ priceMinor: plan.priceMinor, seats }), currency: plan.currency }, calendar.locale);
  return {
    price: `${money} a ${plan.interval} for ${seats} seats`,
    standing: standings[billing.status](dayOf(billing.currentPeriodEnd, calendar)),
    isPastDue: billing.status === 'past_due',
    canChangeSeats: billing.status === 'active',
    canCancel: billing.status === 'active',
    canResume: billing.status === 'canceling',
    minSeats: seatLimits.min,
    maxSeats: seatLimits.max,
  };
}

export function toManagedOrganisationView({
  organisation,
  members,
  invitations,
  usage,
  billing = null,
  calendar,
}: {
  organisation: Organisation;
  members: Member[];
  invitations: { email: string; sentAt: Date }[];
  usage: UsageMonth[];
  billing?: SeatBillingView | null;
  calendar: Calendar;
}): ManagedOrganisationView {
  return {
    id: organisation.id,
    name: organisation.name,
    seats: organisation.contract.seats,
    seatsTaken: members.length,
    seatsLeft: seatsLeft({ seats: organisation.contract.seats, taken: members.length }),
    endsOn: contractDayOf(organisation.contract.endsAt, calendar),
    members: members.map((member) => ({
      accountId: member.accountId,
      name: member.name,
      email: member.email,
      joinedBy: joinedByLabels[member.joinedBy],
      joinedOn: dayOf(member.joinedAt, calendar),
    })),
    invitations: invitations.map(({ email, sentAt }) => ({ email, sentOn: dayOf(sentAt, calendar) })),
    usage: [...usage].reverse().map((month) => ({ ...month, monthLabel: monthOf(month.month, calendar) })),
    canInvite: organisation.contract.byInvitation,
    billing,
  };
}

export function toOrganisationPageView({
  csrfToken,
  error = null,
  message = null,
  managed,
  seat,
  ended,
  calendar,
}: {
  csrfToken: string;
  error?: string | null;
  message?: string | null;
  managed: ManagedOrganisationView[];
  seat: OrganisationAccess | undefined;
  ended: { organisationName: string; endedAt: Date } | undefined;
  calendar: Calendar;
}): OrganisationPageView {
  return {
    csrfToken,
    error,
    message,
    managed,
    seat: seat === undefined ? null : { organisationName: seat.organisationName },
    ended:
      ended === undefined || seat !== undefined
        ? null
        : { organisationName: ended.organisationName, endedOn: contractDayOf(ended.endedAt, calendar), offersUrl: accountPaths.offers },
    paths: organisationPaths,
  };
}

/** The page a mailed link opens: a button to accept (mail scanners open links; only a press uses one), or why it cannot be. */
export type OrganisationLinkView = {
  csrfToken: string;
  title: string;
  intro: string | null;
  token: string;
  isSignedIn: boolean;
  isLinkUsable: boolean;
  error: string | null;
  logInUrl: string;
  registerUrl: string;
  pageUrl: string;
};
