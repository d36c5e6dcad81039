/**
 * A run or training between its request and its end: its row (status, counters, timeline), its session, and the
 * promise a `wait: true` client awaits. The job that executes it (run-job.ts, train-job.ts) reports to the run
 * service through `RunHost`.
 */
import type { RunEventRow, RunRow, RunStatus } from '../store/store.js';
import type { Session } from '../sessions/session-service.js';
import type { Settings } from '../config.js';
import type { Scheduler } from './scheduler/scheduler.js';
import type { RunEvent } from './run-view.js';

/** How a run ended. */
export interface RunEnd {
  status: Extract<RunStatus, 'done' | 'cancelled' | 'failed'>;
  error: string | null;
  /** A stable code for failures a client may act on (a quota, the time limit, a worker's death). */
  code?: string;
  /** The recording, encoded as the store keeps it. */
  recording?: Uint8Array;
  metrics?: unknown;
  /** The session's state may be inconsistent (a failure inside a step): reload its last stored state. */
  rollback?: boolean;
}

/** What a job tells the run service (implemented by RunService). */
export interface RunHost {
  readonly settings: Settings;
  readonly scheduler: Scheduler;
  /** The run's first slice was dispatched: queued → running. */
  started(run: ActiveRun): void;
  /** A pause or resume took effect. */
  status(run: ActiveRun, status: 'running' | 'paused'): void;
  /** Binary frames (RNF1) the run made. */
  frames(run: ActiveRun, frames: ArrayBuffer[]): void;
  progress(run: ActiveRun, fraction: number, figures?: Record<string, number>): void;
  /** Live parameters took effect (their new values). */
  live(run: ActiveRun, live: Record<string, unknown>): void;
  /** The run is over: store it, free the session, answer the waiting clients. */
  finish(run: ActiveRun, end: RunEnd): void;
}

export class ActiveRun {
  progress = 0;
  readonly done: Promise<RunRow>;
  private resolveDone!: (row: RunRow) => void;

  constructor(
    readonly row: RunRow,
    readonly session: Session,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** Add to the run's timeline. */
  event(step: number, type: RunEvent['type'], detail: Omit<RunEvent, 'step' | 'type'> = {}): RunEventRow {
    const e: RunEventRow = { step, type, ...detail };
    this.row.events.push(e);
    return e;
  }

  ended(): void {
    this.resolveDone(this.row);
  }
}
