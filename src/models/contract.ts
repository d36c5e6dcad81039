/**
 * The model contract: what a model kind is, for the server, the worker pool, the tests and the benchmark alike.
 *
 * A model is a pure module (`src/models/<family>/<kind>.ts`): it knows numbers, not HTTP, threads or sockets. The
 * engine (`src/engine/simulator.ts`) owns time: it creates the state, feeds inputs, steps, observes, records and
 * applies live parameter changes. The same definition runs in a unit test, in a worker and in the benchmark.
 *
 * Conventions every kind follows:
 * - `size` is the number of units; times are in ms unless the paper states otherwise (then `timeUnit` says so and
 *   the schema's descriptions name the unit).
 * - Every config field has a default and a `.describe()` text; the schema is the validation, the TypeScript type,
 *   the JSON Schema served at `/v1/models/{kind}` and the OpenAPI document at once.
 * - Every random draw comes from the `Rng` handed in (seeded from the session's seed). No `Math.random`.
 * - State arrays come from `ctx.alloc` (SharedArrayBuffer-backed) so a worker steps them in place. State is plain
 *   data: typed arrays, numbers, booleans, strings, arrays and plain objects of these (it is persisted as such).
 * - `step` allocates nothing; work buffers are part of the state.
 */
import type { z } from 'zod';
import type { Alloc } from '../engine/alloc.js';
import type { Rng } from '../engine/random/rng.js';

/** A value in a frame or a recording: a scalar or a vector of numbers. */
export type FieldValue = number | Float64Array | Float32Array | Int32Array | Uint8Array;
/** What a model shows of itself at one instant: named scalars and vectors (activity, energy, overlaps…). */
export type Observation = Record<string, FieldValue>;

/** Model state: plain data whose arrays live in shared memory. Opaque to the engine. */
export type ModelState = Record<string, unknown>;

export interface CreateContext {
  /** The session's generator; fork() it for each matrix and for noise so draws stay independent. */
  rng: Rng;
  /** Allocate state arrays here (shared memory). */
  alloc: Alloc;
}

export interface StepContext<L> {
  /** Index of the step being taken, counted from the session's creation or last reset. */
  step: number;
  /** Index of the step within this run (0 on the run's first step), whatever slices the run was cut into. */
  runStep: number;
  /** Time at the start of this step, in the model's time unit (`meta.timeUnit`). */
  t: number;
  /** The step size in the model's time unit (from `dt(config)`). */
  dt: number;
  /**
   * External input u[t] for this step, one value per channel (`inputSize(config)` channels), produced by the run's
   * generic input generators (constant, pulse, step, sine, noise, sequence) and scaled by the live input gain.
   * All zeros when the run gives no inputs. Models with their own stimulus (saccades, cues…) may add to it.
   */
  input: Float64Array;
  /** Live parameters as currently set (changed between steps by `set` messages). Read, do not write. */
  live: L;
  /** The session's generator (the same stream as at creation, continued). */
  rng: Rng;
  /** Allocator, for models that must grow state outside `step` (rare). */
  alloc: Alloc;
  /**
   * The run's model-specific options (the run request's `options`, validated by the kind's `runSchema` on the main
   * thread); undefined when the kind has none or the request gave none.
   */
  run: unknown;
}

export interface TrainContext {
  rng: Rng;
  alloc: Alloc;
  /** Report progress of a long training (0…1) with optional figures (loss, likelihood…); streamed to clients. */
  progress(fraction: number, figures?: Record<string, number>): void;
  /** True once the client cancelled; a long training loop should check it and return early. */
  cancelled(): boolean;
}

export interface TrainResult {
  /** Headline figures of the training (training error, log-likelihood, patterns stored…). */
  metrics: Record<string, number | number[] | string | boolean | null>;
  /** Optional per-epoch curves (name → values), returned to the client. */
  curves?: Record<string, number[]>;
  /** Replacement state, when training changed the state's shape; otherwise the state is updated in place. */
  state?: ModelState;
}

