import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { staffRoles } from '../accounts/account.ts';
import { can, canEditArticle, canPublishArticle, type NewsroomAction } from './permissions.ts';

describe('newsroom roles', () => {
  const table: Record<NewsroomAction, readonly string[]> = {
    'use-newsroom': ['contributor', 'author', 'editor', 'admin'],
    'write-drafts': ['contributor', 'author', 'editor', 'admin'],
    'edit-own-articles': ['contributor', 'author', 'editor', 'admin'],
    'edit-any-article': ['editor', 'admin'],
    'publish-own-articles': ['author', 'editor', 'admin'],
    'publish-any-article': ['editor', 'admin'],
    'manage-sections-authors-sponsors': ['editor', 'admin'],
    'view-audit-log': ['editor', 'admin'],
    'run-audience': ['editor', 'admin'],
    'send-newsletters': ['editor', 'admin'],
    'manage-settings': ['admin'],
    'manage-staff': ['admin'],
    'serve-readers': ['admin', 'support'],
  };
  for (const [action, roles] of Object.entries(table)) {
    it(`lets ${roles.join(', ')} and no one else ${action.replaceAll('-', ' ')}`, () => {
      for (const role of staffRoles) assert.equal(can(role, action as NewsroomAction), roles.includes(role), role);
    });
  }

  it("keeps the readers' desk out of the newsroom: support may do nothing but serve readers", () => {
    for (const action of Object.keys(table) as NewsroomAction[]) assert.equal(can('support', action), action === 'serve-readers', action);
  });

  it("keeps contributors to their own drafts: once scheduled or published, a piece is the editors' to change", () => {
    assert.equal(canEditArticle('contributor', { isOwn: true, status: 'draft' }), true);
    assert.equal(canEditArticle('contributor', { isOwn: true, status: 'scheduled' }), false);
    assert.equal(canEditArticle('contributor', { isOwn: true, status: 'published' }), false);
    assert.equal(canEditArticle('contributor', { isOwn: false, status: 'draft' }), false);
    assert.equal(canPublishArticle('contributor', { isOwn: true }), false);
  });

  it('lets authors publish and change their own pieces only, and editors everything', () => {
    assert.equal(canPublishArticle('author', { isOwn: true }), true);
    assert.equal(canPublishArticle('author', { isOwn: false }), false);
    assert.equal(canEditArticle('author', { isOwn: true, status: 'scheduled' }), true);
    assert.equal(canEditArticle('author', { isOwn: true, status: 'published' }), true);
    assert.equal(canEditArticle('author', { isOwn: false, status: 'draft' }), false);
    assert.equal(canPublishArticle('editor', { isOwn: false }), true);
    assert.equal(canEditArticle('editor', { isOwn: false, status: 'scheduled' }), true);
    assert.equal(canEditArticle('editor', { isOwn: false, status: 'published' }), true);
  });
});
