import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { build } from '../helper.js';

const app = await build({ poolSize: 1 });

describe('OpenAPI', () => {
  it('the committed openapi/openapi.json is the document the server serves (regenerate: npm run openapi)', async () => {
    const served = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const committed = JSON.parse(readFileSync('openapi/openapi.json', 'utf8'));
    expect(served).toEqual(committed);
  });
});
