import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../test/app.ts';
import { seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { findBodyProblem } from './unreadable-input.ts';

const nestedArrays = (levels: number): unknown => {
  let value: unknown = [];
  for (let level = 1; level < levels; level += 1) value = [value];
  return value;
};
const nestedObjects = (levels: number): unknown => {
  let value: unknown = { headline: 'deepest' };
  for (let level = 1; level < levels; level += 1) value = { a: value };
  return value;
};
const limits = { deepestNesting: 4, mostValues: 20, longestFieldName: 10 };

describe('what makes a parsed body unreadable', () => {
  it('finds nothing wrong with an ordinary form, JSON body or no body at all', () => {
    assert.equal(findBodyProblem({ email: 'ada@example.org', password: 'a long passphrase', authorIds: ['1', '2'] }), null);
    assert.equal(findBodyProblem({ device: 'Phone', tags: [{ name: 'world' }] }), null);
    assert.equal(findBodyProblem(undefined), null);
    assert.equal(findBodyProblem('plain text'), null);
  });

  it('finds a null character at any depth', () => {
    assert.equal(findBodyProblem({ name: 'Ada\u0000' }), 'null-character');
    assert.equal(findBodyProblem({ a: [{ b: ['x', 'y\u0000'] }] }), 'null-character');
  });

  it('allows nesting up to the limit and refuses one level more, arrays and objects alike', () => {
    assert.equal(findBodyProblem(nestedArrays(4), limits), null);
    assert.equal(findBodyProblem(nestedArrays(5), limits), 'too-deep');
    assert.equal(findBodyProblem(nestedObjects(4), limits), null);
    assert.equal(findBodyProblem(nestedObjects(5), limits), 'too-deep');
  });

  it('walks bodies nested far deeper than the call stack goes without running out of it', () => {
    assert.equal(findBodyProblem(nestedArrays(100_000)), 'too-deep');
    assert.equal(findBodyProblem(nestedObjects(100_000)), 'too-deep');
    assert.equal(findBodyProblem(JSON.parse(`${'['.repeat(5_000)}${']'.repeat(5_000)}`)), 'too-deep');
  });

  it('refuses a body with more values than any request has, long flat arrays included', () => {
    assert.equal(
      findBodyProblem(
        Array.from({ length: 19 }, () => 1),
        limits,
      ),
      null,
    );
    assert.equal(
      findBodyProblem(
        Array.from({ length: 20 }, () => 1),
        limits,
      ),
      'too-many-values',
    );
    assert.equal(findBodyProblem(Array.from({ length: 200_000 }, () => 1)), 'too-many-values');
  });

  it('refuses a field name longer than any of ours, as a deeply nested form key arrives', () => {
    assert.equal(findBodyProblem({ abcdefghij: 'x' }, limits), null);
    assert.equal(findBodyProblem({ abcdefghijk: 'x' }, limits), 'field-name-too-long');
    assert.equal(findBodyProblem({ [`a${'[b]'.repeat(5_000)}`]: '1' }), 'field-name-too-long');
  });

  it('leaves raw bytes alone: an upload or a signed webhook body is not text', () => {
    assert.equal(findBodyProblem({ image: Buffer.from('a\u0000b') }), null);
    assert.equal(findBodyProblem(Buffer.alloc(100_000)), null);
  });
});

const database = await openTestDatabase();
await seedPublication(database.db, new Date());
const app = await buildTestApp(database);

describe(`deep and oversized bodies at the edge (${database.dialect})`, () => {
  const deepArrays = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
  for (const url of ['/api/v1/sessions', '/login', '/register', '/logout']) {
    it(`refuses JSON nested 5,000 levels deep to ${url} with 400 naming the problem`, async () => {
      const response = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: deepArrays });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /nested too deeply/);
    });
  }

  it('refuses a body larger than the site reads with 413 saying so', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'x'.repeat(1_100_000) }),
    });
    assert.equal(response.statusCode, 413);
    assert.match(response.body, /That request is too large to be read/);
  });
});
