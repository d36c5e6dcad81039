/**
 * A run or training as the API shows it (GET …/runs/{id}), from its row and, while active, its live progress. The
 * shape is the contract's `Run` schema (src/contract/schemas/runs.ts): one schema for the answer, its type and the
 * OpenAPI document.
 */
import type { z } from 'zod';
import type { RunRow } from '../store/store.js';
import type { runEventSchema, runSchema } from '../contract/schemas/runs.js';

export type RunView = z.infer<typeof runSchema>;
/**
 * One entry of the timeline: every live change (`set`; a Hopfield cue is a set of `cue`), `pause`, `resume`, `stop`
 * and `failed`, with the session step it took effect at (a set applies before that step; pause/stop after the step
 * before it).
 */
export type RunEvent = z.infer<typeof runEventSchema>;

export function runView(row: RunRow, progress: number): RunView {
  return {
    id: row.id,
    session: row.sessionId,
    type: row.type,
    status: row.status,
    stepsDone: row.stepsDone,
    stepsTotal: row.stepsTotal,
    progress: row.type === 'run' && row.stepsTotal > 0 ? row.stepsDone / row.stepsTotal : row.status === 'done' ? 1 : progress,
    metrics: row.metrics as RunView['metrics'],
    curves: row.curves,
    error: row.error,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    hasRecording: row.hasRecording,
    request: row.request,
    events: (row.events ?? []) as RunEvent[],
  };
}
