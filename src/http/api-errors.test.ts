import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccountError } from '../accounts/account-errors.ts';
import { InvalidArticleError } from '../content/save-article.ts';
import { HttpError } from './http-errors.ts';
import { ApiError, toApiErrorResponse } from './api-errors.ts';

const validationError = (context: string, issues: unknown[]) =>
  Object.assign(new Error('invalid'), { statusCode: 400, validation: issues, validationContext: context });

describe('API errors', () => {
  it('give a domain error its status, its code and the field at fault', () => {
    assert.deepEqual(toApiErrorResponse(new AccountError('wrong-credentials')), {
      status: 401,
      body: { error: { code: 'wrong-credentials', message: 'That e-mail address and password do not match an account.' } },
    });
    assert.deepEqual(toApiErrorResponse(new InvalidArticleError('An article needs a headline', { field: 'headline' })), {
      status: 400,
      body: { error: { code: 'invalid', message: 'An article needs a headline', field: 'headline' } },
    });
  });

  it('name an unknown field', () => {
    const { status, body } = toApiErrorResponse(
      validationError('querystring', [{ keyword: 'boolean', instancePath: '/expand', params: {}, message: 'schema is false' }]),
    );
    assert.equal(status, 400);
    assert.deepEqual(body.error, { code: 'invalid-request', message: '“expand” is not a field this request takes.', field: 'expand' });
  });

  it('name a missing field, and a field nested in the body', () => {
    assert.equal(
      toApiErrorResponse(validationError('body', [{ keyword: 'required', instancePath: '', params: { requiredProperties: ['device'] } }])).body.error.field,
      'device',
    );
    assert.equal(
      toApiErrorResponse(validationError('body', [{ keyword: 'type', instancePath: '/device/name', params: {}, message: 'must be string' }])).body.error.field,
      'device.name',
    );
    assert.equal(
      toApiErrorResponse(validationError('body', [{ keyword: 'additionalProperties', instancePath: '/device', params: { additionalProperties: ['colour'] } }]))
        .body.error.field,
      'device.colour',
    );
  });

  it("say what is wrong with a field's value", () => {
    const { body } = toApiErrorResponse(
      validationError('querystring', [{ keyword: 'maximum', instancePath: '/limit', params: { limit: 50 }, message: 'must be <= 50' }]),
    );
    assert.deepEqual(body.error, { code: 'invalid-request', message: '“limit” must be <= 50.', field: 'limit' });
  });

  it('speak of the whole body when no field is at fault', () => {
    const { body } = toApiErrorResponse(
      validationError('body', [{ keyword: 'type', instancePath: '', params: { type: 'object' }, message: 'must be object' }]),
    );
    assert.deepEqual(body.error, { code: 'invalid-request', message: 'The body must be object.' });
  });

  it('carry an API error as it was thrown', () => {
    assert.deepEqual(toApiErrorResponse(new ApiError(400, 'invalid-request', 'Bad cursor.', { field: 'cursor' })), {
      status: 400,
      body: { error: { code: 'invalid-request', message: 'Bad cursor.', field: 'cursor' } },
    });
  });

  it('never tell an app what went wrong on the server', () => {
    const secret = 'connection to db.internal:5432 refused';
    for (const error of [new Error(secret), new HttpError(500, secret), Object.assign(new Error(secret), { statusCode: 503 })]) {
      const { status, body } = toApiErrorResponse(error);
      assert.ok(status >= 500);
      assert.ok(!JSON.stringify(body).includes('db.internal'));
    }
  });

  it("map Fastify's own refusals to codes", () => {
    assert.equal(toApiErrorResponse(Object.assign(new Error('x'), { statusCode: 415 })).body.error.code, 'unsupported-media-type');
    assert.equal(toApiErrorResponse(Object.assign(new Error('x'), { statusCode: 413 })).body.error.code, 'too-large');
    assert.equal(
      toApiErrorResponse(Object.assign(new Error('x'), { statusCode: 400, code: 'FST_ERR_CTP_EMPTY_JSON_BODY' })).body.error.message,
      'The JSON body is empty.',
    );
  });
});
