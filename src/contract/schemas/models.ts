/** Answers of the model catalogue (routes/models.ts): a kind's description, schemas, defaults and presets. */
import { z } from 'zod';
import { configSchema, jsonSchemaSchema, timeUnitSchema } from './common.js';

export const presetSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    reference: z.string().nullable().describe('The paper or figure it reproduces'),
    config: configSchema.describe('The preset\'s config fields (defaults fill the rest)'),
    run: z.record(z.string(), z.unknown()).nullable().describe('A suggested run request for it (POST /v1/sessions/{id}/runs)'),
  })
  .meta({ id: 'Preset' });

export const modelSchema = z
  .object({
    kind: z.string().describe('The kind\'s name, as in POST /v1/sessions {"model": …}'),
    title: z.string(),
    summary: z.string().describe('What the model is and what to look for'),
    equations: z.array(z.string()),
    references: z.array(z.string()),
    timeUnit: timeUnitSchema,
    fields: z.record(z.string(), z.string()).describe('Observed fields (frames and recordings) with what each is'),
    activityField: z.string().nullable().describe('The field shown as the population activity'),
    trainable: z.boolean().describe('Whether POST /v1/sessions/{id}/train applies'),
    presets: z.array(presetSchema),
    defaults: configSchema.describe('The default config'),
    configSchema: jsonSchemaSchema.describe('JSON Schema of the config (every field with its default, description and unit)'),
    liveSchema: jsonSchemaSchema.describe('JSON Schema of the live parameters (PATCH live, run live, stream set)'),
    trainSchema: jsonSchemaSchema.nullable().describe('JSON Schema of the training request, or null when the kind has none'),
    inputChannels: z.number().int().describe('Generic input channels of the default config'),
    dt: z.number().describe('Time per step of the default config, in timeUnit'),
  })
  .meta({ id: 'Model' });

export const modelListSchema = z.object({ models: z.array(modelSchema) }).meta({ id: 'ModelList' });
