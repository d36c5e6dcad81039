/**
 * The engine owns time (as Nengo's Simulator and Brian2's network do): it feeds inputs, steps the model, applies
 * live parameter changes between steps, records on `recordEvery`, emits frames on `frameEvery`, and computes the
 * model's metrics at the end. The loop itself is the resumable `RunCursor` (run-cursor.ts), which the worker engine
 * drives a slice at a time; `runSimulation` drives it in one call, for tests, benchmarks and scripts. Pure and
 * synchronous: a worker thread, a unit test and the benchmark all give the same bits.
 */
import { z } from 'zod';
import { sharedAlloc, type Alloc } from './alloc.js';
import { inputListSchema } from './inputs.js';
import { Rng } from './random/rng.js';
import { RunCursor, type RunSpec } from './run-cursor.js';
import type { ModelDefinition, ModelState, Observation, Recording } from '../models/contract.js';

export type { RunSpec } from './run-cursor.js';

/** Live parameters every kind has, applied by the engine to the generic inputs. */
export const engineLiveSchema = z.object({
  inputGain: z.number().min(-1e6).max(1e6).optional().describe('Factor on every generic input channel'),
  inputAmplitudes: z
    .array(z.number().min(-1e6).max(1e6))
    .max(100_000)
    .optional()
    .describe('Per-channel factors on the generic inputs'),
});
export type EngineLive = z.infer<typeof engineLiveSchema>;

/** Everything about a session that changes as it runs: persisted between runs. */
export interface Runtime {
  state: ModelState;
  /** Steps taken since creation or reset. */
  step: number;
  /** Model time now (model time unit). */
  t: number;
  rngState: number[];
  live: Record<string, unknown> & EngineLive;
}

export interface Frame {
  step: number;
  t: number;
  fields: Record<string, number | Float32Array>;
}

export interface RunHooks {
  /** Called before every step with the run's step index; return false to stop the run. */
  beforeStep?(runStep: number): boolean;
  onFrame?(frame: Frame): void;
  /**
   * Asked before a frame is built (observe + copy): return false to skip it, e.g. to cap the frame rate. `last` is
   * true on the run's final step. Without it every `frameEvery`-th step makes a frame.
   */
  frameDue?(last: boolean): boolean;
  /** Upper bound on recorded numbers (memory guard); the run fails with a clear error past it. */
  maxRecordedValues?: number;
}

export interface RunOutcome {
  stepsDone: number;
  stopped: boolean;
  recording: Recording;
  metrics: Record<string, unknown>;
}

/** Create a fresh runtime for a model: the seed's generator makes the weights; its continuation drives the run. */
export function createRuntime<C>(model: ModelDefinition<C>, config: C, seed: number, alloc: Alloc = sharedAlloc): Runtime {
  const rng = Rng.fromSeed(seed);
  const state = model.create(config, { rng, alloc });
  return { state, step: 0, t: 0, rngState: rng.getState(), live: { ...model.initialLive(config) } };
}

export const runSpecSchema = z.object({
  steps: z.number().int().min(1),
  inputs: inputListSchema,
  record: z.array(z.string()).optional(),
  recordEvery: z.number().int().min(1).default(1),
  frameEvery: z.number().int().min(1).default(1),
});

function toFrameFields(obs: Observation): Record<string, number | Float32Array> {
  const out: Record<string, number | Float32Array> = {};
  for (const [k, v] of Object.entries(obs)) out[k] = typeof v === 'number' ? v : Float32Array.from(v);
  return out;
}

/**
 * Run `spec.steps` steps of `model` from `runtime` in one call, updating runtime in place (state arrays, step, t,
 * rngState): the same loop, and the same bits, as any sequence of `RunCursor.advance` slices.
 */
export function runSimulation<C>(
  model: ModelDefinition<C>,
  config: C,
  runtime: Runtime,
  spec: RunSpec,
  hooks: RunHooks = {},
  alloc: Alloc = sharedAlloc,
): RunOutcome {
  const cursor = RunCursor.open(model, config, runtime, spec, { ...(hooks.maxRecordedValues !== undefined ? { maxRecordedValues: hooks.maxRecordedValues } : {}), alloc });
  const { finished } = cursor.advance({}, hooks);
  const stopped = finished && cursor.stepsDone < spec.steps;
  const { recording, metrics } = cursor.finish();
  return { stepsDone: cursor.stepsDone, stopped, recording, metrics };
}

/** Observe the state now, as a frame (used for `GET …/state` and for the first frame of a stream). */
export function observeNow<C>(model: ModelDefinition<C>, config: C, runtime: Runtime): Frame {
  return { step: runtime.step, t: runtime.t, fields: toFrameFields(model.observe(runtime.state, config, runtime.live as never)) };
}