/**
 * What a training generator yields at a pause point: nothing. Progress still goes through `ctx.progress`, and a
 * training still checks `ctx.cancelled()` to stop early with partial results; the yield only says "a slice may end
 * here" (see `src/engine/training.ts`).
 */
export type TrainYield = void;

/**
 * What `train.run` returns: the result at once (a synchronous training, one long slice), or a generator that does the
 * work between its yields and returns the result. A generator is driven a slice at a time on the worker that started
 * it (`driveTraining`); however it is sliced, it computes the same bits (yields never depend on time, only on work).
 */
export type TrainRun = TrainResult | Iterator<TrainYield, TrainResult, undefined>;

/** A field that drives a cost or fails a check: in the train request (the body) or in the session's config. */
export interface FieldRef {
  in: 'request' | 'config';
  /** Path inside the request or config, e.g. ['batchSize'] or ['layers', 0, 'channels']. */
  path: (string | number)[];
}

/** A training request that cannot work on this session (checked on the main thread before anything is queued). */
export interface TrainIssue extends FieldRef {
  message: string;
}

/** Estimated cost of building a session's network, from its config alone (before any memory is allocated). */
export interface BuildCost {
  /** Bytes of the state arrays `create` allocates (what the session holds in memory and the store persists). */
  stateBytes: number;
  /** Arithmetic of the build (weights, storage rules, spectral rescaling…), in flops (a multiply-add counts 2). */
  buildFlops: number;
  /** Config fields that drive the cost, most significant first (named when a build is refused). */
  drivers: FieldRef[];
}

/** Estimated cost of one training, from the config and the parsed request (before anything is queued). */
export interface TrainCost {
  /**
   * Most bytes the training holds at once beyond the session's state: harvested states, datasets, work arrays,
   * tensors of a backpropagation tape, a replacement state, the result's arrays.
   */
  peakBytes: number;
  /** Arithmetic of the whole training, in flops (a multiply-add counts 2). */
  flops: number;
  /**
   * The part of `flops` done by the dense linear-algebra kernels (GEMM, Gram, Cholesky, blocked QR: native or
   * WebAssembly SIMD), which run an order of magnitude faster than the JavaScript loops doing the rest.
   */
  kernelFlops?: number;
  /** Request or config fields that drive the cost, most significant first (named when a training is refused). */
  drivers: FieldRef[];
  /**
   * A ceiling of the implementation whatever the server's budget, when there is one: tfjs' WebAssembly heap is
   * 32-bit (4 GiB), and running out of it kills the process rather than throwing.
   */
  limitBytes?: number;
}

/** A recording handed to `metrics`: every recorded field as a time series. */
export interface Recording {
  /** The session step before the run's first step: run step k (1-based) is session step startStep + k. */
  startStep?: number;
  /** Time of each sample (model time unit). */
  t: Float64Array;
  /** Step index of each sample. */
  step: Float64Array;
  /** field name → samples, row-major [sample][element]; `width` elements per sample (1 for scalars). */
  fields: Record<string, { width: number; data: Float64Array }>;
}

export interface Preset<C> {
  name: string;
  description: string;
  /** Source of the setup (paper, figure), when it reproduces one. */
  reference?: string;
  config: Partial<C>;
  /** A suggested run for the preset: steps and inputs, so that a user (and the viewer) can start it directly. */
  run?: Record<string, unknown>;
}

export interface ModelMeta {
  kind: string;
  title: string;
  /** A paragraph for students: what the model is and what to look for. */
  summary: string;
  /** The equations stepped, in plain text/LaTeX-ish notation, as on the slides. */
  equations: string[];
  references: string[];
  /** The unit of `t` and `dt`: 'ms' by default; 'tau' (units of the membrane time constant) or 'step'. */
  timeUnit: 'ms' | 'tau' | 'step' | 's';
  /** Names of the observed fields, with a short description each (also documents the frames). */
  fields: Record<string, string>;
  /** The field the viewer shows by default as the population activity. */
  activityField?: string;
}

