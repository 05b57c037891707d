import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import type { Account, StaffRole } from '../accounts/account.ts';
import { createStaffAccount } from '../accounts/staff.ts';
import { findPublishedArticle } from '../content/article-repository.ts';
import { publishDueArticles } from '../content/publish-due-articles.ts';
import { EditRefusedError, saveFromEditor, type EditorIntent } from './edit-article.ts';
import type { EditorFields } from './editor-form.ts';

const now = new Date('2026-11-20T12:00:00Z');
const hour = 60 * 60 * 1000;
const { db, dialect } = await openTestDatabase();
const seeded = await seedPublication(db, now);
const staffOf = async (role: StaffRole): Promise<Account & { role: StaffRole }> => {
  const account = await createStaffAccount(db, { email: `${role}@newsroom.example`, name: role, role }, now);
  return { ...account, role };
};
const contributor = await staffOf('contributor');
const author = await staffOf('author');
const editor = await staffOf('editor');

const fields = (changes: Partial<EditorFields> = {}): EditorFields => ({
  headline: 'Harbour strike ends',
  standfirst: 'Dock workers return.',
  slug: 'harbour-strike-ends',
  sectionId: seeded.sectionIds.world,
  authorIds: [seeded.authorIds.reporter],
  dateline: 'Rotterdam',
  access: 'metered',
  requiredTierSlug: null,
  previewBlockCount: 2,
  sponsorId: null,
  bodyMarkdown: 'One.\n\nTwo.\n\nThree.',
  publishAt: null,
  ...changes,
});

async function save(
  staff: Account & { role: StaffRole },
  {
    articleId = null,
    intent = 'save',
    expectedRevision = 0,
    changes = {},
  }: { articleId?: number | null; intent?: EditorIntent; expectedRevision?: number; changes?: Partial<EditorFields> },
) {
  return saveFromEditor(db, { staff, role: staff.role, articleId, fields: fields(changes), intent, expectedRevision, now });
}

async function refused(promise: Promise<unknown>, problem: string) {
  await assert.rejects(promise, (error) => error instanceof EditRefusedError && error.problem === problem);
}

