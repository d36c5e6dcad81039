/**
 * Writes the OpenAPI 3.1 document the server serves at /openapi.json to openapi/openapi.json (the committed copy;
 * tests/routes/openapi.test.ts keeps the two identical). Run: `npm run openapi`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildApp } from '../src/app.js';

const app = await buildApp({ ignoreEnv: true, logger: false, settings: { dataDir: ':memory:', poolSize: 1 } });
mkdirSync('openapi', { recursive: true });
writeFileSync('openapi/openapi.json', JSON.stringify(app.swagger(), null, 2) + '\n');
await app.close();
console.log('written: openapi/openapi.json');
