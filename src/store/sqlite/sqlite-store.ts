/**
 * The embedded store: one SQLite database file (better-sqlite3) in DATA_DIR, in WAL mode. `:memory:` gives the
 * same store without a file (tests). The repositories' methods are async like every back end's, so callers are
 * written once for SQLite and PostgreSQL.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Store } from '../store.js';
import { migrate } from './migrations.js';
import { SqliteSessionRepository } from './sessions.js';
import { SqliteRunRepository } from './runs.js';
import { SqliteExperimentRepository } from './experiments.js';

export class SqliteStore implements Store {
  readonly backend = 'sqlite';
  readonly db: Database.Database;
  readonly file: string;
  readonly sessions: SqliteSessionRepository;
  readonly runs: SqliteRunRepository;
  readonly experiments: SqliteExperimentRepository;

  constructor(dataDir: string) {
    if (dataDir === ':memory:') {
      this.file = ':memory:';
    } else {
      mkdirSync(dataDir, { recursive: true });
      this.file = path.join(dataDir, 'rnnlab.sqlite');
    }
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    migrate(this.db);
    this.sessions = new SqliteSessionRepository(this.db);
    this.runs = new SqliteRunRepository(this.db);
    this.experiments = new SqliteExperimentRepository(this.db);
  }

  isOpen(): boolean {
    return this.db.open;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
