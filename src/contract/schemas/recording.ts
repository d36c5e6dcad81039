/** A run's recording (GET /v1/sessions/{id}/runs/{runId}/recording): its metadata and, as JSON, its columns. */
import { z } from 'zod';
import { configSchema, idSchema, jsonFloat, timeUnitSchema, versionsSchema } from './common.js';
import { runStatusSchema } from './runs.js';

export const recordingMetaSchema = z
  .object({
    session: idSchema,
    run: idSchema,
    model: z.string(),
    seed: z.number().int(),
    config: configSchema,
    request: z.unknown().describe('The run request'),
    status: runStatusSchema,
    timeUnit: timeUnitSchema,
    versions: versionsSchema,
    samples: z.number().int().describe('Recorded samples (rows)'),
    recordEvery: z.number().int().describe('Steps between samples'),
    widths: z.record(z.string(), z.number().int()).describe('Values per sample of each recorded field (1: a scalar)'),
    columns: z.array(z.string()).describe('Column names of the CSV, Arrow and NPY forms: t, step, then field or field[j]'),
  })
  .meta({ id: 'RecordingMeta' });

export const recordingSchema = z
  .object({
    meta: recordingMetaSchema,
    t: z.array(z.number()).describe('Model time of each sample, in timeUnit'),
    step: z.array(z.number()).describe('Step of each sample'),
    fields: z.record(z.string(), z.union([z.array(jsonFloat), z.array(z.array(jsonFloat))])).describe('Each recorded field: samples (scalars) or samples × width'),
  })
  .meta({ id: 'Recording' });
