/**
 * Experiments: parameter sweeps across the worker pool. Every grid point × seed is an independent task (a fresh
 * network from kind, config with the point applied, and seed; optionally trained; run; metrics) on the pool.
 *
 * Fair sharing: every task is a job in its owner's batch lane of the scheduler (src/runs/scheduler/), executed a
 * slice at a time (task-job.ts): users share the pool by CPU time, a user's interactive work goes before their
 * sweep, and a session run never waits for a task to end. An experiment keeps at most `window` tasks in the
 * scheduler at a time (2 × pool size) and feeds the next one as one finishes, so a 10,000-task sweep holds a few
 * task objects in memory, not 10,000.
 *
 * Persistence: rows are written as tasks finish. On start, experiments left running resume their missing tasks;
 * tasks are seeded, so the numbers are those an uninterrupted run would have given.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { inputListSchema } from '../engine/inputs.js';
import type { RunSpec } from '../engine/simulator.js';
import type { ModelDefinition } from '../models/contract.js';
import { AppError, errors, zodIssues } from '../errors.js';
import { canAccess, type User } from '../auth/tokens.js';
import type { Settings } from '../config.js';
import type { Scheduler } from '../runs/scheduler/scheduler.js';
import type { CostModel } from '../runs/cost-model.js';
import { ExperimentTaskJob } from './task-job.js';
import type { SessionService } from '../sessions/session-service.js';
import type { ExperimentRepository, ExperimentRow, ExperimentStatus, ResultRow, RowStatus, Store } from '../store/store.js';
import { versions } from '../version.js';
import { gridSchema, MAX_TASKS, planGrid, pointOf, seedsSchema, setPath, type GridPlan } from './grid.js';
import type { ExperimentTask, ExperimentTaskResult } from './task.js';
import { checkTraining, trainBudget } from '../models/train-admission.js';

export const experimentRequestSchema = z.object({
  name: z.string().max(200).optional().describe('A name to find it by'),
  model: z.string().max(100).describe('Model kind (see GET /v1/models)'),
  preset: z.string().max(100).optional().describe("Start from this preset's config (see GET /v1/models/{kind}); config overrides it"),
  config: z.record(z.string(), z.unknown()).default({}).describe("Base config; each grid point sets its values on it, then the kind's schema validates it"),
  grid: gridSchema.default({}),
  seeds: seedsSchema,
  run: z
    .object({
      steps: z.number().int().min(1),
      inputs: inputListSchema,
      record: z.array(z.string().max(100)).max(100).optional().describe("Fields to record for the metrics (default: the kind's metric fields)"),
      recordEvery: z.number().int().min(1).default(1),
    })
    .optional()
    .describe('Steps each task runs (after training, when train is given)'),
  train: z.record(z.string(), z.unknown()).optional().describe("Train each network first (the kind's trainSchema); its metrics become train.<name> columns"),
  metrics: z.array(z.string().max(200)).max(1000).optional().describe('Metric names to keep as columns (default: every scalar metric)'),
});
export type ExperimentRequest = z.infer<typeof experimentRequestSchema>;

export type ExperimentEvent =
  | { type: 'progress'; done: number; failed: number; total: number; fraction: number; etaSeconds: number | null; row: ReturnType<ExperimentService['rowView']> }
  | { type: 'status'; status: ExperimentStatus; done: number; failed: number; cancelled: number; total: number; error?: string | null };

/** Where an experiment's train request and point config sit in its body, for the fields a refusal names. */
const TRAIN_FIELDS = { request: 'train', config: 'config' };

interface Live {
  row: ExperimentRow;
  request: ExperimentRequest;
  model: ModelDefinition;
  plan: GridPlan;
  /** The base config (preset, then the request's config) each grid point is applied to. */
  base: Record<string, unknown>;
  train?: unknown;
  spec?: RunSpec;
  /** Row indices not yet handed to the scheduler. */
  queue: number[];
  /** Row index → its job, for tasks in the scheduler (waiting or running). */
  inFlight: Map<number, ExperimentTaskJob>;
  started: Set<number>;
  counts: Record<RowStatus, number>;
  t0: number;
  finishedAtStart: number;
  cancelled: boolean;
  /** The chain of this experiment's row writes (record): its status is written after them. */
  writes: Promise<unknown>;
}

/** An experiment's progress as the API and the stream report it, live or from the stored rows (one shape for both). */
function progressFigures(c: Record<RowStatus, number>, total: number, elapsedSeconds: number | null, etaSeconds: number | null) {
  return {
    done: c.done,
    failed: c.failed,
    cancelled: c.cancelled,
    running: c.running,
    pending: c.pending,
    total,
    fraction: total ? (c.done + c.failed + c.cancelled) / total : 1,
    elapsedSeconds,
    etaSeconds,
  };
}