export interface ModelDefinition<C = any, S extends ModelState = any, L extends Record<string, unknown> = any> {
  meta: ModelMeta;
  /** zod object schema with defaults for every field; `configSchema.parse({})` gives the default config. */
  configSchema: z.ZodType<C>;
  /**
   * Parameters that may change while a run goes on (input gain, r, λ, T, noise, learning on/off…). Every field
   * optional in a `set` message; validated here on the main thread before it reaches the worker.
   */
  liveSchema: z.ZodType<Partial<L>>;
  /**
   * Options of a run that only this kind understands (ESN teacher forcing, say): the run request's `options` field is
   * validated by this schema on the main thread (unknown fields refused, 400 naming `options.…`) and reaches `step`
   * as `ctx.run`. Kinds without it refuse any `options`.
   */
  runSchema?: z.ZodType<unknown>;
  /**
   * The run's options (parsed by `runSchema`) checked against the session, where the schema cannot see it (sizes that
   * must match the network, data the state must hold): called on the main thread before the run is queued, each
   * issue a 400 naming `options.<path>`. Pure and cheap. `step` may still refuse what it finds (a fault of the run).
   */
  checkRun?(config: C, state: S, options: unknown): { path: (string | number)[]; message: string }[];
  /** The live parameters' values at session creation (from the config). */
  initialLive(config: C): L;
  presets: Preset<C>[];
  /** Time per step in `meta.timeUnit`. */
  dt(config: C): number;
  /** Number of generic input channels K (0 when the model takes none). */
  inputSize(config: C): number;
  /** Number of units (for limits and the viewer). */
  size(config: C): number;
  /** Allocate and initialise state and weights. All randomness from ctx.rng. */
  create(config: C, ctx: CreateContext): S;
  /** Advance one step in place. No allocation. */
  step(state: S, config: C, ctx: StepContext<L>): void;
  /** The frame fields now. May return views on state arrays (the engine copies what it keeps). */
  observe(state: S, config: C, live: L): Observation;
  /**
   * Estimated state bytes and build arithmetic of a config (validated by the config schema), so that a session too
   * big to hold or store is refused before it is built and builds are scheduled by their size.
   */
  cost?(config: C): BuildCost;
  /** Optional learning kept apart from stepping (Hebbian storage, ridge readout, RLS over a target, CD-k…). */
  train?: {
    schema: z.ZodType<any>;
    /** Train in place (or return a replacement state). A generator function: yields where a slice may end. */
    run(state: S, config: C, request: any, ctx: TrainContext, live: L): TrainRun;
    /**
     * The request (parsed by `schema`) checked against the session: sizes that must match the network, tasks the
     * config cannot do… Every input fault that `run` would otherwise throw on is found here; `run` failing is then
     * a fault of the run, not of the input. Pure and cheap: no allocation proportional to the network. Without a
     * state (an experiment's fresh network), the state is the one `create(config)` would build.
     */
    validate?(config: C, request: any, state?: S): TrainIssue[];
    /** Estimated peak memory and arithmetic of the training (the request parsed by `schema`). */
    cost?(config: C, request: any, state?: S): TrainCost;
  };
  /** Optional task figures from a run's recording (NRMSE, overlap, drift time constant…). */
  metrics?(recording: Recording, config: C, state: S, live: L): Record<string, number | number[] | string | boolean | null>;
  /** Fields a run records when the request names none (defaults to the activity field). */
  defaultRecord?: string[];
  /** Fields `metrics` needs: the engine records them at every recorded sample whatever the request names. */
  metricFields?: string[];
}

/** Identity helper that keeps the generic types of a definition. */
export function defineModel<C, S extends ModelState, L extends Record<string, unknown>>(
  def: ModelDefinition<C, S, L>,
): ModelDefinition<C, S, L> {
  return def;
}
