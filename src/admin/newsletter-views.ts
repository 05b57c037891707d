import type { Section } from '../content/article.ts';
import type { NewsletterFields } from '../newsletters/sends/newsletter-draft.ts';
import type { NewsletterListing, StoredNewsletter } from '../newsletters/sends/newsletter-repository.ts';
import type { PickableArticle, SendListing, SendReport } from '../newsletters/sends/sends.ts';
import {
  newsletterAudiences,
  newsletterCadences,
  newsletterTemplates,
  type DeliveryVariant,
  type NewsletterAudience,
  type NewsletterCadence,
  type NewsletterTemplate,
  type SendKind,
  type SendStatus,
} from '../newsletters/newsletter-tables.ts';
import { cancelableStatuses } from '../newsletters/sends/sends.ts';

export const newslettersPath = '/admin/newsletters';
export const composerPath = `${newslettersPath}/compose`;
export const sendPathOf = (id: number) => `${newslettersPath}/sends/${id}`;

export const cadenceLabels: Readonly<Record<NewsletterCadence, string>> = {
  'as-published': 'As articles are published',
  daily: 'Daily',
  weekly: 'Weekly',
  occasional: 'Now and then',
};
export const audienceLabels: Readonly<Record<NewsletterAudience, string>> = {
  anyone: 'Anyone with an address',
  registered: 'Registered readers',
  subscribers: 'Subscribers only',
};
export const templateLabels: Readonly<Record<NewsletterTemplate, string>> = {
  edition: 'Edition: lead images, standfirsts and text',
  briefing: 'Briefing: short items',
};
export const sendKindLabels: Readonly<Record<SendKind, string>> = { article: 'Article', digest: 'Digest', 'section-digest': 'Daily digest' };
export const sendStatusLabels: Readonly<Record<SendStatus, string>> = {
  scheduled: 'Scheduled',
  queueing: 'Queueing',
  sending: 'Sending',
  sent: 'Sent',
  canceled: 'Canceled',
};
export const variantLabels: Readonly<Record<DeliveryVariant, string>> = {
  full: 'A reader entitled to the articles (full text)',
  preview: 'A reader not entitled (previews and a link)',
};

type Option = { value: string; label: string; isSelected: boolean };
const option = (value: string, label: string, chosen: string): Option => ({ value, label, isSelected: value === chosen });

