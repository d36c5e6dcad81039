/** Answers of the experiment routes (routes/experiments.ts): a sweep's status, progress and results table. */
import { z } from 'zod';
import { idSchema, opaque, timestampSchema, versionsSchema } from './common.js';

export const experimentStatusSchema = z.enum(['running', 'done', 'cancelled', 'failed']);

export const experimentProgressSchema = z
  .object({
    done: z.number().int(),
    failed: z.number().int(),
    cancelled: z.number().int(),
    running: z.number().int(),
    pending: z.number().int(),
    total: z.number().int(),
    fraction: z.number().min(0).max(1).describe('(done + failed + cancelled) / total'),
    elapsedSeconds: z.number().nullable(),
    etaSeconds: z.number().nullable().describe('Estimated seconds left (null until there is a rate)'),
  })
  .meta({ id: 'ExperimentProgress' });

export const resultRowSchema = z
  .object({
    index: z.number().int().describe('Row index: grid point × seed, in grid order'),
    params: z.record(z.string(), z.unknown()).describe('The grid values of this row'),
    seed: z.number().int(),
    status: z.enum(['pending', 'running', 'done', 'failed', 'cancelled']),
    metrics: z.record(z.string(), z.unknown()).describe('The requested (or every scalar) metric; null where missing'),
    error: z.string().nullable(),
    ms: z.number().nullable().describe('Wall time of the task'),
    version: z.string().nullable().describe('rnnlab version that computed it'),
  })
  .meta({ id: 'ResultRow' });

export const resultsTableSchema = z
  .object({
    params: z.array(z.string()).describe('Grid parameter columns'),
    metrics: z.array(z.string()).describe('Metric columns'),
    rows: z.array(resultRowSchema),
  })
  .meta({ id: 'ResultsTable' });

const experimentBase = {
  id: idSchema,
  name: z.string().nullable(),
  model: z.string(),
  owner: z.string(),
  status: experimentStatusSchema,
  progress: experimentProgressSchema,
  total: z.number().int().describe('Tasks: grid points × seeds'),
  error: z.string().nullable(),
  createdAt: timestampSchema,
  finishedAt: timestampSchema.nullable(),
  versions: versionsSchema,
  request: opaque(z.record(z.string(), z.unknown()).describe('The experiment request, as validated (defaults filled)')),
};

export const experimentSchema = z
  .object({ ...experimentBase, results: resultsTableSchema.optional().describe('The finished rows (unless ?results=false)') })
  .meta({ id: 'Experiment' });

export const experimentListSchema = z.object({ experiments: z.array(experimentSchema) }).meta({ id: 'ExperimentList' });

export const experimentResultsSchema = z
  .object({
    experiment: idSchema,
    name: z.string().nullable(),
    model: z.string(),
    status: experimentStatusSchema,
    total: z.number().int(),
    versions: versionsSchema,
    request: opaque(z.record(z.string(), z.unknown()).describe('The experiment request')),
    progress: experimentProgressSchema,
    params: z.array(z.string()),
    metrics: z.array(z.string()),
    rows: z.array(resultRowSchema),
  })
  .meta({ id: 'ExperimentResults' });
