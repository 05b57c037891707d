import type { AccessLevel } from '../content/access-level.ts';
import type { ArticleStatus } from '../content/article.ts';
import type { ArticleDraft } from '../content/save-article.ts';
import { slugify } from '../content/slug.ts';

/** One article of an archive being imported, as its line in the file gives it. */
export type ArchiveArticle = {
  /** Where it is in the file, counting from 1, so every message can point at it. */
  line: number;
  sectionSlug: string;
  slug: string;
  headline: string;
  standfirst: string;
  dateline: string;
  /** The byline as the archive carries it: author names, or slugs of authors the site has. */
  bylines: readonly string[];
  bodyMarkdown: string;
  access: AccessLevel;
  /** null: the publication's default preview length. */
  previewBlockCount: number | null;
  /** null: a draft. */
  publishedAt: Date | null;
};

/** An author as the site knows them, enough to tell whether a byline is theirs. */
export type KnownAuthor = { id: number; slug: string; name: string };

/** The author a byline names, created when the site has no one by that slug or name. */
export function newAuthorOf(byline: string): { slug: string; name: string } {
  return { slug: slugify(byline), name: byline };
}

/**
 * Which of the site's authors a byline names: the one with that slug, else the one with exactly that
 * name, else the one whose slug the name makes ("Ada Reporter" is ada-reporter). An author the
 * newsroom gave a slug of its own is still found by name.
 */
export function matchAuthor(byline: string, authors: readonly KnownAuthor[]): KnownAuthor | undefined {
  return (
    authors.find((author) => author.slug === byline) ??
    authors.find((author) => author.name === byline) ??
    authors.find((author) => author.slug === slugify(byline))
  );
}

/** An archive's article goes live at its time: published if that has passed, else scheduled. */
export function statusOf(publishedAt: Date | null, now: Date): ArticleStatus {
  if (publishedAt === null) return 'draft';
  return publishedAt <= now ? 'published' : 'scheduled';
}

/** The draft the newsroom's save takes, once the section and the byline's authors have ids. */
export function draftOf(
  article: ArchiveArticle,
  { sectionId, authorIds, defaultPreviewBlocks, now }: { sectionId: number; authorIds: readonly number[]; defaultPreviewBlocks: number; now: Date },
): ArticleDraft {
  return {
    slug: article.slug,
    sectionId,
    headline: article.headline,
    standfirst: article.standfirst,
    dateline: article.dateline,
    // Two bylines may name one author ("Ada Reporter", "ada-reporter"); a byline lists them once.
    authorIds: [...new Set(authorIds)],
    bodyMarkdown: article.bodyMarkdown,
    leadImage: null,
    access: article.access,
    previewBlockCount: article.previewBlockCount ?? defaultPreviewBlocks,
    status: statusOf(article.publishedAt, now),
    sponsorId: null,
    publishedAt: article.publishedAt,
  };
}
