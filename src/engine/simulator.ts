/**
 * The engine owns time (as Nengo's Simulator and Brian2's network do): it feeds inputs, steps the model, applies
 * live parameter changes between steps, records on `recordEvery`, emits frames on `frameEvery`, and computes the
 * model's metrics at the end. It is pure and synchronous: a worker thread, a unit test and the benchmark all call
 * `runSimulation` the same way. Pausing, pacing and stopping come in through `hooks.beforeStep`.
 */
import { z } from 'zod';
import { sharedAlloc, type Alloc } from './alloc.js';
import { InputGenerator, inputListSchema, type InputSpec } from './inputs.js';
import { Rng } from './random/rng.js';
import type { FieldValue, ModelDefinition, ModelState, Observation, Recording } from '../models/contract.js';

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

export interface RunSpec {
  steps: number;
  inputs?: InputSpec[];
  /** Field names to record ('input' is the generic input vector). */
  record?: string[];
  recordEvery?: number;
  frameEvery?: number;
}

export interface Frame {
  step: number;
  t: number;
  fields: Record<string, number | Float32Array>;
}

export interface RunHooks {
  /** Called before every step; return false to stop the run. May block (pause) and may change runtime.live. */
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

class GrowableSeries {
  data: Float64Array;
  length = 0;
  constructor(public readonly width: number, initialSamples: number) {
    this.data = new Float64Array(Math.max(1, width * Math.max(1, initialSamples)));
  }
  push(v: FieldValue): void {
    const need = (this.length + 1) * this.width;
    if (need > this.data.length) {
      const next = new Float64Array(Math.max(need, this.data.length * 2));
      next.set(this.data.subarray(0, this.length * this.width));
      this.data = next;
    }
    const off = this.length * this.width;
    if (typeof v === 'number') this.data[off] = v;
    else for (let i = 0; i < this.width; i++) this.data[off + i] = v[i] ?? 0;
    this.length++;
  }
  view(): Float64Array {
    return this.data.slice(0, this.length * this.width);
  }
}

function widthOf(v: FieldValue | undefined): number {
  return v === undefined ? 0 : typeof v === 'number' ? 1 : v.length;
}

function toFrameFields(obs: Observation, input: Float64Array | null): Record<string, number | Float32Array> {
  const out: Record<string, number | Float32Array> = {};
  for (const [k, v] of Object.entries(obs)) out[k] = typeof v === 'number' ? v : Float32Array.from(v);
  if (input && input.length > 0) out.input = Float32Array.from(input);
  return out;
}

/**
 * Run `spec.steps` steps of `model` from `runtime`, updating runtime in place (state arrays, step, t, rngState).
 */
export function runSimulation<C>(
  model: ModelDefinition<C>,
  config: C,
  runtime: Runtime,
  spec: RunSpec,
  hooks: RunHooks = {},
  alloc: Alloc = sharedAlloc,
): RunOutcome {
  const rng = Rng.fromState(runtime.rngState);
  const k = model.inputSize(config);
  const dt = model.dt(config);
  const input = new Float64Array(k);
  const inputs = new InputGenerator(spec.inputs ?? [], k, rng.fork());
  const recordEvery = spec.recordEvery ?? 1;
  const frameEvery = spec.frameEvery ?? 1;
  const maxValues = hooks.maxRecordedValues ?? 50_000_000;

  const first = model.observe(runtime.state, config, runtime.live as never);
  const requested = spec.record ?? model.defaultRecord ?? (model.meta.activityField ? [model.meta.activityField] : Object.keys(first));
  const names = [...new Set([...requested, ...(model.metricFields ?? [])])];
  for (const name of names) {
    if (name !== 'input' && !(name in first)) {
      throw new RangeError(`cannot record "${name}": ${model.meta.kind} observes ${[...Object.keys(first), 'input'].join(', ')}`);
    }
  }
  const expectedSamples = Math.ceil(spec.steps / recordEvery);
  let perSample = 2;
  for (const n of names) perSample += n === 'input' ? k : widthOf(first[n]);
  if (perSample * expectedSamples > maxValues) {
    throw new RangeError(
      `the recording would hold ${perSample * expectedSamples} numbers, over the limit of ${maxValues}: record fewer fields or raise recordEvery`,
    );
  }
  const series = new Map<string, GrowableSeries>();
  for (const n of names) series.set(n, new GrowableSeries(n === 'input' ? k : widthOf(first[n]), Math.min(expectedSamples, 4096)));
  const tSeries = new GrowableSeries(1, Math.min(expectedSamples, 4096));
  const stepSeries = new GrowableSeries(1, Math.min(expectedSamples, 4096));

  const startStep = runtime.step;
  const ctx = { step: runtime.step, t: runtime.t, dt, input, live: runtime.live as never, rng, alloc };
  let done = 0;
  let stopped = false;
  for (let i = 0; i < spec.steps; i++) {
    if (hooks.beforeStep && !hooks.beforeStep(i)) {
      stopped = true;
      break;
    }
    if (k > 0) inputs.fill(input, runtime.t, i, runtime.live.inputGain ?? 1, runtime.live.inputAmplitudes);
    ctx.step = runtime.step;
    ctx.t = runtime.t;
    ctx.live = runtime.live as never;
    model.step(runtime.state, config, ctx);
    runtime.step++;
    runtime.t = runtime.step * dt;
    done++;
    const recordNow = done % recordEvery === 0;
    const last = i === spec.steps - 1;
    const frameNow = hooks.onFrame !== undefined && (done % frameEvery === 0 || last) && (hooks.frameDue?.(last) ?? true);
    if (recordNow || frameNow) {
      const obs = model.observe(runtime.state, config, runtime.live as never);
      if (recordNow) {
        tSeries.push(runtime.t);
        stepSeries.push(runtime.step);
        for (const [n, s] of series) s.push(n === 'input' ? input : obs[n]!);
      }
      if (frameNow) hooks.onFrame!({ step: runtime.step, t: runtime.t, fields: toFrameFields(obs, k > 0 ? input : null) });
    }
  }
  runtime.rngState = rng.getState();
  const recording: Recording = { startStep, t: tSeries.view(), step: stepSeries.view(), fields: {} };
  for (const [n, s] of series) recording.fields[n] = { width: s.width, data: s.view() };
  const metrics = model.metrics ? model.metrics(recording, config, runtime.state, runtime.live as never) : {};
  // Keep only what the client asked for in the recording it downloads.
  for (const n of names) if (!requested.includes(n)) delete recording.fields[n];
  return { stepsDone: done, stopped, recording, metrics };
}

/** Observe the state now, as a frame (used for `GET …/state` and for the first frame of a stream). */
export function observeNow<C>(model: ModelDefinition<C>, config: C, runtime: Runtime): Frame {
  return { step: runtime.step, t: runtime.t, fields: toFrameFields(model.observe(runtime.state, config, runtime.live as never), null) };
}
