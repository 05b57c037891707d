import type { AdminFilterOption } from './admin-views.ts';

/** The reader a desk action is for, as its confirmation page names them, with the way back to their page. */
export type ReaderActionSubjectView = { name: string; email: string; url: string };

/** A grant of complimentary access still running, with its own form to revoke it. */
export type ComplimentaryGrantView = { label: string; reason: string; revokeUrl: string };

/**
 * The confirmation page of a desk action: what will happen, the choices the action takes, and the
 * reason the audit log keeps. `unavailable` says why the action does not apply to this reader now
 * (no trial running, nothing to refund); the form is then not shown.
 */
export type ReaderActionPageView = {
  kind: 'complimentary' | 'trial' | 'cancel' | 'refund' | 'email' | 'newsletter-links';
  title: string;
  reader: ReaderActionSubjectView;
  /** What confirming does, in a sentence or two. */
  consequence: string;
  unavailable: string | null;
  actionUrl: string;
  submitLabel: string;
  isDanger: boolean;
  error: string | null;
  /** The reason as typed, shown again when the form is refused. */
  reason: string;
  /** The choice the form takes, by kind: a period, a cancellation's timing. */
  options: AdminFilterOption[];
  grants: ComplimentaryGrantView[];
  /** Days for a trial, the new address, the charge refunded: the form's one other field, as typed or fixed. */
  value: string;
};
