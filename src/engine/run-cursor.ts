/**
 * A run that can stop at any step boundary and go on later, on any thread: the engine's loop (inputs, step,
 * observe, record, frames) over a session runtime, cut into `advance` calls. Between two calls the whole run is
 * (a) the runtime — model state in shared memory, step, t, RNG state, live parameters — and (b) this cursor's
 * snapshot: steps done, the input generators' RNG state and the recording columns (shared memory too). Both are
 * plain structured-cloneable data, so a run is paused on the main thread, moved to another worker, or persisted,
 * and resumed with `RunCursor.resume`: a slice boundary is a step boundary and never changes a bit of the result.
 *
 * The main generator is read from `runtime.rngState` at the start of every advance and written back at its end, so
 * the runtime alone says where the session's random stream is; the inputs' noise has its own stream, forked from
 * the session's when the run opens (as the one-loop engine always did).
 *
 * Pure and synchronous: no threads, no clock of its own (time budgets come in through `limits.shouldYield`).
 */
import { sharedAlloc, type Alloc } from './alloc.js';
import { InputGenerator, type InputSpec } from './inputs.js';
import { Rng } from './random/rng.js';
import { RecordingColumns, columnLayout, rowWidth, type ColumnsSnapshot } from './recording-columns.js';
import type { FieldValue, ModelDefinition, Observation, Recording, StepContext } from '../models/contract.js';
import type { EngineLive, Frame, Runtime } from './simulator.js';

export interface RunSpec {
  steps: number;
  inputs?: InputSpec[];
  /** Field names to record ('input' is the generic input vector). */
  record?: string[];
  recordEvery?: number;
  frameEvery?: number;
  /** Model-specific run options, validated by the kind's `runSchema`; the model reads them as `ctx.run`. */
  options?: unknown;
}

/** Where a run stands between two slices (with the runtime): structured-cloneable; the columns stay shared. */
export interface RunCursorSnapshot {
  stepsDone: number;
  inputRngState: number[];
  /** Fields the client asked for (the recording also holds the model's metric fields until the end). */
  requested: string[];
  /** The session's step when the run opened. */
  startStep: number;
  columns: ColumnsSnapshot;
}

export interface AdvanceLimits {
  /** Take at most this many steps in this call. */
  maxSteps?: number;
  /** Return right after the next frame (a paced run's slice: one frame). */
  untilFrame?: boolean;
  /** Asked after every step; true ends this call (a time budget, a request to pause). */
  shouldYield?: () => boolean;
}

export interface AdvanceHooks {
  /** Called before every step with the run's step index; false stops the run (it is finished, `stopped`). */
  beforeStep?(runStep: number): boolean;
  /**
   * Asked before a frame is built (observe + copy): false skips it, e.g. to cap the frame rate. `last` is true on
   * the run's final step. Without it every `frameEvery`-th step makes a frame.
   */
  frameDue?(last: boolean): boolean;
  onFrame?(frame: Frame): void;
}

export interface AdvanceResult {
  /** Steps taken by this call. */
  steps: number;
  /** Frames emitted by this call. */
  frames: number;
  /** The run took its last step (or `beforeStep` stopped it). */
  finished: boolean;
}

/** What a run will record: the fields, their widths and the number of values (for limits, before it is queued). */
export interface RecordingPlan {
  requested: string[];
  names: string[];
  widths: number[];
  samples: number;
  values: number;
}

/** An input a run's spec refers to that the model does not have, with the request path that names it. */
export class RunSpecError extends RangeError {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'RunSpecError';
  }
}

export const DEFAULT_MAX_RECORDED_VALUES = 50_000_000;

function widthOf(v: FieldValue | undefined): number {
  return v === undefined ? 0 : typeof v === 'number' ? 1 : v.length;
}

/**
 * The recording a spec asks for on this session, checked against what the model observes and the value limit.
 * Throws RunSpecError naming the request field at fault.
 */