/** "2 Dec 2026, 07:00" on the publication's clock. */
export function formatWhen(iso: string | null, { locale, timeZone }: { locale: string; timeZone: string }): string {
  if (iso === null) return '—';
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export type NewsletterRowView = {
  name: string;
  editUrl: string;
  audienceLabel: string;
  cadenceLabel: string;
  subscribers: string;
  lastSent: string;
  isArchived: boolean;
  composeUrl: string;
};

export type SendRowView = {
  url: string;
  subject: string;
  newsletterName: string;
  kindLabel: string;
  status: SendStatus;
  statusLabel: string;
  when: string;
  recipients: number;
};

export function toNewsletterRows(newsletters: readonly NewsletterListing[], clock: { locale: string; timeZone: string }): NewsletterRowView[] {
  return newsletters.map((newsletter) => ({
    name: newsletter.name,
    editUrl: `${newslettersPath}/${newsletter.id}`,
    audienceLabel: audienceLabels[newsletter.audience],
    cadenceLabel: cadenceLabels[newsletter.cadence],
    subscribers: newsletter.subscriberCount.toLocaleString(clock.locale),
    lastSent: newsletter.lastSentAt === null ? 'Never' : formatWhen(newsletter.lastSentAt, clock),
    isArchived: newsletter.status === 'archived',
    composeUrl: `${composerPath}?newsletter=${newsletter.id}`,
  }));
}

export function toSendRows(sends: readonly SendListing[], clock: { locale: string; timeZone: string }): SendRowView[] {
  return sends.map((send) => ({
    url: sendPathOf(send.id),
    subject: send.subject,
    newsletterName: send.newsletterName,
    kindLabel: sendKindLabels[send.kind],
    status: send.status,
    statusLabel: sendStatusLabels[send.status],
    when: formatWhen(send.scheduled_for, clock),
    recipients: send.recipient_count,
  }));
}

export type NewsletterFormView = {
  actionUrl: string;
  fields: NewsletterFields;
  cadences: Option[];
  audiences: Option[];
  templates: Option[];
  sections: Option[];
};

export const blankNewsletterFields: NewsletterFields = {
  name: '',
  slug: '',
  description: '',
  cadence: 'daily',
  senderName: '',
  senderEmail: '',
  audience: 'anyone',
  template: 'edition',
  dailySection: '',
  dailySendTime: '',
};

export function newsletterFieldsOf(newsletter: StoredNewsletter): NewsletterFields {
  return {
    name: newsletter.name,
    slug: newsletter.slug,
    description: newsletter.description,
    cadence: newsletter.cadence,
    senderName: newsletter.sender_name,
    senderEmail: newsletter.sender_email,
    audience: newsletter.audience,
    template: newsletter.template,
    dailySection: newsletter.daily_section_id === null ? '' : String(newsletter.daily_section_id),
    dailySendTime: newsletter.daily_send_time ?? '',
  };
}

export function toNewsletterForm(actionUrl: string, fields: NewsletterFields, sections: readonly Section[]): NewsletterFormView {
  return {
    actionUrl,
    fields,
    cadences: newsletterCadences.map((cadence) => option(cadence, cadenceLabels[cadence], fields.cadence)),
    audiences: newsletterAudiences.map((audience) => option(audience, audienceLabels[audience], fields.audience)),
    templates: newsletterTemplates.map((template) => option(template, templateLabels[template], fields.template)),
    sections: [option('', 'No daily digest', fields.dailySection), ...sections.map((section) => option(String(section.id), section.name, fields.dailySection))],
  };
}

/** What the composer's form holds as typed, carried from step to step. */
export type ComposerFields = { newsletter: string; subject: string; intro: string; articles: string; q: string; when: string; scheduledFor: string };

export type ComposerArticleView = { id: number; headline: string; meta: string; canMoveUp: boolean; canMoveDown: boolean };

export type ComposerPageView = {
  error: string | null;
  actionUrl: string;
  fields: ComposerFields;
  timeZone: string;
  newsletters: Option[];
  chosen: ComposerArticleView[];
  found: ComposerArticleView[];
};

export function toComposerArticles(articles: readonly PickableArticle[], clock: { locale: string; timeZone: string }): ComposerArticleView[] {
  return articles.map((article, index) => ({
    id: article.id,
    headline: article.headline,
    meta: `${article.sectionName} · ${formatWhen(article.publishedAt, clock)}`,
    canMoveUp: index > 0,
    canMoveDown: index < articles.length - 1,
  }));
}

export function newsletterOptions(newsletters: readonly StoredNewsletter[], chosen: string): Option[] {
  return [option('', 'Choose a newsletter', chosen), ...newsletters.map((newsletter) => option(String(newsletter.id), newsletter.name, chosen))];
}

export type SendPageView = {
  error: string | null;
  /** No SMTP_URL is set: nothing leaves the queue until one is. */
  waitsForMailServer: boolean;
  message: string | null;
  id: number;
  subject: string;
  newsletterName: string;
  newsletterUrl: string;
  kindLabel: string;
  status: SendStatus;
  statusLabel: string;
  scheduledFor: string;
  finishedAt: string;
  isInProgress: boolean;
  canCancel: boolean;
  cancelUrl: string;
  testUrl: string;
  testAddress: string;
  articles: { headline: string; url: string }[];
  counts: { label: string; value: string }[];
  /** Out of the recipients, how many copies have been dealt with (sent, failed or suppressed), as a percentage. */
  progress: number;
  previews: { variant: DeliveryVariant; label: string; url: string }[];
};

export function toSendPage(
  report: SendReport,
  {
    clock,
    testAddress,
    error = null,
    message = null,
    hasMailServer,
  }: { clock: { locale: string; timeZone: string }; testAddress: string; error?: string | null; message?: string | null; hasMailServer: boolean },
): SendPageView {
  const { send, deliveries } = report;
  const done = deliveries.sent + deliveries.failed + deliveries.suppressed;
  const total = Math.max(send.recipient_count, done + deliveries.queued + deliveries.sending);
  const number = (value: number) => value.toLocaleString(clock.locale);
  return {
    error,
    message,
    id: send.id,
    subject: send.subject,
    newsletterName: report.newsletter.name,
    newsletterUrl: `${newslettersPath}/${report.newsletter.id}`,
    kindLabel: sendKindLabels[send.kind],
    status: send.status,
    statusLabel: sendStatusLabels[send.status],
    scheduledFor: formatWhen(send.scheduled_for, clock),
    finishedAt: formatWhen(send.finished_at, clock),
    isInProgress: send.status === 'queueing' || send.status === 'sending',
    canCancel: cancelableStatuses.includes(send.status),
    waitsForMailServer: !hasMailServer && (send.status === 'scheduled' || send.status === 'queueing' || send.status === 'sending'),
    cancelUrl: `${sendPathOf(send.id)}/cancel`,
    testUrl: `${sendPathOf(send.id)}/test`,
    testAddress,
    articles: report.articles.map((article) => ({ headline: article.headline, url: `/admin/articles/${article.id}` })),
    counts: [
      { label: 'Recipients', value: number(total) },
      { label: 'Sent', value: number(deliveries.sent) },
      { label: 'Failed', value: number(deliveries.failed) },
      { label: 'Suppressed', value: number(deliveries.suppressed) },
      { label: 'Waiting', value: number(deliveries.queued + deliveries.sending) },
      { label: 'Recipients who clicked', value: number(report.clickedRecipients) },
      { label: 'Clicks', value: number(report.clicks) },
    ],
    progress: total === 0 ? 0 : Math.floor((done / total) * 100),
    previews: (['full', 'preview'] as const).map((variant) => ({ variant, label: variantLabels[variant], url: `${sendPathOf(send.id)}/preview/${variant}` })),
  };
}
