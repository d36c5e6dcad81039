/** Answers of the run routes (routes/runs.ts): a run or training with its status, progress and metrics. */
import { z } from 'zod';
import { idSchema, opaque, timestampSchema } from './common.js';

export const runStatusSchema = z.enum(['queued', 'running', 'paused', 'done', 'cancelled', 'failed']).meta({ id: 'RunStatus' });

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
  })
  .meta({ id: 'Run' });

export const runListSchema = z.object({ runs: z.array(runSchema) }).meta({ id: 'RunList' });
