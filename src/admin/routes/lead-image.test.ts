import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { buildTestApp } from '../../../test/app.ts';
import { addArticle, seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { openSession, sessionCookieName } from '../../accounts/sessions.ts';
import { createStaffAccount } from '../../accounts/staff.ts';

const now = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const seeded = await seedPublication(database.db, now);
const articleId = await addArticle(database.db, seeded, { slug: 'needs-a-picture', access: 'free' }, now);
const app = await buildTestApp(database, { now: () => now });
const editor = await createStaffAccount(database.db, { email: 'pictures@newsroom.example', name: 'Pic Editor', role: 'editor' }, now);
const contributor = await createStaffAccount(database.db, { email: 'writer@newsroom.example', name: 'Writer', role: 'contributor' }, now);

async function signedIn(accountId: number) {
  const { token } = await openSession(database.db, accountId, now);
  const page = await app.inject({ method: 'GET', url: `/admin/articles/${articleId}`, cookies: { [sessionCookieName]: token } });
  const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
  const csrfCookie = String(page.headers['set-cookie']).match(/dl_csrf=([^;]+)/)?.[1] ?? '';
  return { cookies: { [sessionCookieName]: token, dl_csrf: csrfCookie }, csrf };
}

/** A multipart/form-data body as a browser sends it. */
function multipart(fields: Record<string, string | readonly string[]>, file: { name: string; type: string; bytes: Buffer } | null) {
  const boundary = '----dateline-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, values] of Object.entries(fields)) {
    for (const value of typeof values === 'string' ? [values] : values)
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(accountId: number, file: { name: string; type: string; bytes: Buffer } | null, alt = 'A harbour crane at dawn') {
  const { cookies, csrf } = await signedIn(accountId);
  const body = multipart({ _csrf: csrf, alt, caption: 'The harbour at dawn.', credit: '© Test Agency' }, file);
  return app.inject({ method: 'POST', url: `/admin/articles/${articleId}/lead-image`, cookies, ...body });
}

const photo = await sharp({ create: { width: 1800, height: 1000, channels: 3, background: { r: 30, g: 90, b: 140 } } })
  .jpeg()
  .toBuffer();

describe(`uploading a lead image (${database.dialect})`, () => {
  it('stores the image in every size and format, and the article shows it with its caption and credit', async () => {
    const response = await upload(editor.id, { name: 'crane.jpg', type: 'image/jpeg', bytes: photo });
    assert.equal(response.statusCode, 303);
    const image = await database.db.selectFrom('images').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual([image.width, image.height, image.alt], [1800, 1000, 'A harbour crane at dawn']);
    for (const file of [`${image.key}-240.avif`, `${image.key}-480.webp`, `${image.key}-1600.jpg`, `${image.key}-1600.avif`])
      assert.ok(existsSync(path.join(database.dataDir, 'media', file)), file);
    const page = await app.inject('/world/needs-a-picture');
    assert.match(page.body, new RegExp(`${image.key}-800\\.webp 800w`));
    assert.match(page.body, /The harbour at dawn\./);
  });

  it('refuses a file that is not an image, whatever its name says', async () => {
    const response = await upload(editor.id, { name: 'photo.jpg', type: 'image/jpeg', bytes: Buffer.from('#!/bin/sh\necho not an image\n') });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /not an image we can read/);
  });

  it('refuses an image that would decode to too many pixels', async () => {
    const bomb = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: { r: 0, g: 0, b: 0 } } })
      .png({ compressionLevel: 9, palette: true })
      .toBuffer();
    assert.ok(bomb.length < 1_000_000, 'a small file…');
    const response = await upload(editor.id, { name: 'bomb.png', type: 'image/png', bytes: bomb });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /megapixels|not an image/);
  });

  it('needs alt text, and a role allowed to change the article', async () => {
    assert.equal((await upload(editor.id, { name: 'crane.jpg', type: 'image/jpeg', bytes: photo }, '  ')).statusCode, 400);
    assert.equal((await upload(contributor.id, { name: 'crane.jpg', type: 'image/jpeg', bytes: photo })).statusCode, 403);
  });

  it('lists the uploaded image in the library with the article that uses it', async () => {
    const { cookies } = await signedIn(editor.id);
    const library = await app.inject({ method: 'GET', url: '/admin/images', cookies });
    assert.equal(library.statusCode, 200);
    assert.match(library.body, /A harbour crane at dawn/);
    assert.match(library.body, new RegExp(`href="/admin/articles/${articleId}"`));
  });

  it('is refused to a contributor once an editor has scheduled their piece', async () => {
    await database.db.updateTable('articles').set({ created_by: contributor.id, status: 'scheduled' }).where('id', '=', articleId).execute();
    const response = await upload(contributor.id, { name: 'swap.jpg', type: 'image/jpeg', bytes: photo });
    assert.equal(response.statusCode, 403);
    await database.db.updateTable('articles').set({ created_by: null, status: 'published' }).where('id', '=', articleId).execute();
  });
});