describe(`the newsroom's editor (${dialect})`, () => {
  it('bylines the writer when a draft is saved without an author: their author of that name, made once if there is none', async () => {
    const bylineOf = async (articleId: number) =>
      await db
        .selectFrom('article_authors')
        .innerJoin('authors', 'authors.id', 'article_authors.author_id')
        .select(['authors.name', 'authors.slug', 'authors.id'])
        .where('article_id', '=', articleId)
        .execute();
    const writer = {
      ...(await createStaffAccount(db, { email: 'noor@newsroom.example', name: 'Noor Haddad', role: 'contributor' }, now)),
      role: 'contributor' as const,
    };
    const first = await save(writer, { changes: { slug: 'no-byline-one', authorIds: [] } });
    const [made] = await bylineOf(first.articleId);
    assert.deepEqual({ name: made?.name, slug: made?.slug }, { name: 'Noor Haddad', slug: 'noor-haddad' });
    const second = await save(writer, { changes: { slug: 'no-byline-two', authorIds: [] } });
    assert.deepEqual(await bylineOf(second.articleId), [made], 'the same author, not a second one');
    const again = await save(writer, { articleId: first.articleId, expectedRevision: first.revision, changes: { slug: 'no-byline-one', authorIds: [] } });
    assert.deepEqual(await bylineOf(again.articleId), [made]);

    const reporter = await db.selectFrom('authors').select(['id', 'name']).where('id', '=', seeded.authorIds.reporter).executeTakeFirstOrThrow();
    const known = {
      ...(await createStaffAccount(db, { email: 'reporter@newsroom.example', name: reporter.name, role: 'author' }, now)),
      role: 'author' as const,
    };
    const theirs = await save(known, { changes: { slug: 'known-writer', authorIds: [] } });
    assert.deepEqual(
      (await bylineOf(theirs.articleId)).map((author) => author.id),
      [reporter.id],
      'a writer who already has an author keeps it',
    );
    const chosen = await save(known, { changes: { slug: 'chosen-byline', authorIds: [made?.id ?? 0] } });
    assert.deepEqual(
      (await bylineOf(chosen.articleId)).map((author) => author.id),
      [made?.id],
      'a byline chosen is kept as chosen',
    );
  });

  it('lets a contributor write a draft but never publish it, whatever the request says', async () => {
    const draft = await save(contributor, { changes: { slug: 'contributor-draft' } });
    await refused(
      save(contributor, { articleId: draft.articleId, intent: 'publish', expectedRevision: draft.revision, changes: { slug: 'contributor-draft' } }),
      'forbidden',
    );
    await refused(
      save(contributor, {
        articleId: draft.articleId,
        intent: 'schedule',
        expectedRevision: draft.revision,
        changes: { slug: 'contributor-draft', publishAt: new Date(now.getTime() + hour) },
      }),
      'forbidden',
    );
    assert.equal(await findPublishedArticle(db, 'contributor-draft', now), undefined);
  });

  it("lets an author publish their own piece but not another's", async () => {
    const own = await save(author, { intent: 'publish', changes: { slug: 'authors-own' } });
    assert.ok(await findPublishedArticle(db, 'authors-own', now));
    const others = await save(contributor, { changes: { slug: 'someone-elses' } });
    await refused(
      save(author, { articleId: others.articleId, intent: 'save', expectedRevision: others.revision, changes: { slug: 'someone-elses' } }),
      'forbidden',
    );
    await save(author, { articleId: own.articleId, intent: 'unpublish', expectedRevision: own.revision, changes: { slug: 'authors-own' } });
    assert.equal(await findPublishedArticle(db, 'authors-own', now), undefined);
  });

  it("lets an editor edit anyone's draft and schedule it; it goes live when its time comes", async () => {
    const draft = await save(contributor, { changes: { slug: 'to-schedule', headline: 'Draft headline' } });
    const edited = await save(editor, {
      articleId: draft.articleId,
      expectedRevision: draft.revision,
      changes: { slug: 'to-schedule', headline: 'Edited headline' },
    });
    await refused(
      save(editor, {
        articleId: draft.articleId,
        intent: 'schedule',
        expectedRevision: edited.revision,
        changes: { slug: 'to-schedule', publishAt: new Date(now.getTime() - hour) },
      }),
      'schedule-in-past',
    );
    await save(editor, {
      articleId: draft.articleId,
      intent: 'schedule',
      expectedRevision: edited.revision,
      changes: { slug: 'to-schedule', headline: 'Edited headline', publishAt: new Date(now.getTime() + hour) },
    });
    assert.equal(await findPublishedArticle(db, 'to-schedule', new Date(now.getTime() + 2 * hour)), undefined);
    assert.equal(await publishDueArticles(db, new Date(now.getTime() + 30 * 60 * 1000)), 0);
    assert.equal(await publishDueArticles(db, new Date(now.getTime() + hour)), 1);
    assert.equal((await findPublishedArticle(db, 'to-schedule', new Date(now.getTime() + hour)))?.headline, 'Edited headline');
    const log = await db.selectFrom('audit_log').select(['actor', 'action']).orderBy('id').execute();
    assert.ok(log.some((entry) => entry.action === 'scheduled' && entry.actor === 'editor'));
    assert.ok(log.some((entry) => entry.action === 'published (scheduled)' && entry.actor === 'the scheduler'));
  });

  it("keeps a contributor's hands off their piece once an editor has scheduled it, so only reviewed text goes out", async () => {
    const draft = await save(contributor, { changes: { slug: 'reviewed-piece', bodyMarkdown: 'Reviewed text.' } });
    const scheduled = await save(editor, {
      articleId: draft.articleId,
      intent: 'schedule',
      expectedRevision: draft.revision,
      changes: { slug: 'reviewed-piece', bodyMarkdown: 'Reviewed text.', access: 'premium', publishAt: new Date(now.getTime() + 2 * hour) },
    });
    const sneaked = { slug: 'reviewed-piece', bodyMarkdown: 'UNREVIEWED text.', access: 'free' as const, publishAt: new Date(now.getTime() - hour) };
    await refused(save(contributor, { articleId: draft.articleId, expectedRevision: scheduled.revision, changes: sneaked }), 'with-editors');
    await refused(
      save(contributor, { articleId: draft.articleId, intent: 'schedule', expectedRevision: scheduled.revision, changes: sneaked }),
      'with-editors',
    );
    assert.equal(await publishDueArticles(db, now), 0, 'the time the editor set still holds');
    await publishDueArticles(db, new Date(now.getTime() + 2 * hour));
    const live = await findPublishedArticle(db, 'reviewed-piece', new Date(now.getTime() + 2 * hour));
    assert.equal(live?.access, 'premium');
    assert.match(live?.body.map((block) => block.html).join('') ?? '', /Reviewed text/);
    await refused(save(contributor, { articleId: draft.articleId, expectedRevision: scheduled.revision, changes: sneaked }), 'with-editors');
  });

  it('ignores a publication time a contributor sends with their draft', async () => {
    const draft = await save(contributor, { changes: { slug: 'no-time-for-contributors', publishAt: new Date(now.getTime() - hour) } });
    const stored = await db.selectFrom('articles').select(['status', 'published_at']).where('id', '=', draft.articleId).executeTakeFirstOrThrow();
    assert.deepEqual({ ...stored }, { status: 'draft', published_at: null });
  });

  it('refuses to keep a scheduled article without its publication time, naming the field', async () => {
    const draft = await save(editor, { changes: { slug: 'timeless' } });
    const scheduled = await save(editor, {
      articleId: draft.articleId,
      intent: 'schedule',
      expectedRevision: draft.revision,
      changes: { slug: 'timeless', publishAt: new Date(now.getTime() + hour) },
    });
    await refused(
      save(editor, { articleId: draft.articleId, expectedRevision: scheduled.revision, changes: { slug: 'timeless', publishAt: null } }),
      'publish-time-missing',
    );
  });

  it('refuses a save made on an older revision instead of overwriting the newer one', async () => {
    const draft = await save(editor, { changes: { slug: 'contested' } });
    await save(editor, { articleId: draft.articleId, expectedRevision: draft.revision, changes: { slug: 'contested', headline: 'First editor wins' } });
    await refused(
      save(editor, { articleId: draft.articleId, expectedRevision: draft.revision, changes: { slug: 'contested', headline: 'Second editor' } }),
      'conflict',
    );
    const stored = await db.selectFrom('articles').select('headline').where('id', '=', draft.articleId).executeTakeFirstOrThrow();
    assert.equal(stored.headline, 'First editor wins');
  });

  it('keeps the old address of a published article that changes its slug', async () => {
    const published = await save(editor, { intent: 'publish', changes: { slug: 'old-address' } });
    await save(editor, { articleId: published.articleId, expectedRevision: published.revision, changes: { slug: 'new-address' } });
    const redirect = await db.selectFrom('slug_redirects').selectAll().where('old_slug', '=', 'old-address').executeTakeFirst();
    assert.equal(redirect?.article_id, published.articleId);
  });

  it('refuses a slug another article has, or had', async () => {
    await refused(save(editor, { changes: { slug: 'new-address' } }), 'slug-taken');
    await refused(save(editor, { changes: { slug: 'old-address' } }), 'slug-taken');
  });

  it('records access changes in the audit log', async () => {
    const published = await save(editor, { intent: 'publish', changes: { slug: 'access-change' } });
    await save(editor, { articleId: published.articleId, expectedRevision: published.revision, changes: { slug: 'access-change', access: 'premium' } });
    const entry = await db.selectFrom('audit_log').selectAll().where('action', '=', 'changed access').executeTakeFirst();
    assert.equal(entry?.detail, 'metered → premium');
  });
});
