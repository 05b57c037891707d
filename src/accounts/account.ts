/** Readers hold accounts to register and subscribe; the newsroom's roles come with the admin. */
export const roles = ['reader', 'contributor', 'author', 'editor', 'admin'] as const;
export type Role = (typeof roles)[number];
export const staffRoles = ['contributor', 'author', 'editor', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

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