const draftId = await addArticle(
  database.db,
  seeded,
  { slug: 'typed-then-pictured', access: 'free', status: 'draft', body: 'The first saved paragraph.' },
  now,
);
const stored = await database.db.selectFrom('articles').select('revision').where('id', '=', draftId).executeTakeFirstOrThrow();

describe(`uploading a lead image from the editor, with text not yet saved (${database.dialect})`, () => {
  /** The editor's form as the browser sends it with "Save and upload image": its text, and the image's fields. */
  const editorForm = (changes: Record<string, string | readonly string[]>) => ({
    version: String(stored.revision),
    intent: 'save',
    headline: 'Typed then pictured',
    standfirst: 'A standfirst typed after the last save.',
    slug: 'typed-then-pictured',
    sectionId: String(seeded.sectionIds.world),
    authorIds: [String(seeded.authorIds.reporter), String(seeded.authorIds.critic)],
    dateline: 'Oslo',
    access: 'free',
    previewBlockCount: '1',
    sponsorId: '',
    bodyMarkdown: 'The first saved paragraph.\n\nUNSAVED-PARAGRAPH typed since, with “quotes” and ünïcode.',
    publishAt: '',
    alt: 'A quay at night',
    caption: 'The quay.',
    credit: '© Desk',
    ...changes,
  });
  async function uploadFromEditor(changes: Record<string, string | readonly string[]>, file: { name: string; type: string; bytes: Buffer } | null) {
    const { token } = await openSession(database.db, editor.id, now);
    const page = await app.inject({ method: 'GET', url: `/admin/articles/${draftId}`, cookies: { [sessionCookieName]: token } });
    const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    const cookies = { [sessionCookieName]: token, dl_csrf: String(page.headers['set-cookie']).match(/dl_csrf=([^;]+)/)?.[1] ?? '' };
    return app.inject({ method: 'POST', url: `/admin/articles/${draftId}/lead-image`, cookies, ...multipart({ _csrf: csrf, ...editorForm(changes) }, file) });
  }

  it('shows the upload as a button of the editor’s own form, sending it all as multipart', async () => {
    const { token } = await openSession(database.db, editor.id, now);
    const page = await app.inject({ method: 'GET', url: `/admin/articles/${draftId}`, cookies: { [sessionCookieName]: token } });
    assert.match(page.body, new RegExp(`<button[^>]*formaction="/admin/articles/${draftId}/lead-image" formenctype="multipart/form-data"`));
    assert.doesNotMatch(page.body, /form="lead-image-form"|id="lead-image-form"/, 'no second form that would leave the text behind');
  });

  it('saves the text typed since the last save, then sets the image', async () => {
    const response = await uploadFromEditor({}, { name: 'quay.jpg', type: 'image/jpeg', bytes: photo });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `/admin/articles/${draftId}?saved=image`);
    const article = await database.db
      .selectFrom('articles')
      .select(['body_markdown', 'standfirst', 'dateline', 'lead_image_id', 'lead_image_caption', 'revision'])
      .where('id', '=', draftId)
      .executeTakeFirstOrThrow();
    assert.match(article.body_markdown, /UNSAVED-PARAGRAPH typed since, with “quotes” and ünïcode\./);
    assert.equal(article.standfirst, 'A standfirst typed after the last save.');
    assert.equal(article.dateline, 'Oslo');
    assert.notEqual(article.lead_image_id, null);
    assert.equal(article.lead_image_caption, 'The quay.');
    assert.equal(article.revision, stored.revision + 1);
    const byline = await database.db.selectFrom('article_authors').select('author_id').where('article_id', '=', draftId).orderBy('position').execute();
    assert.deepEqual(
      byline.map((row) => row.author_id),
      [seeded.authorIds.reporter, seeded.authorIds.critic],
      'every author ticked, as a repeated field',
    );
  });

  it('without a file or alt text, shows the editor again with the text as typed, and saves nothing', async () => {
    const before = await database.db.selectFrom('articles').select('revision').where('id', '=', draftId).executeTakeFirstOrThrow();
    for (const [changes, file, named] of [
      [{ version: String(before.revision), bodyMarkdown: 'KEPT-WITHOUT-FILE' }, null, /Choose an image file/],
      [
        { version: String(before.revision), bodyMarkdown: 'KEPT-WITHOUT-ALT', alt: ' ' },
        { name: 'quay.jpg', type: 'image/jpeg', bytes: photo },
        /Describe the image/,
      ],
    ] as const) {
      const response = await uploadFromEditor(changes, file);
      assert.equal(response.statusCode, 400);
      assert.match(response.body, named);
      assert.match(response.body, new RegExp(`<textarea[^>]*name="bodyMarkdown"[^>]*>${changes.bodyMarkdown}</textarea>`));
    }
    assert.equal((await database.db.selectFrom('articles').select('revision').where('id', '=', draftId).executeTakeFirstOrThrow()).revision, before.revision);
  });

  it('keeps the text, saved, when the file turns out not to be an image', async () => {
    const before = await database.db.selectFrom('articles').select('revision').where('id', '=', draftId).executeTakeFirstOrThrow();
    const response = await uploadFromEditor(
      { version: String(before.revision), bodyMarkdown: 'SAVED-THOUGH-THE-FILE-WAS-BAD' },
      { name: 'x.jpg', type: 'image/jpeg', bytes: Buffer.from('not an image') },
    );
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Your text is saved\. .*not an image/);
    assert.match(response.body, />SAVED-THOUGH-THE-FILE-WAS-BAD<\/textarea>/);
    const article = await database.db.selectFrom('articles').select('body_markdown').where('id', '=', draftId).executeTakeFirstOrThrow();
    assert.equal(article.body_markdown, 'SAVED-THOUGH-THE-FILE-WAS-BAD');
  });

  it('on a conflict keeps the form as typed and uploads nothing', async () => {
    const response = await uploadFromEditor(
      { version: '0', bodyMarkdown: 'TYPED-AGAINST-AN-OLD-VERSION' },
      { name: 'quay.jpg', type: 'image/jpeg', bytes: photo },
    );
    assert.equal(response.statusCode, 409);
    assert.match(response.body, /Someone else saved this article/);
    assert.match(response.body, />TYPED-AGAINST-AN-OLD-VERSION<\/textarea>/);
  });

  it('saves a draft with no author ticked under the writer’s own byline', async () => {
    const before = await database.db.selectFrom('articles').select('revision').where('id', '=', draftId).executeTakeFirstOrThrow();
    const response = await uploadFromEditor({ version: String(before.revision), authorIds: [] }, { name: 'quay.jpg', type: 'image/jpeg', bytes: photo });
    assert.equal(response.statusCode, 303);
    const byline = await database.db
      .selectFrom('article_authors')
      .innerJoin('authors', 'authors.id', 'article_authors.author_id')
      .select('authors.name')
      .where('article_id', '=', draftId)
      .execute();
    assert.deepEqual(
      byline.map((row) => row.name),
      ['Pic Editor'],
    );
  });
});
