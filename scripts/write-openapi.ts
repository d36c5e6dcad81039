/**
 * Writes the documents the server serves to their committed copies: OpenAPI 3.1 (/openapi.json →
 * openapi/openapi.json, with its TypeScript types in openapi/schema.d.ts) and AsyncAPI 3 (/asyncapi.json → asyncapi/asyncapi.json); tests/routes/openapi.test.ts and
 * asyncapi.test.ts keep each identical to what is served. Run: `npm run openapi`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { typesOf } from './openapi-types.js';
import { buildApp } from '../src/app.js';

const app = await buildApp({ ignoreEnv: true, logger: false, settings: { dataDir: ':memory:', poolSize: 1 } });
mkdirSync('openapi', { recursive: true });
const openapi = app.swagger();
writeFileSync('openapi/openapi.json', JSON.stringify(openapi, null, 2) + '\n');
// TypeScript types of every path, operation and schema (openapi-typescript), for typed clients (openapi-fetch).
writeFileSync('openapi/schema.d.ts', await typesOf(openapi));
mkdirSync('asyncapi', { recursive: true });
writeFileSync('asyncapi/asyncapi.json', JSON.stringify((await app.inject({ method: 'GET', url: '/asyncapi.json' })).json(), null, 2) + '\n');
await app.close();
console.log('written: openapi/openapi.json, openapi/schema.d.ts, asyncapi/asyncapi.json');

