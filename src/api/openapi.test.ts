import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { buildTestApp } from '../../test/app.ts';
import { openTestDatabase } from '../../test/database.ts';

/** The OpenAPI document is generated from the routes' own schemas, so it cannot drift from what they check. */
const database = await openTestDatabase();
const app = await buildTestApp(database);

describe('the OpenAPI document', () => {
  it('is served at /api/v1/openapi.json and validates as OpenAPI 3.1', async () => {
    const response = await app.inject('/api/v1/openapi.json');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    const document = response.json();
    assert.equal(document.openapi, '3.1.0');
    // validate() dereferences in place, so it is given a copy.
    await SwaggerParser.validate(structuredClone(document));
  });

  it("describes the API's routes and nothing of the site", async () => {
    const { paths } = (await app.inject('/api/v1/openapi.json')).json();
    assert.deepEqual(Object.keys(paths).sort(), [
      '/api/v1/articles',
      '/api/v1/articles/{section}/{slug}',
      '/api/v1/me',
      '/api/v1/search',
      '/api/v1/sections',
      '/api/v1/sessions',
      '/api/v1/sessions/current',
    ]);
  });

  it('says which routes need a token, and how errors look', async () => {
    const { paths, components } = (await app.inject('/api/v1/openapi.json')).json();
    assert.deepEqual(components.securitySchemes.bearerToken, {
      type: 'http',
      scheme: 'bearer',
      description: 'The token POST /api/v1/sessions gave this device.',
    });
    assert.deepEqual(paths['/api/v1/me'].get.security, [{ bearerToken: [] }]);
    assert.deepEqual(paths['/api/v1/sessions/current'].delete.security, [{ bearerToken: [] }]);
    const limit = paths['/api/v1/articles'].get.parameters.find((parameter: { name: string }) => parameter.name === 'limit');
    assert.equal(limit.schema.maximum, 50);
    const notFound = paths['/api/v1/articles/{section}/{slug}'].get.responses['404'].content['application/json'].schema;
    assert.deepEqual(notFound.required, ['error']);
  });

  it('is served with a browsable reference page', async () => {
    const page = await app.inject('/api/v1/docs');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /src="\/api\/v1\/docs\/static\/swagger-ui-bundle\.js"/);
    assert.ok(!/<script>|<style>|style=/.test(page.body), 'nothing inline for the Content-Security-Policy to refuse');
  });
});
