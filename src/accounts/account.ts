/**
 * Readers hold accounts to register and subscribe; the newsroom's roles come with the admin.
 * `support` works the readers' desk (customer service, retention) and nothing of the newsroom's.
 */
export const roles = ['reader', 'contributor', 'author', 'editor', 'admin', 'support'] as const;
export type Role = (typeof roles)[number];
export const staffRoles = ['contributor', 'author', 'editor', 'admin', 'support'] as const;
export type StaffRole = (typeof staffRoles)[number];

/**
 * Where an account came from: signed up on the site, brought in by `readers:import`, or made by
 * confirming a newsletter sign-up (no password: its reader logs in by a mailed link).
 */
export const accountSources = ['website', 'import', 'newsletter'] as const;
export type AccountSource = (typeof accountSources)[number];

export type Account = {
  id: number;
  email: string;
  name: string;
  role: Role;
  hasPassword: boolean;
};

export function isStaff(account: Pick<Account, 'role'>): boolean {
  return account.role !== 'reader';
}
