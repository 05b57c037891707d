import type { NewsletterChoice } from '../../newsletters/newsletter-choices.ts';
import type { Newsletter } from '../../newsletters/newsletter-repository.ts';
import type { NewsletterAudience, NewsletterCadence } from '../../newsletters/newsletter-tables.ts';

const cadenceLabels: Readonly<Record<NewsletterCadence, string>> = {
  'as-published': 'When we publish',
  daily: 'Every day',
  weekly: 'Every week',
  occasional: 'Now and then',
};

const audienceLabels: Readonly<Record<NewsletterAudience, string | null>> = {
  anyone: null,
  registered: 'For registered readers',
  subscribers: 'For subscribers',
};

/** One newsletter as a checkbox: its name, what it brings, how often, and whether it is ticked. */
export type NewsletterOptionView = {
  id: number;
  inputId: string;
  name: string;
  description: string;
  cadenceLabel: string;
  audienceLabel: string | null;
  isChecked: boolean;
};

export function newsletterOptionViewOf(newsletter: Newsletter, isChecked: boolean, idPrefix: string): NewsletterOptionView {
  return {
    id: newsletter.id,
    inputId: `${idPrefix}-${newsletter.id}`,
    name: newsletter.name,
    description: newsletter.description,
    cadenceLabel: cadenceLabels[newsletter.cadence],
    audienceLabel: audienceLabels[newsletter.audience],
    isChecked,
  };
}

export function choiceViewsOf(choices: readonly NewsletterChoice[], idPrefix: string): NewsletterOptionView[] {
  return choices.map((choice) => newsletterOptionViewOf(choice, choice.isSubscribed, idPrefix));
}

/**
 * The newsletters' pages, one template in several modes: the sign-up form and its "check your
 * email", the confirmation button, the session-less preference centre, and leaving one newsletter.
 */
export type NewsletterPageView = {
  mode: 'sign-up' | 'sent' | 'confirm' | 'confirm-refused' | 'preferences' | 'preferences-refused' | 'unsubscribe' | 'unsubscribed' | 'unsubscribe-refused';
  /** Empty on the one-click unsubscribe pages, whose form carries no CSRF token. */
  csrfToken: string;
  error: string | null;
  /** Which part of the form the error is about, so it is shown there. */
  errorField: 'email' | 'newsletters' | null;
  message: string | null;
  email: string;
  sentTo: string | null;
  token: string;
  next: string;
  newsletters: NewsletterOptionView[];
  /** Where the page's form posts, token and all. */
  formAction: string;
  /** The newsletter being left, on the unsubscribe pages. */
  newsletterName: string | null;
  /** The reader's preference centre, from the unsubscribe pages; null when not known. */
  preferencesUrl: string | null;
  signUpUrl: string;
  magicLinkUrl: string;
  /** A signed-in reader's own preference centre, on the sign-up page. */
  accountNewslettersUrl: string | null;
  /** Where the reader was when they signed up, offered once the sign-up is confirmed. */
  continueUrl: string | null;
};

/** The account page's Newsletters panel. */
export type AccountNewslettersView = { formAction: string; newsletters: NewsletterOptionView[] };
