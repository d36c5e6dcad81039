import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
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

describe('sqlite migrations', () => {
  it('a data dir written by the first release opens with its rows (runs gain an empty event timeline)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rnnlab-store-old-'));
    dirs.push(dir);
    const old = new Database(path.join(dir, 'rnnlab.sqlite'));
    old.exec(`
      CREATE TABLE sessions (id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT, kind TEXT NOT NULL, config TEXT NOT NULL,
        seed INTEGER NOT NULL, live TEXT NOT NULL, step INTEGER NOT NULL, t REAL NOT NULL, rng TEXT NOT NULL,
        state BLOB NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE runs (id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, owner TEXT NOT NULL,
        type TEXT NOT NULL, status TEXT NOT NULL, request TEXT NOT NULL, steps_done INTEGER NOT NULL,
        steps_total INTEGER NOT NULL, metrics TEXT, curves TEXT, error TEXT, created_at TEXT NOT NULL,
        started_at TEXT, finished_at TEXT, recording BLOB);
      INSERT INTO sessions VALUES ('s1', 'ada', NULL, 'rate', '{}', 1, '{}', 5, 0.5, '[1,2]', x'00', '2026-01-01', '2026-01-01');
      INSERT INTO runs VALUES ('r1', 's1', 'ada', 'run', 'done', '{}', 5, 5, NULL, NULL, NULL, '2026-01-01', NULL, NULL, NULL);
    `);
    old.close();
    const store = new SqliteStore(dir);
    return (async () => {
      expect((await store.sessions.get('s1'))?.step).toBe(5);
      expect(await store.runs.get('r1')).toMatchObject({ status: 'done', events: [] });
      await store.close();
      // Opening again runs no step twice.
      const again = new SqliteStore(dir);
      expect((await again.runs.list('s1')).length).toBe(1);
      await again.close();
    })();
  });

  it('refuses a database written by a newer schema instead of guessing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rnnlab-store-new-'));
    dirs.push(dir);
    const db = new Database(path.join(dir, 'rnnlab.sqlite'));
    db.pragma('user_version = 999');
    db.close();
    expect(() => new SqliteStore(dir)).toThrow(/newer rnnlab/);
  });
});
