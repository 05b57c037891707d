/**
 * What a plan gives its subscribers ("Digital", "Premium"): a subscribers-only article, or a
 * section's, may require one instead of any subscription, and the paywall then sells the plans
 * that give it.
 */
export type Tier = {
  id: number;
  slug: string;
  name: string;
  /** A line for the newsroom and the paywall: "The archive and the weekly magazine". */
  description: string;
};
