/** Answers of the run routes (routes/runs.ts): a run or training with its status, progress and metrics. */
import { z } from 'zod';
import { idSchema, opaque, timestampSchema } from './common.js';

export const runStatusSchema = z.enum(['queued', 'running', 'paused', 'done', 'cancelled', 'failed']).meta({ id: 'RunStatus' });

/** One entry of a run's timeline (src/runs/run-job.ts): what changed, at which session step. */
export const runEventSchema = z
  .object({
    step: z.number().int().describe('The session step it took effect at: a set applies before this step is taken; pause, stop and failed after the step before it'),
    type: z.enum(['set', 'pause', 'resume', 'stop', 'failed']).describe('set: live parameters changed (a Hopfield cue is a set of `cue`); failed: the run failed (see code)'),
    params: z.record(z.string(), z.unknown()).optional().describe('set: the live parameters it changed'),
    reason: z.string().optional().describe('stop: why, when not by the user'),
    code: z.string().optional().describe('failed: the stable code of the failure (RNN_ERR_WORKER_DIED, RNN_ERR_TIME_LIMIT, …)'),
  })
  .meta({ id: 'RunEvent' });

export const runSchema = z
  .object({
    id: idSchema,
    session: idSchema,
    type: z.enum(['run', 'train']),
    status: runStatusSchema,
    stepsDone: z.number().int(),
    stepsTotal: z.number().int().describe('Steps requested (0 for a training)'),
    progress: z.number().min(0).max(1).describe('Fraction done'),
    metrics: opaque(z.record(z.string(), z.unknown()).nullable().describe("The kind's metrics of the finished run or training (null until it ends)")),
    curves: z.unknown().describe('Training curves (loss per epoch, …) when the training reports them'),
    error: z.string().nullable().describe('Why a failed run failed'),
    createdAt: timestampSchema,
    startedAt: timestampSchema.nullable(),
    finishedAt: timestampSchema.nullable(),
    hasRecording: z.boolean().describe('Whether GET …/recording has data'),
    request: z.unknown().describe('The run or training request, as validated (defaults filled)'),
    events: z.array(runEventSchema).describe("The run's timeline: every set, pause, resume and stop with the step it took effect at; replaying it on the same seed gives the same recording"),
  })
  .meta({ id: 'Run' });

export const runListSchema = z.object({ runs: z.array(runSchema) }).meta({ id: 'RunList' });
