#!/usr/bin/env node
/**
 * Generates the web UI's typed API client types (web/src/api/schema.d.ts) from the service's own
 * OpenAPI document, so the UI cannot drift from the API.
 *
 *   npm run api:types                                   # fetch http://localhost:3000/api/docs-json
 *   npm run api:types -- http://localhost:3100/api/docs-json
 *   npm run api:types -- ./openapi.json                 # a saved OpenAPI document
 *   npm run api:types -- <source> --check               # exit 1 if the committed file is stale
 *
 * test/ui/api-types.e2e-spec.ts runs the same generation against the test app and fails when the
 * committed file differs.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_FILE = resolve(ROOT, 'web/src/api/schema.d.ts');

/** The TypeScript declarations for an OpenAPI document (an object), exactly as committed. */
export async function generateApiTypes(document) {
  // openapiTS mutates nothing we keep, but pass a copy so callers can reuse their document.
  const ast = await openapiTS(structuredClone(document), { silent: true, alphabetize: false });
  return `${COMMENT_HEADER}${astToString(ast)}`;
}

async function loadDocument(source) {
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`GET ${source} answered ${res.status}`);
    return res.json();
  }
  return JSON.parse(await readFile(resolve(source), 'utf8'));
}

async function main(argv) {
  const check = argv.includes('--check');
  const source = argv.find((a) => !a.startsWith('--')) ?? process.env.OPENAPI_URL ?? 'http://localhost:3000/api/docs-json';
  const document = await loadDocument(source);
  const text = await generateApiTypes(document);
  if (check) {
    const current = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
    if (current !== text) {
      console.error(`${SCHEMA_FILE} is out of date: run npm run api:types -- ${source}`);
      process.exit(1);
    }
    console.log(`${SCHEMA_FILE} is up to date`);
    return;
  }
  await writeFile(SCHEMA_FILE, text);
  console.log(`wrote ${SCHEMA_FILE} from ${source} (${Object.keys(document.paths ?? {}).length} paths)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
