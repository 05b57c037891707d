import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AccessLevel } from './access-level.ts';
import type { ArticleStatus } from './article.ts';

/** Timestamps are ISO 8601 strings in UTC on both databases: see docs/decisions/0002-timestamps-as-iso-text.md. */
type Timestamp = string;

export type SectionTable = {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
  position: number;
  /** The tier its subscribers-only articles require when they name none of their own; null: any subscription. */
  required_tier_id: ColumnType<number | null, number | null | undefined, number | null>;
};

export type AuthorTable = {
  id: Generated<number>;
  slug: string;
  name: string;
  bio: string;
};

export type SponsorTable = {
  id: Generated<number>;
  slug: string;
  name: string;
  disclosure: string;
  url: string;
};

export type ImageTable = {
  id: Generated<number>;
  /** Base name of the image's files in the media folder; each rendition adds its width and format. */
  key: string;
  width: number;
  height: number;
  alt: string;
  created_at: Timestamp;
};

export type ArticleTable = {
  id: Generated<number>;
  slug: string;
  section_id: number;
  headline: string;
  standfirst: string;
  dateline: string;
  body_markdown: string;
  /** The body rendered and sanitized at save time, as a JSON array of blocks. */
  body_blocks: string;
  lead_image_id: number | null;
  lead_image_caption: string;
  lead_image_credit: string;
  access_level: AccessLevel;
  /** For a subscribers-only article, the tier it requires; null: its section's, else any subscription. */
  required_tier_id: ColumnType<number | null, number | null | undefined, number | null>;
  preview_block_count: number;
  status: ArticleStatus;
  sponsor_id: number | null;
  published_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The staff account that created the article: "own" for the roles that may only touch their own. */
  created_by: number | null;
  /** Raised by every save; a save that read an older revision is a conflict, not an overwrite. */
  revision: Generated<number>;
};

export type ArticleAuthorTable = {
  article_id: number;
  author_id: number;
  position: number;
};

export type ContentTables = {
  sections: SectionTable;
  authors: AuthorTable;
  sponsors: SponsorTable;
  images: ImageTable;
  articles: ArticleTable;
  article_authors: ArticleAuthorTable;
};

export type ArticleRow = Selectable<ArticleTable>;
export type NewArticleRow = Insertable<ArticleTable>;
export type ArticleRowUpdate = Updateable<ArticleTable>;
export type SectionRow = Selectable<SectionTable>;
export type AuthorRow = Selectable<AuthorTable>;
export type SponsorRow = Selectable<SponsorTable>;
export type ImageRow = Selectable<ImageTable>;
