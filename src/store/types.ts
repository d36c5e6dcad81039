/** The rows the store keeps: plain data, the same whatever the back end. Times are ISO-8601 strings (UTC). */

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

/** One entry of a run's event timeline: what happened (set, pause, resume, cue…) at which step of the session. */
export interface RunEventRow {
  step: number;
  type: string;
  [detail: string]: unknown;
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
  /** The run's event timeline, in order (kept by the runs layer; stored with the run). */
  events: RunEventRow[];
}

export type ExperimentStatus = 'running' | 'done' | 'cancelled' | 'failed';
export type RowStatus = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

export interface ExperimentRow {
  id: string;
  owner: string;
  name: string | null;
  kind: string;
  request: unknown;
  status: ExperimentStatus;
  total: number;
  versions: Record<string, string>;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** One grid point × seed of an experiment. */
export interface ResultRow {
  index: number;
  params: Record<string, unknown>;
  seed: number;
  status: RowStatus;
  metrics: Record<string, unknown> | null;
  error: string | null;
  ms: number | null;
}
