import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { staffRoles } from '../accounts/account.ts';
import { can, canEditArticle, canPublishArticle, type NewsroomAction } from './permissions.ts';

describe('newsroom roles', () => {
  const table: Record<NewsroomAction, readonly string[]> = {
    'write-drafts': ['contributor', 'author', 'editor', 'admin'],
    'edit-own-articles': ['contributor', 'author', 'editor', 'admin'],
    'edit-any-article': ['editor', 'admin'],
    'publish-own-articles': ['author', 'editor', 'admin'],
    'publish-any-article': ['editor', 'admin'],
    'manage-sections-authors-sponsors': ['editor', 'admin'],
    'view-audit-log': ['editor', 'admin'],
    'manage-settings': ['admin'],
    'manage-staff': ['admin'],
  };
  for (const [action, roles] of Object.entries(table)) {
    it(`lets ${roles.join(', ')} and no one else ${action.replaceAll('-', ' ')}`, () => {
      for (const role of staffRoles) assert.equal(can(role, action as NewsroomAction), roles.includes(role), role);
    });
  }

  it('keeps contributors to their own unpublished drafts', () => {
    assert.equal(canEditArticle('contributor', { isOwn: true, isPublished: false }), true);
    assert.equal(canEditArticle('contributor', { isOwn: true, isPublished: true }), false);
    assert.equal(canEditArticle('contributor', { isOwn: false, isPublished: false }), false);
    assert.equal(canPublishArticle('contributor', { isOwn: true }), false);
  });

  it('lets authors publish their own pieces only, and editors everything', () => {
    assert.equal(canPublishArticle('author', { isOwn: true }), true);
    assert.equal(canPublishArticle('author', { isOwn: false }), false);
    assert.equal(canEditArticle('author', { isOwn: false, isPublished: false }), false);
    assert.equal(canPublishArticle('editor', { isOwn: false }), true);
    assert.equal(canEditArticle('editor', { isOwn: false, isPublished: true }), true);
  });
});
