/** Answers of the session routes (routes/sessions.ts). */
import { z } from 'zod';
import { configSchema, idSchema, jsonFloat, liveSchema, timeUnitSchema, timestampSchema } from './common.js';

export const sessionSchema = z
  .object({
    id: idSchema,
    name: z.string().nullable(),
    model: z.string().describe('Model kind'),
    owner: z.string().describe('The user who created it'),
    seed: z.number().int().describe('Seed of every random draw'),
    config: configSchema,
    live: liveSchema,
    step: z.number().int().describe('Steps taken since the last build or reset'),
    t: z.number().describe('Model time, in timeUnit'),
    timeUnit: timeUnitSchema,
    size: z.number().int().describe('Units in the network'),
    activeRun: idSchema.nullable().describe('The run or training now queued or running, if any'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Session' });

export const sessionListSchema = z.object({ sessions: z.array(sessionSchema) }).meta({ id: 'SessionList' });

export const sessionStateSchema = z
  .object({
    session: idSchema,
    step: z.number().int(),
    t: z.number().describe('Model time, in timeUnit'),
    timeUnit: timeUnitSchema,
    live: liveSchema,
    activeRun: idSchema.nullable(),
    fields: z.record(z.string(), z.union([jsonFloat, z.array(jsonFloat)])).describe("Observed fields now (scalars or one value per unit); see the kind's fields"),
  })
  .meta({ id: 'SessionState' });
