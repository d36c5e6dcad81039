/**
 * Persistence in an embedded SQLite database (better-sqlite3): sessions with their config, seed, live parameters
 * and state; runs with their request, status, metrics and recording; experiments (their own table, see
 * src/experiments). `:memory:` gives the same store without a file (tests).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export interface SessionRow {
  id: string;
  owner: string;
  name: string | null;
  kind: string;
  config: unknown;
  seed: number;
  live: Record<string, unknown>;
  step: number;
  t: number;
  rngState: number[];
  createdAt: string;
  updatedAt: string;
}

export type RunStatus = 'queued' | 'running' | 'paused' | 'done' | 'cancelled' | 'failed';
export type RunType = 'run' | 'train';

export interface RunRow {
  id: string;
  sessionId: string;
  owner: string;
  type: RunType;
  status: RunStatus;
  request: unknown;
  stepsDone: number;
  stepsTotal: number;
  metrics: unknown;
  curves: unknown;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  hasRecording: boolean;
}

export class Store {
  readonly db: Database.Database;
  readonly file: string;

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
    this.migrate();
  }

  private migrate(): void {
    this.db.exec(`
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
    `);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ---- sessions
  insertSession(row: SessionRow, state: Buffer): void {
    this.db
      .prepare(
        `INSERT INTO sessions (id, owner, name, kind, config, seed, live, step, t, rng, state, created_at, updated_at)
         VALUES (@id, @owner, @name, @kind, @config, @seed, @live, @step, @t, @rng, @state, @createdAt, @updatedAt)`,
      )
      .run({ ...this.sessionParams(row), state });
  }

  /** Save the changing parts of a session; state only when given (it can be megabytes). */
  updateSession(row: SessionRow, state?: Buffer): void {
    const p = this.sessionParams(row);
    if (state) {
      this.db
        .prepare(`UPDATE sessions SET name=@name, config=@config, live=@live, step=@step, t=@t, rng=@rng, state=@state, updated_at=@updatedAt WHERE id=@id`)
        .run({ ...p, state });
    } else {
      this.db.prepare(`UPDATE sessions SET name=@name, config=@config, live=@live, step=@step, t=@t, rng=@rng, updated_at=@updatedAt WHERE id=@id`).run(p);
    }
  }

  private sessionParams(row: SessionRow) {
    return {
      id: row.id,
      owner: row.owner,
      name: row.name,
      kind: row.kind,
      config: JSON.stringify(row.config),
      seed: row.seed,
      live: JSON.stringify(row.live),
      step: row.step,
      t: row.t,
      rng: JSON.stringify(row.rngState),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  getSession(id: string): { row: SessionRow; state: Buffer } | undefined {
    const r = this.db.prepare(`SELECT * FROM sessions WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    return r ? { row: toSessionRow(r), state: r.state as Buffer } : undefined;
  }

  listSessions(owner?: string): SessionRow[] {
    const cols = `id, owner, name, kind, config, seed, live, step, t, rng, created_at, updated_at`;
    const rows = (owner === undefined
      ? this.db.prepare(`SELECT ${cols} FROM sessions ORDER BY created_at`).all()
      : this.db.prepare(`SELECT ${cols} FROM sessions WHERE owner = ? ORDER BY created_at`).all(owner)) as Record<string, unknown>[];
    return rows.map(toSessionRow);
  }

  countSessions(owner?: string): number {
    const r = (owner === undefined
      ? this.db.prepare(`SELECT COUNT(*) AS n FROM sessions`).get()
      : this.db.prepare(`SELECT COUNT(*) AS n FROM sessions WHERE owner = ?`).get(owner)) as { n: number };
    return r.n;
  }

  deleteSession(id: string): void {
    this.db.prepare(`DELETE FROM sessions WHERE id = ?`).run(id);
  }

  // ---- runs
  insertRun(row: RunRow): void {
    this.db
      .prepare(
        `INSERT INTO runs (id, session_id, owner, type, status, request, steps_done, steps_total, metrics, curves, error, created_at, started_at, finished_at)
         VALUES (@id, @sessionId, @owner, @type, @status, @request, @stepsDone, @stepsTotal, @metrics, @curves, @error, @createdAt, @startedAt, @finishedAt)`,
      )
      .run(runParams(row));
  }

  updateRun(row: RunRow, recording?: Buffer): void {
    const p = runParams(row);
    const sql = `UPDATE runs SET status=@status, steps_done=@stepsDone, metrics=@metrics, curves=@curves, error=@error,
      started_at=@startedAt, finished_at=@finishedAt${recording ? ', recording=@recording' : ''} WHERE id=@id`;
    this.db.prepare(sql).run(recording ? { ...p, recording } : p);
  }

  deleteRun(id: string): void {
    this.db.prepare(`DELETE FROM runs WHERE id = ?`).run(id);
  }

  getRun(id: string): RunRow | undefined {
    const r = this.db
      .prepare(`SELECT *, recording IS NOT NULL AS has_recording FROM runs WHERE id = ?`)
      .get(id) as Record<string, unknown> | undefined;
    return r ? toRunRow(r) : undefined;
  }

  getRecording(id: string): Buffer | undefined {
    const r = this.db.prepare(`SELECT recording FROM runs WHERE id = ?`).get(id) as { recording: Buffer | null } | undefined;
    return r?.recording ?? undefined;
  }

  listRuns(sessionId: string): RunRow[] {
    const rows = this.db
      .prepare(
        `SELECT id, session_id, owner, type, status, request, steps_done, steps_total, metrics, curves, error, created_at, started_at, finished_at,
         recording IS NOT NULL AS has_recording FROM runs WHERE session_id = ? ORDER BY created_at`,
      )
      .all(sessionId) as Record<string, unknown>[];
    return rows.map(toRunRow);
  }

  /** Runs that were queued or running when the server stopped: they are failed at start, with a reason. */
  failUnfinishedRuns(reason: string): number {
    const res = this.db
      .prepare(`UPDATE runs SET status='failed', error=?, finished_at=? WHERE status IN ('queued','running','paused')`)
      .run(reason, new Date().toISOString());
    return res.changes;
  }
}

function parse(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : null;
}

function toSessionRow(r: Record<string, unknown>): SessionRow {
  return {
    id: r.id as string,
    owner: r.owner as string,
    name: (r.name as string | null) ?? null,
    kind: r.kind as string,
    config: parse(r.config),
    seed: Number(r.seed),
    live: parse(r.live) as Record<string, unknown>,
    step: Number(r.step),
    t: Number(r.t),
    rngState: parse(r.rng) as number[],
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}

function runParams(row: RunRow) {
  return {
    id: row.id,
    sessionId: row.sessionId,
    owner: row.owner,
    type: row.type,
    status: row.status,
    request: JSON.stringify(row.request),
    stepsDone: row.stepsDone,
    stepsTotal: row.stepsTotal,
    metrics: row.metrics === null || row.metrics === undefined ? null : JSON.stringify(row.metrics),
    curves: row.curves === null || row.curves === undefined ? null : JSON.stringify(row.curves),
    error: row.error,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

function toRunRow(r: Record<string, unknown>): RunRow {
  return {
    id: r.id as string,
    sessionId: r.session_id as string,
    owner: r.owner as string,
    type: r.type as RunType,
    status: r.status as RunStatus,
    request: parse(r.request),
    stepsDone: Number(r.steps_done),
    stepsTotal: Number(r.steps_total),
    metrics: parse(r.metrics),
    curves: parse(r.curves),
    error: (r.error as string | null) ?? null,
    createdAt: r.created_at as string,
    startedAt: (r.started_at as string | null) ?? null,
    finishedAt: (r.finished_at as string | null) ?? null,
    hasRecording: Boolean(r.has_recording),
  };
}
