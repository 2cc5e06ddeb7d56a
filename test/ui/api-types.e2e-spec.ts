/**
 * The web UI's API types are generated from the service's own OpenAPI document
 * (scripts/generate-api-types.mjs → web/src/api/schema.d.ts). If a route or a DTO changes and the
 * committed file is not regenerated, this fails, so the UI cannot silently drift from the API.
 * UPDATE_API_TYPES=1 makes it write the file instead (then type-check the UI: `npx tsc -p web/tsconfig.json`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/app.js';

describe('web UI API types', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('web/src/api/schema.d.ts is what openapi-typescript makes of /api/docs-json', async () => {
    const res = await t.http.get('/api/docs-json');
    expect(res.status).toBe(200);
    // The same function `npm run api:types` uses (openapi-typescript's programmatic API).
    const { generateApiTypes, SCHEMA_FILE } = (await import(join(process.cwd(), 'scripts', 'generate-api-types.mjs'))) as {
      generateApiTypes(doc: unknown): Promise<string>;
      SCHEMA_FILE: string;
    };
    const expected = await generateApiTypes(res.body);
    // UPDATE_API_TYPES=1 npm test -- test/ui/api-types regenerates the file from the code as it is.
    if (process.env.UPDATE_API_TYPES === '1') writeFileSync(SCHEMA_FILE, expected);
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    if (committed !== expected) {
      throw new Error(
        `${SCHEMA_FILE} is out of date: run \`UPDATE_API_TYPES=1 npm test -- test/ui/api-types\` ` +
          '(or `npm run api:types -- <url of a running service>/api/docs-json`), then check that the web UI still type-checks: `npx tsc -p web/tsconfig.json`',
      );
    }
    expect(committed).toBe(expected);
  });
});
