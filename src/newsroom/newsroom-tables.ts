import type { Generated } from 'kysely';

export type NewsroomTables = {
  /** Every saved version of an article, for history and restore. */
  article_revisions: {
    article_id: number;
    revision: number;
    saved_at: string;
    saved_by: number | null;
    /** The editor's fields as JSON. */
    snapshot: string;
  };
  /** Old addresses of articles whose slug changed after publication, answered with 301. */
  slug_redirects: {
    old_slug: string;
    article_id: number;
  };
  /** Who published, unpublished, changed access or settings, and when. */
  audit_log: {
    id: Generated<number>;
    at: string;
    account_id: number | null;
    actor: string;
    action: string;
    subject: string;
    detail: string;
  };
};
