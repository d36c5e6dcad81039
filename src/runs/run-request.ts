/**
 * A run request, and everything about it checked against the session before anything is queued: input channels
 * the model has, fields it observes, the recording's size, live parameters, and the kind's own run options (its
 * `runSchema`, then its `checkRun` against the session). Bad input is a 4xx naming the field here, never a 200 with
 * a failed run later (#15 item 9).
 */
import { z } from 'zod';
import { inputListSchema } from '../engine/inputs.js';
import { planRecording, RunSpecError, type RunSpec } from '../engine/run-cursor.js';
import { AppError, errors, zodIssues } from '../errors.js';
import type { Settings } from '../config.js';
import type { Session } from '../sessions/session-service.js';
import { validateLive } from '../sessions/session-config.js';

export const runRequestSchema = z
  .object({
    steps: z.number().int().min(1).describe("Number of steps to take (the model time per step is the config's dt)"),
    inputs: inputListSchema.describe('Generic inputs, summed per channel (constant, pulse, step, sine, noise, sequence)'),
    record: z.array(z.string().max(100)).max(100).optional().describe('Observed fields to record ("input" for the input vector); default: the model\'s'),
    recordEvery: z.number().int().min(1).default(1).describe('Record one sample every this many steps'),
    frameEvery: z.number().int().min(1).default(1).describe('Stream one frame every this many steps'),
    fps: z.number().positive().max(1000).optional().describe('Pace the run at this many frames per second (for watching); omit to run as fast as possible'),
    live: z.record(z.string(), z.unknown()).optional().describe('Live parameters to set before the first step'),
    options: z.record(z.string(), z.unknown()).optional().describe("The kind's own run options (its runSchema, see GET /v1/models/{kind}); the model reads them at every step"),
    wait: z.boolean().default(false).describe('Answer when the run has finished (200) instead of at once (202)'),
  })
  .strict();
export type RunRequest = z.infer<typeof runRequestSchema>;

/** `ModelDefinition.checkRun` (science WP's contract addition), read structurally so either may land first. */
interface RunChecked {
  checkRun?(config: unknown, state: unknown, options: unknown): { path: (string | number)[]; message: string }[];
}

/** A run request made concrete for one session. */
export interface PreparedRun {
  spec: RunSpec;
  /** Validated live parameters to apply before the first step. */
  live: Record<string, unknown> | null;
  fps?: number;
  /** The request as stored with the run (without `wait`). */
  stored: Omit<RunRequest, 'wait'>;
}

export function prepareRun(settings: Settings, s: Session, body: RunRequest): PreparedRun {
  const model = s.model;
  if (body.steps > settings.maxSteps) throw errors.limit('steps', body.steps, settings.maxSteps, 'steps');
  const k = model.inputSize(s.row.config);
  body.inputs.forEach((inp, i) => {
    if (inp.channel !== 'all' && inp.channel >= k) {
      throw errors.validation([{ path: `inputs.${i}.channel`, message: `channel ${inp.channel} does not exist: ${model.meta.kind} has ${k} input channel(s)` }]);
    }
  });
  let options: unknown;
  if (body.options !== undefined) {
    if (!model.runSchema) {
      throw errors.validation([{ path: 'options', message: `${model.meta.kind} takes no run options` }]);
    }
    const parsed = model.runSchema.safeParse(body.options);
    if (!parsed.success) throw errors.validation(zodIssues(parsed.error.issues, 'options'));
    options = parsed.data;
  } else if (model.runSchema) {
    // the kind's defaults (a schema with required fields refuses an absent `options` here, naming them)
    const parsed = model.runSchema.safeParse({});
    if (!parsed.success) throw errors.validation(zodIssues(parsed.error.issues, 'options'));
    options = parsed.data;
  }
  if (options !== undefined) {
    // what the schema cannot see: the options against this session's network and state (teacher data's width, …)
    const check = (model as RunChecked).checkRun;
    const issues = check ? check.call(model, s.row.config, s.runtime.state, options) : [];
    if (issues.length > 0) {
      throw errors.validation(issues.map((i) => ({ path: ['options', ...i.path].join('.'), message: i.message })));
    }
  }
  const live = body.live ? validateLive(model, body.live, 'live') : null;
  const spec: RunSpec = {
    steps: body.steps,
    inputs: body.inputs,
    ...(body.record ? { record: body.record } : {}),
    recordEvery: body.recordEvery,
    frameEvery: body.frameEvery,
    ...(options !== undefined ? { options } : {}),
  };
  try {
    planRecording(model, s.row.config, s.runtime, spec, settings.maxRecordedValues);
  } catch (err) {
    if (!(err instanceof RunSpecError)) throw err;
    if (err.path === 'recordEvery') {
      throw new AppError('RNN_ERR_LIMIT', 422, err.message, { errors: [{ path: 'recordEvery', message: err.message }, { path: 'record', message: 'record fewer fields' }] });
    }
    throw errors.validation([{ path: err.path, message: err.message }]);
  }
  const { wait: _wait, ...stored } = body;
  return { spec, live, ...(body.fps ? { fps: body.fps } : {}), stored };
}
