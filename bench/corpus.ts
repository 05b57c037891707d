import type { Database } from '../src/db/database.ts';
import { saveAuthor, saveSection } from '../src/content/masthead-repository.ts';
import { writeArticle } from '../src/content/save-article.ts';
import type { AccessLevel } from '../src/content/access-level.ts';
import { demoArticles } from '../src/demo/demo-articles.ts';
import { writePublicationSettings } from '../src/settings/settings-repository.ts';

/** A small seeded generator, so two runs make the same corpus. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const accessMix: AccessLevel[] = ['metered', 'metered', 'metered', 'metered', 'free', 'free', 'registered', 'premium'];

/**
 * Fills a database with `count` articles across sections and authors, with bodies of realistic
 * length built from the demo publication's paragraphs (300 to 1,500 words), for benchmarks.
 */
export async function generateCorpus(db: Database, { count, now }: { count: number; now: Date }): Promise<void> {
  const random = generator(20261127);
  const paragraphs = demoArticles.flatMap((article) =>
    article.body.split(/\n\n+/).filter((block) => !block.startsWith('#') && !block.startsWith('>') && !block.startsWith('-')),
  );
  await writePublicationSettings(db, { name: 'The Benchmark Times', tagline: 'A generated corpus', locale: 'en-US', timeZone: 'UTC' }, now);
  const sectionIds: number[] = [];
  for (const [position, name] of ['World', 'Politics', 'Business', 'Science', 'Culture', 'Sport', 'Opinion', 'Technology'].entries()) {
    sectionIds.push(await saveSection(db, { slug: name.toLowerCase(), name, description: `${name} news.`, position }, now));
  }
  const authorIds: number[] = [];
  for (let index = 0; index < 40; index += 1)
    authorIds.push(await saveAuthor(db, { slug: `author-${index}`, name: `Author Number ${index}`, bio: 'A generated author.' }, now));
  const pick = <Item>(items: readonly Item[]) => items[Math.floor(random() * items.length)] as Item;
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    await db.transaction().execute(async (trx) => {
      for (let index = start; index < Math.min(count, start + batch); index += 1) {
        const words = 300 + Math.floor(random() * 1200);
        const body: string[] = [];
        let written = 0;
        while (written < words) {
          const paragraph = pick(paragraphs);
          body.push(paragraph);
          written += paragraph.split(/\s+/).length;
        }
        const source = pick(demoArticles);
        await writeArticle(
          trx,
          {
            slug: `story-${index}`,
            sectionId: pick(sectionIds),
            headline: `${source.headline} (${index})`,
            standfirst: source.standfirst,
            dateline: source.dateline,
            authorIds: [pick(authorIds)],
            bodyMarkdown: body.join('\n\n'),
            leadImage: null,
            access: index < accessMix.length ? (accessMix[index] as AccessLevel) : pick(accessMix),
            previewBlockCount: 2,
            status: 'published',
            sponsorId: null,
            publishedAt: new Date(now.getTime() - (count - index) * 60_000),
          },
          now,
        );
      }
    });
  }
}
