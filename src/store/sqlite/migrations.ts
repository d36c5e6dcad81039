/**
 * The SQLite schema, as numbered steps recorded in `PRAGMA user_version`: a database is brought forward step by step
 * (each in a transaction), so a data dir from any earlier version opens with its rows. Step 1 is the schema of the
 * first release (its tables may exist at user_version 0, hence IF NOT EXISTS).
 */
import type Database from 'better-sqlite3';

const steps: ((db: Database.Database) => void)[] = [
  // 1: sessions (state as one blob), runs (recording as one blob), experiments and their rows
  (db) => db.exec(`
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
  `),
  // 2: the run's event timeline
  (db) => {
    const cols = db.prepare(`PRAGMA table_info(runs)`).all() as { name: string }[];
    if (!cols.some((c) => c.name === 'events')) db.exec(`ALTER TABLE runs ADD COLUMN events TEXT NOT NULL DEFAULT '[]'`);
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = steps.length;

export function migrate(db: Database.Database): void {
  const at = db.pragma('user_version', { simple: true }) as number;
  if (at > SCHEMA_VERSION) {
    throw new Error(`the database was written by a newer rnnlab (schema ${at}; this version knows up to ${SCHEMA_VERSION}): upgrade rnnlab or use another DATA_DIR`);
  }
  for (let v = at; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      steps[v]!(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