export function planRecording<C>(model: ModelDefinition<C>, config: C, runtime: Runtime, spec: RunSpec, maxValues = DEFAULT_MAX_RECORDED_VALUES): RecordingPlan {
  const k = model.inputSize(config);
  const first = model.observe(runtime.state, config, runtime.live as never);
  const requested = spec.record ?? model.defaultRecord ?? (model.meta.activityField ? [model.meta.activityField] : Object.keys(first));
  requested.forEach((name, i) => {
    if (name !== 'input' && !(name in first)) {
      throw new RunSpecError(`record.${i}`, `cannot record "${name}": ${model.meta.kind} observes ${[...Object.keys(first), 'input'].join(', ')}`);
    }
  });
  const names = [...new Set([...requested, ...(model.metricFields ?? [])])];
  for (const n of names) if (n !== 'input' && !(n in first)) throw new RangeError(`${model.meta.kind} declares metric field "${n}" but does not observe it`);
  const widths = names.map((n) => (n === 'input' ? k : widthOf(first[n])));
  const samples = Math.ceil(spec.steps / (spec.recordEvery ?? 1));
  const values = rowWidth(widths) * samples;
  if (values > maxValues) {
    throw new RunSpecError(
      'recordEvery',
      `the recording would hold ${values} numbers, over the limit of ${maxValues}: record fewer fields or raise recordEvery`,
    );
  }
  return { requested, names, widths, samples, values };
}

function toFrameFields(obs: Observation, input: Float64Array | null): Record<string, number | Float32Array> {
  const out: Record<string, number | Float32Array> = {};
  for (const [k, v] of Object.entries(obs)) out[k] = typeof v === 'number' ? v : Float32Array.from(v);
  if (input && input.length > 0) out.input = Float32Array.from(input);
  return out;
}

export class RunCursor<C = unknown> {
  private readonly k: number;
  private readonly dt: number;
  private readonly input: Float64Array;
  private readonly inputs: InputGenerator;
  private readonly recordEvery: number;
  private readonly frameEvery: number;
  private readonly ctx: StepContext<never>;
  private readonly values: FieldValue[];
  private done: number;
  private ended = false;

  private constructor(
    private readonly model: ModelDefinition<C>,
    private readonly config: C,
    readonly runtime: Runtime,
    readonly spec: RunSpec,
    private readonly inputRng: Rng,
    private readonly columns: RecordingColumns,
    private readonly requested: string[],
    private readonly startStep: number,
    stepsDone: number,
    alloc: Alloc,
  ) {
    this.k = model.inputSize(config);
    this.dt = model.dt(config);
    this.input = new Float64Array(this.k);
    this.inputs = new InputGenerator(spec.inputs ?? [], this.k, inputRng);
    this.recordEvery = spec.recordEvery ?? 1;
    this.frameEvery = spec.frameEvery ?? 1;
    this.done = stepsDone;
    this.values = new Array<FieldValue>(columns.layout.names.length);
    this.ctx = { step: runtime.step, runStep: stepsDone, t: runtime.t, dt: this.dt, input: this.input, live: runtime.live as never, rng: Rng.fromState(runtime.rngState), alloc, run: spec.options };
  }

  /** Start a run of `spec` on `runtime`: checks the recording (RunSpecError) and forks the inputs' noise stream. */
  static open<C>(model: ModelDefinition<C>, config: C, runtime: Runtime, spec: RunSpec, opts: { maxRecordedValues?: number; alloc?: Alloc } = {}): RunCursor<C> {
    const plan = planRecording(model, config, runtime, spec, opts.maxRecordedValues);
    const rng = Rng.fromState(runtime.rngState);
    const inputRng = rng.fork();
    runtime.rngState = rng.getState();
    const columns = new RecordingColumns(columnLayout(plan.names, plan.widths, plan.samples));
    return new RunCursor(model, config, runtime, spec, inputRng, columns, plan.requested, runtime.step, 0, opts.alloc ?? sharedAlloc);
  }