export class ExperimentService {
  readonly store: ExperimentRepository;
  private readonly live = new Map<string, Live>();
  private readonly listeners = new Map<string, Set<(ev: ExperimentEvent) => void>>();
  private closing = false;
  /** Tasks per experiment held in the scheduler at once. */
  readonly window: number;

  constructor(
    private readonly deps: {
      store: Store;
      scheduler: Scheduler;
      costs: CostModel;
      sessions: SessionService;
      settings: Settings;
      log: { warn(obj: unknown, msg?: string): void; error(obj: unknown, msg?: string): void };
    },
  ) {
    this.store = deps.store.experiments;
    this.window = Math.max(2, 2 * deps.settings.poolSize);
  }

  /** Resume experiments left running by the last shutdown (their missing tasks run; finished rows stay). */
  async resume(): Promise<number> {
    let n = 0;
    for (const row of await this.store.unfinished()) {
      try {
        const request = experimentRequestSchema.parse(row.request);
        const prepared = this.prepare(request);
        const live = this.makeLive(row, request, prepared, await this.store.todo(row.id));
        for (const i of live.queue) await this.store.setRow(row.id, i, 'pending');
        live.counts = await this.store.counts(row.id);
        live.finishedAtStart = live.counts.done + live.counts.failed;
        this.live.set(row.id, live);
        this.pump(live);
        n++;
      } catch (err) {
        await this.store.cancelPending(row.id);
        await this.store.setStatus(row.id, 'failed', `could not resume after a restart: ${(err as Error).message}`);
        this.deps.log.warn({ err, experiment: row.id }, 'experiment could not be resumed');
      }
    }
    return n;
  }

  private prepare(request: ExperimentRequest): { model: ModelDefinition; plan: GridPlan; base: Record<string, unknown>; train?: unknown; spec?: RunSpec } {
    const model = this.deps.sessions.resolveModel(request.model);
    let base = request.config as Record<string, unknown>;
    if (request.preset !== undefined) {
      const preset = model.presets.find((p) => p.name === request.preset);
      if (!preset) throw errors.validation([{ path: 'preset', message: `unknown preset "${request.preset}" for ${model.meta.kind}; presets: ${model.presets.map((p) => p.name).join(', ')}` }]);
      base = { ...(structuredClone(preset.config) as Record<string, unknown>), ...base };
    }
    if (!request.run && request.train === undefined) throw errors.validation([{ path: 'run', message: 'give run (steps to run), train, or both' }]);
    let plan: GridPlan;
    try {
      plan = planGrid(request.grid, request.seeds);
    } catch (err) {
      throw errors.validation([{ path: 'grid', message: (err as Error).message }]);
    }
    if (plan.total > MAX_TASKS) throw errors.limit('number of tasks (grid points × seeds)', plan.total, MAX_TASKS, 'grid');
    if (plan.total === 0) throw errors.validation([{ path: 'grid', message: 'the grid has no points' }]);
    if (request.run && request.run.steps > this.deps.settings.maxSteps) throw errors.limit('steps', request.run.steps, this.deps.settings.maxSteps, 'run.steps');
    let train: unknown;
    if (request.train !== undefined) {
      if (!model.train) throw errors.notTrainable(model.meta.kind);
      const parsed = model.train.schema.safeParse(request.train);
      if (!parsed.success) throw errors.validation(zodIssues(parsed.error.issues, 'train'));
      train = parsed.data;
    }
    const spec: RunSpec | undefined = request.run
      ? {
          steps: request.run.steps,
          inputs: request.run.inputs,
          record: request.run.record ?? model.metricFields,
          recordEvery: request.run.recordEvery,
          frameEvery: request.run.steps,
        }
      : undefined;
    if (spec && spec.record === undefined) delete spec.record;
    return { model, plan, base, ...(train !== undefined ? { train } : {}), ...(spec ? { spec } : {}) };
  }

