import { DomainError } from '../../errors/domain-error.ts';
import {
  newsletterAudiences,
  newsletterCadences,
  newsletterTemplates,
  type NewsletterAudience,
  type NewsletterCadence,
  type NewsletterTemplate,
} from '../newsletter-tables.ts';

/** A newsletter as the newsroom defines it, before it is stored. */
export type NewsletterDraft = {
  name: string;
  slug: string;
  description: string;
  cadence: NewsletterCadence;
  senderName: string;
  senderEmail: string;
  audience: NewsletterAudience;
  template: NewsletterTemplate;
  /** The automatic daily digest: the section whose day's articles it gathers and when ("HH:MM", the publication's clock); null for none. */
  daily: { sectionId: number; sendTime: string } | null;
};

/** The newsletter's form as sent: every field a string, kept as typed to show again beside an error. */
export type NewsletterFields = {
  name: string;
  slug: string;
  description: string;
  cadence: string;
  senderName: string;
  senderEmail: string;
  audience: string;
  template: string;
  dailySection: string;
  dailySendTime: string;
};

export const longestNewsletterName = 80;
export const longestNewsletterDescription = 500;

export class InvalidNewsletterError extends DomainError {
  override name = 'InvalidNewsletterError';
  constructor(message: string, field: keyof NewsletterFields) {
    super(message, { kind: 'invalid', field });
  }
}

function choiceOf<Choice extends string>(choices: readonly Choice[], value: string, field: keyof NewsletterFields, what: string): Choice {
  const choice = choices.find((each) => each === value.trim());
  if (choice === undefined) throw new InvalidNewsletterError(`Choose ${what} from the list.`, field);
  return choice;
}

/** Sender addresses go in a message's From header: one plain address, nothing a header could be split on. */
const plainAddress = /^[^\s@<>",;:()[\]\\]+@[^\s@<>",;:()[\]\\]+\.[^\s@<>",;:()[\]\\]+$/;

/**
 * The newsletter a form describes, or the first thing wrong with it. The daily digest needs both
 * its section and its time, or neither.
 */
export function parseNewsletterDraft(fields: NewsletterFields, { sectionIds }: { sectionIds: readonly number[] }): NewsletterDraft {
  const name = fields.name.trim().replace(/\s+/g, ' ');
  if (name === '') throw new InvalidNewsletterError('Give the newsletter a name readers will recognise, such as “The Morning Briefing”.', 'name');
  if (name.length > longestNewsletterName) throw new InvalidNewsletterError(`Keep the name to ${longestNewsletterName} characters.`, 'name');
  const slug = fields.slug.trim().toLowerCase();
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug) || slug.length > 60)
    throw new InvalidNewsletterError(
      'The short name may hold lower-case letters, digits and single hyphens, up to 60 characters, such as “morning-briefing”.',
      'slug',
    );
  const description = fields.description.trim();
  if (description === '') throw new InvalidNewsletterError('Say in a sentence what readers get, as the sign-up form will show it.', 'description');
  if (description.length > longestNewsletterDescription)
    throw new InvalidNewsletterError(`Keep the description to ${longestNewsletterDescription} characters.`, 'description');
  const cadence = choiceOf(newsletterCadences, fields.cadence, 'cadence', 'how often it goes out');
  const senderName = fields.senderName.trim().replace(/\s+/g, ' ');
  if (senderName === '' || senderName.length > 80 || /["\r\n<>]/.test(senderName))
    throw new InvalidNewsletterError(
      'Give the sender’s name as readers’ inboxes show it, up to 80 characters, without quotes or angle brackets.',
      'senderName',
    );
  const senderEmail = fields.senderEmail.trim().toLowerCase();
  if (senderEmail.length > 200 || !plainAddress.test(senderEmail))
    throw new InvalidNewsletterError('Give the sender’s address as one plain address, such as briefing@example.org.', 'senderEmail');
  const audience = choiceOf(newsletterAudiences, fields.audience, 'audience', 'who may subscribe');
  const template = choiceOf(newsletterTemplates, fields.template, 'template', 'the layout');
  return { name, slug, description, cadence, senderName, senderEmail, audience, template, daily: parseDaily(fields, sectionIds) };
}

function parseDaily(fields: NewsletterFields, sectionIds: readonly number[]): NewsletterDraft['daily'] {
  const section = fields.dailySection.trim();
  const time = fields.dailySendTime.trim();
  if (section === '' && time === '') return null;
  const sectionId = /^\d{1,9}$/.test(section) ? Number(section) : Number.NaN;
  if (!sectionIds.includes(sectionId))
    throw new InvalidNewsletterError('Choose the section the daily digest gathers, or leave both its fields empty.', 'dailySection');
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match)
    throw new InvalidNewsletterError('Give the daily digest’s time as hours and minutes, such as 07:00, or leave both its fields empty.', 'dailySendTime');
  return { sectionId, sendTime: time };
}
