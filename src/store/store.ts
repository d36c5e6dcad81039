/**
 * The store: everything the server keeps across restarts, behind repositories whose methods return Promises, so a
 * back end may do its I/O elsewhere (the embedded SQLite one, src/store/sqlite/, and a PostgreSQL one for the
 * cluster). Services never see SQL, connections or transactions: an operation that must be atomic is one method
 * (`sessions.insert` writes the row and its state together; `runs.update` the status and the recording together).
 *
 * The same contract tests run against every back end (tests/store/contract.ts).
 */
import type {
  ExperimentRow,
  ExperimentStatus,
  ResultRow,
  RowStatus,
  RunRow,
  SessionRow,
} from './types.js';

export type * from './types.js';

export interface SessionRepository {
  /** Store a new session with its encoded state, atomically (nothing of it remains when this rejects). */
  insert(row: SessionRow, state: Uint8Array): Promise<void>;
  /** Save the row's changing parts; the state too when given (it can be large). */
  update(row: SessionRow, state?: Uint8Array): Promise<void>;
  /** The row without its state (cheap), or undefined. */
  get(id: string): Promise<SessionRow | undefined>;
  /** The row and its encoded state, or undefined. */
  load(id: string): Promise<{ row: SessionRow; state: Uint8Array } | undefined>;
  /** Rows without state, oldest first; of one owner when given. */
  list(owner?: string): Promise<SessionRow[]>;
  count(owner?: string): Promise<number>;
  /** Delete the session, its state and its runs (with their recordings). */
  delete(id: string): Promise<void>;
}

export interface RunRepository {
  insert(row: RunRow): Promise<void>;
  /** Save the run's status, counters and results; the recording too when given (atomically with the row). */
  update(row: RunRow, recording?: Uint8Array): Promise<void>;
  delete(id: string): Promise<void>;
  get(id: string): Promise<RunRow | undefined>;
  /** The encoded recording of a run, or undefined when it has none. */
  recording(id: string): Promise<Uint8Array | undefined>;
  /** The session's runs, oldest first (without recordings). */
  list(sessionId: string): Promise<RunRow[]>;
  /** Runs left queued, running or paused by a stopped server are failed with `reason`; returns how many. */
  failUnfinished(reason: string): Promise<number>;
}

export interface ExperimentRepository {
  /** The experiment and all its rows, atomically. */
  insert(e: ExperimentRow, rows: ResultRow[]): Promise<void>;
  get(id: string): Promise<ExperimentRow | undefined>;
  list(owner?: string): Promise<ExperimentRow[]>;
  /** Experiments whose status is still 'running' (to resume after a restart). */
  unfinished(): Promise<ExperimentRow[]>;
  setStatus(id: string, status: ExperimentStatus, error?: string | null): Promise<void>;
  delete(id: string): Promise<void>;
  rows(id: string, statuses?: RowStatus[]): Promise<ResultRow[]>;
  /** Indices of rows still to run (pending, or running when the server stopped). */
  todo(id: string): Promise<number[]>;
  counts(id: string): Promise<Record<RowStatus, number>>;
  setRow(id: string, index: number, status: RowStatus, metrics?: Record<string, unknown> | null, error?: string | null, ms?: number | null): Promise<void>;
  /** Cancel every row that has not started; returns how many. */
  cancelPending(id: string): Promise<number>;
}

export interface Store {
  /** 'sqlite' or 'postgres': for /readyz and logs. */
  readonly backend: string;
  readonly sessions: SessionRepository;
  readonly runs: RunRepository;
  readonly experiments: ExperimentRepository;
  /** Whether the database is open and usable (readiness). */
  isOpen(): boolean;
  /** Finish pending writes and close; idempotent. */
  close(): Promise<void>;
}
