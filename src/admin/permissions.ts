import type { StaffRole } from '../accounts/account.ts';
import type { ArticleStatus } from '../content/article.ts';

/**
 * What each newsroom role may do, as one table. Every admin route asks this before acting, so a
 * crafted request gets no further than a hidden button would.
 */
export type NewsroomAction =
  /** The newsroom's own pages (articles, images, revisions, the preview): every newsroom role, never the readers' desk alone. */
  | 'use-newsroom'
  | 'write-drafts'
  | 'edit-own-articles'
  | 'edit-any-article'
  | 'publish-own-articles'
  | 'publish-any-article'
  | 'manage-sections-authors-sponsors'
  | 'view-audit-log'
  | 'manage-settings'
  | 'manage-staff'
  /** The readers' desk: find readers, see their account, subscription, payments and notes, and act for them. */
  | 'serve-readers'
  /** Insights (what sells, what churns), experiments on the paywall and the meter's rules: the audience's editors and administrators. */
  | 'run-audience'
  /** Newsletters: define them, compose and schedule their sends, preview and test them: editors and administrators. */
  | 'send-newsletters';

const allowed: Readonly<Record<StaffRole, readonly NewsroomAction[]>> = {
  contributor: ['use-newsroom', 'write-drafts', 'edit-own-articles'],
  author: ['use-newsroom', 'write-drafts', 'edit-own-articles', 'publish-own-articles'],
  editor: [
    'use-newsroom',
    'write-drafts',
    'edit-own-articles',
    'edit-any-article',
    'publish-own-articles',
    'publish-any-article',
    'manage-sections-authors-sponsors',
    'view-audit-log',
    'run-audience',
    'send-newsletters',
  ],
  admin: [
    'use-newsroom',
    'write-drafts',
    'edit-own-articles',
    'edit-any-article',
    'publish-own-articles',
    'publish-any-article',
    'manage-sections-authors-sponsors',
    'view-audit-log',
    'manage-settings',
    'manage-staff',
    'serve-readers',
    'run-audience',
    'send-newsletters',
  ],
  // Readers' personal data is the desk's alone: editors and writers never see it.
  support: ['serve-readers'],
};

export function can(role: StaffRole, action: NewsroomAction): boolean {
  return allowed[role].includes(action);
}

/**
 * May this staff member change this article? Their own (they created it), or any if their role allows.
 * A role that cannot publish the piece changes it only while it is a draft: once an editor has
 * scheduled or published it, what goes out is the editors' to change, so a contributor cannot slip
 * unreviewed text (or another access level, or another time) into what the job loop will publish.
 */
export function canEditArticle(role: StaffRole, { isOwn, status }: { isOwn: boolean; status: ArticleStatus }): boolean {
  if (can(role, 'edit-any-article')) return true;
  if (!isOwn || !can(role, 'edit-own-articles')) return false;
  return status === 'draft' || canPublishArticle(role, { isOwn });
}

/** May this staff member publish, schedule or unpublish this article? */
export function canPublishArticle(role: StaffRole, { isOwn }: { isOwn: boolean }): boolean {
  return can(role, 'publish-any-article') || (isOwn && can(role, 'publish-own-articles'));
}
