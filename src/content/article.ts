import type { AccessLevel } from './access-level.ts';
import type { BodyBlock } from './body-blocks.ts';

export const articleStatuses = ['draft', 'scheduled', 'published'] as const;
export type ArticleStatus = (typeof articleStatuses)[number];

export type Section = {
  id: number;
  slug: string;
  name: string;
  description: string;
  position: number;
};

export type Author = {
  id: number;
  slug: string;
  name: string;
  bio: string;
};

export type Sponsor = {
  id: number;
  slug: string;
  name: string;
  disclosure: string;
  url: string;
};

/** A stored image; its renditions are files named from the key, one per width and format. */
export type Image = {
  id: number;
  key: string;
  width: number;
  height: number;
  alt: string;
};

export type LeadImage = {
  image: Image;
  caption: string;
  credit: string;
};

/** A tier (src/commerce/tier.ts) as an article names it. */
export type RequiredTier = { slug: string; name: string };

/** An article as the reader site knows it: the body already rendered to sanitized blocks. */
export type Article = {
  id: number;
  slug: string;
  section: Section;
  headline: string;
  standfirst: string;
  dateline: string;
  authors: readonly Author[];
  leadImage: LeadImage | null;
  access: AccessLevel;
  /** The tier a subscribers-only article requires, its own or its section's; null: any subscription (or not subscribers-only). */
  requiredTier: RequiredTier | null;
  previewBlockCount: number;
  status: ArticleStatus;
  sponsor: Sponsor | null;
  publishedAt: Date | null;
  updatedAt: Date;
  body: readonly BodyBlock[];
};

/** What a list of articles (a front, a search result, a feed) shows of each one. */
export type ArticleSummary = Omit<Article, 'body' | 'previewBlockCount'>;
