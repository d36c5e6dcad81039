/**
 * The SQLite schema. Tables are created if missing (a data dir from an earlier version keeps its rows); later
 * changes add numbered steps keyed on `PRAGMA user_version`.
 */
import type Database from 'better-sqlite3';

export function migrate(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS sessions (
      id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT, kind TEXT NOT NULL, config TEXT NOT NULL,
      seed INTEGER NOT NULL, live TEXT NOT NULL, step INTEGER NOT NULL, t REAL NOT NULL, rng TEXT NOT NULL,
      state BLOB NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS sessions_owner ON sessions(owner);
    CREATE TABLE IF NOT EXISTS runs (
      id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, owner TEXT NOT NULL,
      type TEXT NOT NULL, status TEXT NOT NULL, request TEXT NOT NULL, steps_done INTEGER NOT NULL,
      steps_total INTEGER NOT NULL, metrics TEXT, curves TEXT, error TEXT, created_at TEXT NOT NULL,
      started_at TEXT, finished_at TEXT, recording BLOB
    );
    CREATE INDEX IF NOT EXISTS runs_session ON runs(session_id, created_at);
    CREATE TABLE IF NOT EXISTS experiments (
      id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT, kind TEXT NOT NULL, request TEXT NOT NULL,
      status TEXT NOT NULL, total INTEGER NOT NULL, versions TEXT NOT NULL, error TEXT,
      created_at TEXT NOT NULL, finished_at TEXT
    );
    CREATE INDEX IF NOT EXISTS experiments_owner ON experiments(owner, created_at);
    CREATE TABLE IF NOT EXISTS experiment_rows (
      experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE, idx INTEGER NOT NULL,
      params TEXT NOT NULL, seed INTEGER NOT NULL, status TEXT NOT NULL, metrics TEXT, error TEXT, ms REAL,
      PRIMARY KEY (experiment_id, idx)
    ) WITHOUT ROWID;
  `);
}