  /** The resolved config of row `index`, or the reason it is invalid. */
  private configOf(live: Pick<Live, 'model' | 'plan' | 'base'>, index: number): { config?: unknown; error?: string } {
    const { params } = pointOf(live.plan, index);
    let cfg = live.base;
    for (const [p, v] of Object.entries(params)) cfg = setPath(cfg, p, v);
    try {
      const config = this.deps.sessions.resolveConfig(live.model, cfg, 'config');
      for (const [p, v] of Object.entries(params)) {
        const got = p.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), config);
        if (got === undefined) return { error: `config.${p}: not a config field of ${live.model.meta.kind} (its schema dropped it)` };
      }
      return { config };
    } catch (err) {
      return { error: (err as Error).message };
    }
  }

  async create(user: User, request: ExperimentRequest): Promise<ExperimentRow> {
    const prepared = this.prepare(request);
    // A grid path the kind does not know is a mistake in the whole request, not in one point: say so now.
    const probe = prepared;
    const first = this.configOf(probe, 0);
    if (first.error && /not a config field|unknown field/.test(first.error)) throw errors.validation([{ path: 'grid', message: first.error }]);
    if (request.run) {
      const k = first.config !== undefined ? prepared.model.inputSize(first.config) : Infinity;
      request.run.inputs.forEach((inp, i) => {
        if (inp.channel !== 'all' && inp.channel >= k) {
          throw errors.validation([{ path: `run.inputs.${i}.channel`, message: `channel ${inp.channel} does not exist: ${prepared.model.meta.kind} has ${k} input channel(s)` }]);
        }
      });
    }
    // The training is checked on the first point's fresh network (4xx now); other points are checked as they run.
    if (prepared.train !== undefined && first.config !== undefined) {
      const refusal = checkTraining(prepared.model, first.config, prepared.train, undefined, trainBudget(this.deps.settings), TRAIN_FIELDS);
      if (refusal) throw refusal.status === 400 ? errors.validation(refusal.errors) : errors.overBudget(refusal.message, refusal.errors);
    }
    const row: ExperimentRow = {
      id: randomUUID(),
      owner: user.name,
      name: request.name ?? null,
      kind: prepared.model.meta.kind,
      request,
      status: 'running',
      total: prepared.plan.total,
      versions: { ...versions },
      error: null,
      createdAt: new Date().toISOString(),
      finishedAt: null,
    };
    const rows: ResultRow[] = [];
    for (let i = 0; i < prepared.plan.total; i++) {
      const { params, seed } = pointOf(prepared.plan, i);
      rows.push({ index: i, params, seed, status: 'pending', metrics: null, error: null, ms: null });
    }
    await this.store.insert(row, rows);
    const live = this.makeLive(row, request, prepared, rows.map((r) => r.index));
    this.live.set(row.id, live);
    this.pump(live);
    return row;
  }

  private makeLive(row: ExperimentRow, request: ExperimentRequest, p: ReturnType<ExperimentService['prepare']>, queue: number[]): Live {
    return {
      row,
      request,
      model: p.model,
      plan: p.plan,
      base: p.base,
      ...(p.train !== undefined ? { train: p.train } : {}),
      ...(p.spec ? { spec: p.spec } : {}),
      queue,
      inFlight: new Map(),
      started: new Set(),
      counts: { pending: queue.length, running: 0, done: 0, failed: 0, cancelled: 0 },
      t0: performance.now(),
      finishedAtStart: 0,
      cancelled: false,
      writes: Promise.resolve(),
    };
  }

  /** Hand tasks to the scheduler until `window` are in it; finish the experiment when nothing is left. */
  private pump(live: Live): void {
    if (this.closing) return;
    while (!live.cancelled && live.inFlight.size < this.window && live.queue.length > 0) {
      const index = live.queue.shift()!;
      const resolved = this.configOf(live, index);
      if (resolved.error !== undefined) {
        this.record(live, index, 'failed', null, resolved.error, null);
        continue;
      }
      const refused = live.train !== undefined ? checkTraining(live.model, resolved.config, live.train, undefined, trainBudget(this.deps.settings), TRAIN_FIELDS) : null;
      if (refused) {
        this.record(live, index, 'failed', null, refused.message, null);
        continue;
      }
      const { seed } = pointOf(live.plan, index);
      const task: ExperimentTask = {
        op: 'experiment',
        kind: live.row.kind,
        config: resolved.config,
        seed,
        ...(live.train !== undefined ? { train: live.train } : {}),
        ...(live.spec ? { spec: live.spec } : {}),
        maxRunMs: this.deps.settings.maxRunMs,
        maxRecordedValues: this.deps.settings.maxRecordedValues,
      };
      const firstSliceMs =
        this.deps.costs.buildMs(live.model, resolved.config) + (live.train !== undefined ? this.deps.costs.trainMs(live.model, resolved.config, live.train) : 0);
      let settle!: (err: Error | null, result?: ExperimentTaskResult) => void;
      const done = new Promise<ExperimentTaskResult>((resolve, reject) => (settle = (err, result) => (err ? reject(err) : resolve(result!))));
      const job = new ExperimentTaskJob(live.row.owner, live.row.id, index, task, firstSliceMs, () => this.started(live, index), settle);
      live.inFlight.set(index, job);
      try {
        this.deps.scheduler.add(job, { state: 'ready' });
      } catch {
        // The scheduler is closed (shutdown): the row stays pending and resumes on the next start.
        live.inFlight.delete(index);
        live.queue.unshift(index);
        return;
      }
      void this.execute(live, index, task, done);
    }
    this.maybeFinish(live);
  }

  /** A task's first slice was dispatched: its row is running. */
  private started(live: Live, index: number): void {
    live.started.add(index);
    live.counts.pending--;
    live.counts.running++;
    live.writes = live.writes.then(() => this.store.setRow(live.row.id, index, 'running')).catch((err: unknown) => this.deps.log.error({ err }, 'could not store an experiment row'));
  }

  private async execute(live: Live, index: number, task: ExperimentTask, done: Promise<ExperimentTaskResult>): Promise<void> {
    try {
      const result = await done;
      if (result.timedOut) {
        await this.record(live, index, 'failed', result.metrics, `wall-time limit of ${task.maxRunMs} ms of worker time reached (MAX_RUN_MS)`, result.ms, true);
      } else {
        await this.record(live, index, 'done', result.metrics, null, result.ms, true);
      }
    } catch (err) {
      if (this.closing) {
        // The pool went away under it (shutdown): run it again on the next start.
        try {
          await this.store.setRow(live.row.id, index, 'pending');
        } catch {
          // the database is already closed; the row is still 'running', which also resumes
        }
        return;
      }
      this.deps.log.warn({ err, experiment: live.row.id, index }, 'experiment task failed');
      await this.record(live, index, 'failed', null, (err as Error).message ?? String(err), null, live.started.has(index));
    } finally {
      live.inFlight.delete(index);
      if (!this.closing) this.pump(live);
    }
  }

  /**
   * Count the row's outcome at once (so `maybeFinish` sees it), then write it; resolves when it is stored (a failed
   * write is logged, never thrown). The experiment's final status is written after its rows (chained on `writes`).
   */
  private record(live: Live, index: number, status: RowStatus, metrics: Record<string, unknown> | null, error: string | null, ms: number | null, wasRunning = false): Promise<void> {
    // after the row's earlier writes ('running'), never before them
    const written = live.writes
      .then(() => this.store.setRow(live.row.id, index, status, metrics, error, ms))
      .catch((err: unknown) => this.deps.log.error({ err, experiment: live.row.id, index }, 'could not store an experiment row'));
    live.writes = written;
    if (wasRunning) live.counts.running--;
    else live.counts.pending--;
    live.counts[status]++;
    const p = this.progressOf(live);
    const { params, seed } = pointOf(live.plan, index);
    this.emit(live.row.id, {
      type: 'progress',
      done: p.done,
      failed: p.failed,
      total: p.total,
      fraction: p.fraction,
      etaSeconds: p.etaSeconds,
      row: this.rowView(live.row, { index, params, seed, status, metrics, error, ms }, this.columnsFor(live.request, [])),
    });
    return written;
  }

  private maybeFinish(live: Live): void {
    if (live.cancelled || live.queue.length > 0 || live.inFlight.size > 0) return;
    const c = live.counts;
    const status: ExperimentStatus = c.done === 0 && c.failed > 0 ? 'failed' : 'done';
    const error = status === 'failed' ? 'every task failed (see the rows\' errors)' : null;
    const id = live.row.id;
    void live.writes.then(() => this.store.setStatus(id, status, error)).catch((err: unknown) => this.deps.log.error({ err, experiment: id }, 'could not store an experiment status'));
    live.row.status = status;
    live.row.error = error;
    live.row.finishedAt = new Date().toISOString();
    this.live.delete(live.row.id);
    this.emit(live.row.id, { type: 'status', status, done: c.done, failed: c.failed, cancelled: c.cancelled, total: live.row.total, error });
  }

  private progressOf(live: Live) {
    const c = live.counts;
    const finished = c.done + c.failed;
    const total = live.row.total;
    const elapsed = (performance.now() - live.t0) / 1000;
    const rate = (finished - live.finishedAtStart) / Math.max(elapsed, 1e-3);
    const remaining = total - finished - c.cancelled;
    return progressFigures(c, total, elapsed, remaining === 0 ? 0 : rate > 0 ? remaining / rate : null);
  }

  /** The experiment, if it exists and `user` may see it; 404 otherwise. */
  async get(user: User, id: string): Promise<ExperimentRow> {
    const live = this.live.get(id);
    const row = live?.row ?? (await this.store.get(id));
    if (!row || !canAccess(user, row.owner)) throw errors.notFound('experiment', id);
    return row;
  }

  async list(user: User): Promise<Awaited<ReturnType<ExperimentService['view']>>[]> {
    const rows = await this.store.list(user.role === 'instructor' ? undefined : user.name);
    return Promise.all(rows.map((r) => this.view(this.live.get(r.id)?.row ?? r, false)));
  }

  /** Cancel: tasks not yet started never run; running ones finish and keep their rows. */
  async cancel(user: User, id: string): ReturnType<ExperimentService['view']> {
    const row = await this.get(user, id);
    const live = this.live.get(id);
    if (live && !live.cancelled) {
      live.cancelled = true;
      for (const [index, job] of [...live.inFlight]) {
        if (!job.started) {
          this.deps.scheduler.remove(job);
          live.inFlight.delete(index);
        }
      }
      live.queue = [];
      live.row.status = 'cancelled';
      live.row.finishedAt = new Date().toISOString();
      this.live.delete(id);
      await live.writes;
      const n = await this.store.cancelPending(id);
      live.counts.cancelled += n;
      live.counts.pending = 0;
      await this.store.setStatus(id, 'cancelled');
      const c = live.counts;
      this.emit(id, { type: 'status', status: 'cancelled', done: c.done, failed: c.failed, cancelled: c.cancelled, total: row.total });
    }
    return this.view(row, false);
  }

  /** Delete an experiment and its rows (cancelling it first). */
  async remove(user: User, id: string): Promise<void> {
    await this.cancel(user, id);
    await this.store.delete(id);
  }

  subscribe(id: string, fn: (ev: ExperimentEvent) => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(fn);
    return () => {
      set!.delete(fn);
      if (set!.size === 0) this.listeners.delete(id);
    };
  }

  private emit(id: string, ev: ExperimentEvent): void {
    for (const fn of this.listeners.get(id) ?? []) {
      try {
        fn(ev);
      } catch (err) {
        this.deps.log.error({ err }, 'experiment listener failed');
      }
    }
  }

  isActive(id: string): boolean {
    return this.live.has(id);
  }

  /** Shutdown: stop feeding; tasks not finished stay pending in the database and resume on the next start. */
  close(): void {
    this.closing = true;
  }

  async progress(row: ExperimentRow) {
    const live = this.live.get(row.id);
    if (live) return this.progressOf(live);
    const elapsed = row.finishedAt ? (Date.parse(row.finishedAt) - Date.parse(row.createdAt)) / 1000 : null;
    return progressFigures(await this.store.counts(row.id), row.total, elapsed, row.status === 'running' ? null : 0);
  }

  /** The metric columns: the request's `metrics`, or every scalar metric seen in finished rows (first-seen order). */
  columnsFor(request: ExperimentRequest, rows: ResultRow[]): string[] {
    if (request.metrics) return request.metrics;
    const seen = new Set<string>();
    for (const r of rows) {
      if (!r.metrics) continue;
      for (const [k, v] of Object.entries(r.metrics)) if (v === null || ['number', 'boolean', 'string'].includes(typeof v)) seen.add(k);
    }
    return [...seen];
  }

  rowView(e: ExperimentRow, r: ResultRow, metricCols: string[]) {
    const metrics: Record<string, unknown> = {};
    const cols = metricCols.length > 0 ? metricCols : Object.keys(r.metrics ?? {});
    for (const m of cols) metrics[m] = r.metrics?.[m] ?? null;
    return { index: r.index, params: r.params, seed: r.seed, status: r.status, metrics, error: r.error, ms: r.ms, version: e.versions.rnnlab ?? null };
  }

  /** The results so far: columns (parameters, seed, metrics) and one row per grid point × seed that has finished. */
  async table(e: ExperimentRow, opts: { all?: boolean } = {}) {
    const request = experimentRequestSchema.parse(e.request);
    const rows = await this.store.rows(e.id, opts.all ? undefined : ['done', 'failed']);
    const metrics = this.columnsFor(request, rows);
    const params = Object.keys(request.grid);
    return { params, metrics, rows: rows.map((r) => this.rowView(e, r, metrics)) };
  }

  async view(e: ExperimentRow, withResults: boolean) {
    const base = {
      id: e.id,
      name: e.name,
      model: e.kind,
      owner: e.owner,
      status: e.status,
      progress: await this.progress(e),
      total: e.total,
      error: e.error,
      createdAt: e.createdAt,
      finishedAt: e.finishedAt,
      versions: e.versions,
      request: e.request,
    };
    return withResults ? { ...base, results: await this.table(e) } : base;
  }
}

export { AppError };
