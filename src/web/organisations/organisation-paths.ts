/** Where the organisation pages live: the manager's and member's page, where the mailed links land, and buying seats. */
export const organisationPaths = {
  page: '/organisation',
  invite: '/organisation/invite',
  remove: '/organisation/remove',
  prove: '/organisation/prove',
  proveConfirm: '/organisation/prove/confirm',
  join: '/organisation/join',
  /** A bought organisation's manager changes its seats, or stops or resumes its subscription. */
  seats: '/organisation/seats',
  renewal: '/organisation/renewal',
  /** Where a reader buys seats for their company, and lands back once paid. */
  buy: '/organisations/buy',
  bought: '/organisations/buy/done',
} as const;
