import { DomainError } from '../../errors/domain-error.ts';
import type { SendKind } from '../newsletter-tables.ts';

/** A send as the newsroom asks for it, before it is checked against what is stored. */
export type SendRequest = {
  newsletterId: number;
  kind: SendKind;
  subject: string;
  /** The editor's note above the articles, in Markdown; null or blank for none. */
  intro: string | null;
  /** In the order the message gives them. */
  articleIds: readonly number[];
  scheduledFor: Date;
  createdBy: number | null;
  /** The publication's day a section's daily digest covers; only that kind has one. */
  digestDay?: string | null;
};

export const longestSubject = 150;
export const longestIntro = 5000;
export const mostArticlesInASend = 30;
/** "Send now" is stamped on the server a moment before it is saved: a time this little past still counts as now. */
const nowTolerance = 60_000;

export type SendField = 'subject' | 'intro' | 'articles' | 'scheduledFor' | 'newsletter';

export class InvalidSendError extends DomainError {
  override name = 'InvalidSendError';
  constructor(message: string, field: SendField) {
    super(message, { kind: 'invalid', field });
  }
}

/** The send tidied, or the first thing wrong with it that needs nothing stored to tell. */
export function checkSendRequest(request: SendRequest, now: Date): SendRequest & { intro: string | null; digestDay: string | null } {
  const subject = request.subject.trim().replace(/\s+/g, ' ');
  if (subject === '') throw new InvalidSendError('Give the send a subject line, as readers’ inboxes will show it.', 'subject');
  if (subject.length > longestSubject) throw new InvalidSendError(`Keep the subject to ${longestSubject} characters.`, 'subject');
  const intro = (request.intro ?? '').trim();
  if (intro.length > longestIntro) throw new InvalidSendError(`Keep the introduction to ${longestIntro} characters.`, 'intro');
  const articleIds = request.articleIds;
  if (articleIds.length === 0) throw new InvalidSendError('Choose at least one article.', 'articles');
  if (new Set(articleIds).size !== articleIds.length) throw new InvalidSendError('Each article goes in once: take out the repeat.', 'articles');
  if (articleIds.length > mostArticlesInASend) throw new InvalidSendError(`A send holds at most ${mostArticlesInASend} articles.`, 'articles');
  if (request.kind === 'article' && articleIds.length !== 1) throw new InvalidSendError('An article’s send carries that one article.', 'articles');
  if (request.scheduledFor.getTime() < now.getTime() - nowTolerance)
    throw new InvalidSendError('That time has passed: choose a later one, or send it now.', 'scheduledFor');
  const digestDay = request.digestDay ?? null;
  if ((digestDay !== null) !== (request.kind === 'section-digest'))
    throw new InvalidSendError('Only a section’s daily digest covers a day, and it always does.', 'scheduledFor');
  return { ...request, subject, intro: intro === '' ? null : intro, digestDay };
}
