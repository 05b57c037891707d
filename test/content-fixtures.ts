import type { AccessLevel } from '../src/content/access-level.ts';
import type { ArticleStatus } from '../src/content/article.ts';
import { insertImage } from '../src/content/image-repository.ts';
import { saveAuthor, saveSection, saveSponsor } from '../src/content/masthead-repository.ts';
import { saveArticle } from '../src/content/save-article.ts';
import type { Database } from '../src/db/database.ts';
import { writePublicationSettings } from '../src/settings/settings-repository.ts';

export type SeededPublication = {
  sectionIds: { world: number; culture: number };
  authorIds: { reporter: number; critic: number };
  sponsorId: number;
  imageId: number;
};

/** A small publication for route tests: two sections, two authors, a sponsor, an image record. */
export async function seedPublication(db: Database, now: Date): Promise<SeededPublication> {
  await writePublicationSettings(db, { name: 'The Test Gazette', tagline: 'All the news that fits', locale: 'en-US', timeZone: 'America/New_York' }, now);
  const world = await saveSection(db, { slug: 'world', name: 'World', description: 'News from abroad.', position: 0 }, now);
  const culture = await saveSection(db, { slug: 'culture', name: 'Culture', description: 'Books and films.', position: 1 }, now);
  const reporter = await saveAuthor(db, { slug: 'ada-reporter', name: 'Ada Reporter', bio: 'Ada covers diplomacy.' }, now);
  const critic = await saveAuthor(db, { slug: 'ben-critic', name: 'Ben Critic', bio: 'Ben reviews books.' }, now);
  const sponsorId = await saveSponsor(db, { slug: 'acme', name: 'Acme Energy', disclosure: 'Paid for by Acme Energy.', url: 'https://acme.example' }, now);
  const imageId = await insertImage(db, { key: 'fixture-image', width: 1600, height: 900, alt: 'A harbour at dusk', createdAt: now });
  return { sectionIds: { world, culture }, authorIds: { reporter, critic }, sponsorId, imageId };
}

type FixtureArticle = {
  slug: string;
  section?: 'world' | 'culture';
  headline?: string;
  standfirst?: string;
  body?: string;
  access?: AccessLevel;
  status?: ArticleStatus;
  publishedAt?: Date | null;
  sponsored?: boolean;
  authors?: ('reporter' | 'critic')[];
  dateline?: string;
};

export async function addArticle(db: Database, seeded: SeededPublication, article: FixtureArticle, now: Date): Promise<number> {
  return saveArticle(
    db,
    {
      slug: article.slug,
      sectionId: seeded.sectionIds[article.section ?? 'world'],
      headline: article.headline ?? `Headline of ${article.slug}`,
      standfirst: article.standfirst ?? `Standfirst of ${article.slug}.`,
      dateline: article.dateline ?? 'Geneva',
      authorIds: (article.authors ?? ['reporter']).map((name) => seeded.authorIds[name]),
      bodyMarkdown: article.body ?? `First paragraph of ${article.slug}.\n\nSecond paragraph.\n\nThird paragraph.`,
      leadImage: { imageId: seeded.imageId, caption: 'The harbour at dusk.', credit: '© Test Agency' },
      access: article.access ?? 'metered',
      previewBlockCount: 2,
      status: article.status ?? 'published',
      sponsorId: article.sponsored ? seeded.sponsorId : null,
      publishedAt: article.publishedAt === undefined ? new Date(now.getTime() - 3_600_000) : article.publishedAt,
    },
    now,
  );
}
