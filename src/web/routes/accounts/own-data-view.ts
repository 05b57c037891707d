import type { Account } from '../../../accounts/account.ts';

/** Where a reader's own data lives on the account pages. */
export const ownDataPaths = {
  download: '/account/data',
  deleteAccount: '/account/delete',
  deleteConfirm: '/account/delete/confirm',
} as const;

/** What the account page's "Your data" section needs. */
export type OwnDataView = { downloadUrl: string; deleteUrl: string; canDelete: boolean };

export function ownDataViewOf(account: Pick<Account, 'role'>): OwnDataView {
  // Staff accounts own the newsroom's work and records: an administrator removes them, not the account page.
  return { downloadUrl: ownDataPaths.download, deleteUrl: ownDataPaths.deleteAccount, canDelete: account.role === 'reader' };
}
