/**
 * Writes the documents the server serves to their committed copies: OpenAPI 3.1 (/openapi.json →
 * openapi/openapi.json) and AsyncAPI 3 (/asyncapi.json → asyncapi/asyncapi.json); tests/routes/openapi.test.ts and
 * asyncapi.test.ts keep each identical to what is served. Run: `npm run openapi`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildApp } from '../src/app.js';

const app = await buildApp({ ignoreEnv: true, logger: false, settings: { dataDir: ':memory:', poolSize: 1 } });
mkdirSync('openapi', { recursive: true });
writeFileSync('openapi/openapi.json', JSON.stringify(app.swagger(), null, 2) + '\n');
mkdirSync('asyncapi', { recursive: true });
writeFileSync('asyncapi/asyncapi.json', JSON.stringify((await app.inject({ method: 'GET', url: '/asyncapi.json' })).json(), null, 2) + '\n');
await app.close();
console.log('written: openapi/openapi.json, asyncapi/asyncapi.json');
