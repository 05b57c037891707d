import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toPaginationView } from './pagination.ts';

describe('pagination links', () => {
  it('links the first page without a page parameter and keeps other parameters', () => {
    assert.deepEqual(toPaginationView({ page: 2, total: 25, pageSize: 10, path: '/search', query: { q: 'port tax' } }), {
      page: 2,
      pageCount: 3,
      previousUrl: '/search?q=port+tax',
      nextUrl: '/search?q=port+tax&page=3',
    });
  });

  it('has one page and no links for an empty list', () => {
    assert.deepEqual(toPaginationView({ page: 1, total: 0, pageSize: 10, path: '/world' }), {
      page: 1,
      pageCount: 1,
      previousUrl: null,
      nextUrl: null,
    });
  });
});