  /** Continue a run from its snapshot on this (or a copy of this) runtime. */
  static resume<C>(model: ModelDefinition<C>, config: C, runtime: Runtime, spec: RunSpec, snapshot: RunCursorSnapshot, alloc: Alloc = sharedAlloc): RunCursor<C> {
    const columns = RecordingColumns.from(snapshot.columns);
    return new RunCursor(model, config, runtime, spec, Rng.fromState(snapshot.inputRngState), columns, snapshot.requested, snapshot.startStep, snapshot.stepsDone, alloc);
  }

  get stepsDone(): number {
    return this.done;
  }

  /** No step is left (or a `beforeStep` hook stopped the run). */
  get finished(): boolean {
    return this.ended || this.done >= this.spec.steps;
  }

  snapshot(): RunCursorSnapshot {
    return { stepsDone: this.done, inputRngState: this.inputRng.getState(), requested: this.requested, startStep: this.startStep, columns: this.columns.snapshot() };
  }

  /** Take steps until the run ends, a limit is reached, or a hook stops it. Runtime is consistent on return. */
  advance(limits: AdvanceLimits = {}, hooks: AdvanceHooks = {}): AdvanceResult {
    const { model, config, runtime, ctx, input, k } = this;
    const total = this.spec.steps;
    const names = this.columns.layout.names;
    const maxSteps = limits.maxSteps ?? Infinity;
    const rng = Rng.fromState(runtime.rngState);
    ctx.rng = rng;
    let steps = 0;
    let frames = 0;
    try {
      while (!this.finished && steps < maxSteps) {
        const i = this.done;
        if (hooks.beforeStep && !hooks.beforeStep(i)) {
          this.ended = true;
          break;
        }
        const live = runtime.live as EngineLive;
        if (k > 0) this.inputs.fill(input, runtime.t, i, live.inputGain ?? 1, live.inputAmplitudes);
        ctx.step = runtime.step;
        ctx.runStep = i;
        ctx.t = runtime.t;
        ctx.live = runtime.live as never;
        model.step(runtime.state, config, ctx);
        runtime.step++;
        runtime.t = runtime.step * this.dt;
        this.done++;
        steps++;
        const done = this.done;
        const last = done === total;
        const recordNow = done % this.recordEvery === 0;
        const frameBoundary = done % this.frameEvery === 0 || last;
        const frameNow = hooks.onFrame !== undefined && frameBoundary && (hooks.frameDue?.(last) ?? true);
        if (recordNow || frameNow) {
          const obs = model.observe(runtime.state, config, runtime.live as never);
          if (recordNow) {
            for (let f = 0; f < names.length; f++) this.values[f] = names[f] === 'input' ? input : obs[names[f]!]!;
            this.columns.append(runtime.t, runtime.step, this.values);
          }
          if (frameNow) {
            hooks.onFrame!({ step: runtime.step, t: runtime.t, fields: toFrameFields(obs, k > 0 ? input : null) });
            frames++;
          }
        }
        if (limits.untilFrame && frameBoundary) break;
        if (limits.shouldYield?.()) break;
      }
    } finally {
      runtime.rngState = rng.getState();
    }
    return { steps, frames, finished: this.finished };
  }

  /**
   * The recording (only the fields the client asked for) and the model's metrics over it. Call once the run is
   * finished or stopped; a stopped run's metrics cover the steps it took.
   */
  finish(): { recording: Recording; metrics: Record<string, unknown> } {
    const recording = this.columns.toRecording();
    recording.startStep = this.startStep;
    const { model, config, runtime } = this;
    const metrics = model.metrics ? model.metrics(recording, config, runtime.state, runtime.live as never) : {};
    for (const n of Object.keys(recording.fields)) if (!this.requested.includes(n)) delete recording.fields[n];
    return { recording, metrics };
  }
}
