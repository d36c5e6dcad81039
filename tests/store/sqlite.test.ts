import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { describeStoreContract } from './contract.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
let last = '';

describeStoreContract('sqlite (in memory)', { open: async () => new SqliteStore(':memory:') });
describeStoreContract('sqlite (file)', {
  open: async () => {
    last = mkdtempSync(path.join(os.tmpdir(), 'rnnlab-store-'));
    dirs.push(last);
    return new SqliteStore(last);
  },
  reopen: async () => new SqliteStore(last),
});
