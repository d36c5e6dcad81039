/**
 * What the main thread and the worker engines say to each other (workers/engine.ts). One long-lived engine task per
 * pool thread, each with its own MessagePort and a small shared "slot" block:
 *
 *   main → worker   {type:'batch'}: slices to execute in order (a slice = one job advanced by at most a time budget),
 *                   plus jobs to forget (moved elsewhere or finished) and states to release;
 *   worker → main   {type:'slice'} after each slice (its result, frames, busy time), {type:'batch-done'} at the end.
 *
 * The slot block is read with Atomics: the worker writes the handle of the job it is executing before each slice
 * (so when the thread dies the main thread knows which job it was), the main thread writes the handle of a job that
 * must end its slice now (pause, stop, shutdown) or stop for good (a training's cancel).
 */
import type { Runtime } from '../../engine/simulator.js';
import type { RunCursorSnapshot, RunSpec } from '../../engine/run-cursor.js';
import type { TrainResult } from '../../models/contract.js';
import type { ExperimentTask, ExperimentTaskResult } from '../../experiments/task.js';

/** Int32 indices of the slot block. */
export const SLOT = {
  /** Handle of the job the worker is executing (0 between slices). Written by the worker. */
  current: 0,
  /**
   * Handle of a job whose slice must end at its next step (or yield); −1 ends every slice and the rest of the batch
   * (shutdown). Written by the main thread.
   */
  yieldNow: 1,
  /** Handle of a job that must stop for good (a training's ctx.cancelled()). Written by the main thread. */
  cancel: 2,
  /** Slices executed since the engine started (diagnostics). */
  slices: 3,
} as const;
export const SLOT_INTS = 4;

/** Everything a worker needs to hold a run: sent on its first slice there (open or move), then cached. */
export interface RunOpen {
  type: 'run';
  session: string;
  runId: string;
  kind: string;
  config: unknown;
  runtime: Runtime;
  spec: RunSpec;
  /** Absent: a new run (the cursor opens); present: continue it (moved from another worker, or after a pause). */
  snapshot?: RunCursorSnapshot;
  maxRecordedValues: number;
  /**
   * Fault injection (tests only, FAULT_INJECTION=1), when the run reaches `atStep`: throw in the slice, end the
   * thread (exit), run its JS heap out (oom), or hold the thread `ms` without yielding (stall: a slice that cannot
   * be cut, like a long synchronous training).
   */
  fault?: RunFault;
}

/** A training of a session: pinned to the worker that starts it (a generator lives in that thread). */
export interface RunFault {
  atStep: number;
  mode: 'throw' | 'exit' | 'oom' | 'stall';
  ms?: number;
}

export interface TrainOpen {
  type: 'train';
  kind: string;
  config: unknown;
  runtime: Runtime;
  request: unknown;
}

/** A network build (session create, config change, reset): one slice. */
export interface BuildOpen {
  type: 'build';
  kind: string;
  config: unknown;
  seed: number;
}

/** One experiment task (fresh network, train, run, metrics): pinned to the worker that starts it. */
export interface ExperimentOpen {
  type: 'experiment';
  task: ExperimentTask;
}

export type JobOpen = RunOpen | TrainOpen | BuildOpen | ExperimentOpen;

export interface SliceOrder {
  /** The job's handle: unique for the life of the process (never reused), > 0. */
  job: number;
  /** Open (or re-open, replacing what this worker holds) the job first. */
  open?: JobOpen;
  /** Live parameter changes to apply before the slice's first step (runs). */
  live?: Record<string, unknown>;
  /** Wall-time budget of the slice (ms): the slice ends after the step or yield that passes it. */
  budgetMs: number;
  /** Runs: end the slice right after the next frame (a paced run's slice is one frame). */
  untilFrame?: boolean;
  /** Runs: earliest time (epoch ms) of the next frame of an unpaced run; frames are rate-capped by the main thread. */
  frameAfter?: number;
  /** Runs: take no step; compute the recording and metrics of the steps taken (a stop). */
  finish?: boolean;
  /** Trainings: the user's stop (ctx.cancelled() is true from now on). */
  cancel?: boolean;
}

export interface BatchMessage {
  type: 'batch';
  batch: number;
  slices: SliceOrder[];
  /** Jobs this worker may drop from its cache (moved to another worker, finished, abandoned). */
  forget: number[];
  /** States whose WebAssembly blocks this thread should give back (if it allocated them). */
  release: unknown[];
}

export interface CloseMessage {
  type: 'close';
}

export type ToWorker = BatchMessage | CloseMessage;

/** The end of a run: its recording (encoded as the store keeps it) and metrics. */
export interface RunFinal {
  recording: ArrayBuffer;
  metrics: Record<string, unknown>;
}

export interface RunSliceResult {
  type: 'run';
  steps: number;
  stepsDone: number;
  step: number;
  t: number;
  rngState: number[];
  live: Record<string, unknown>;
  snapshot: RunCursorSnapshot;
  /** The state's non-array values, in walk order, when a step changed one (see engine/state-scalars.ts). */
  scalars?: unknown[];
  /** Binary frames (RNF1), transferred. */
  frames: ArrayBuffer[];
  finished: boolean;
  final?: RunFinal;
}

export interface TrainSliceResult {
  type: 'train';
  done: boolean;
  progress?: { fraction: number; figures?: Record<string, number> };
  /** On done: the training's result (without a replacement state) and the runtime after it. */
  result?: Omit<TrainResult, 'state'>;
  runtime?: Runtime;
  cancelled?: boolean;
}

export interface BuildSliceResult {
  type: 'build';
  runtime: Runtime;
}

export interface ExperimentSliceResult {
  type: 'experiment';
  done: boolean;
  result?: ExperimentTaskResult;
}

export type SliceResult = RunSliceResult | TrainSliceResult | BuildSliceResult | ExperimentSliceResult;

export interface SliceMessage {
  type: 'slice';
  batch: number;
  job: number;
  /** Wall time the worker spent on the slice (ms): what the job's owner is charged. */
  busyMs: number;
  result?: SliceResult;
  /** The slice failed: the job fails with this message (the worker lives on). */
  error?: string;
}

export interface BatchDoneMessage {
  type: 'batch-done';
  batch: number;
  /** Orders not executed (the main thread asked the batch to end early): they go back to the scheduler. */
  skipped: number[];
}

/** A training's progress, posted while its slice runs (a synchronous training is one long slice). */
export interface ProgressMessage {
  type: 'progress';
  job: number;
  fraction: number;
  figures?: Record<string, number>;
}

export interface ReadyMessage {
  type: 'ready';
  threadId: number;
}

export type FromWorker = SliceMessage | BatchDoneMessage | ProgressMessage | ReadyMessage;
