/**
 * Sessions: a model kind with a resolved config, a seed and a runtime (state in shared memory, step, time, RNG
 * state, live parameters). Created, configured, reset and deleted here; persisted in the store; held in memory
 * while in use. Ownership: a user sees their own sessions (instructors see all); anyone else gets 404.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { getModel, listModels } from '../models/index.js';
import type { ModelDefinition } from '../models/contract.js';
import { engineLiveSchema, observeNow, type Frame, type Runtime } from '../engine/simulator.js';
import { drawSeed } from '../engine/random/rng.js';
import { errors, zodIssues } from '../errors.js';
import { decodeState, encodeState } from '../store/state-codec.js';
import type { SessionRow, Store } from '../store/store.js';
import { canAccess, type User } from '../auth/tokens.js';
import type { Settings } from '../config.js';

export interface Session {
  row: SessionRow;
  model: ModelDefinition;
  runtime: Runtime;
  /** The run or training now queued or running on this session, if any. */
  activeRunId: string | null;
}

export interface SessionView {
  id: string;
  name: string | null;
  model: string;
  owner: string;
  seed: number;
  config: unknown;
  live: Record<string, unknown>;
  step: number;
  t: number;
  timeUnit: string;
  size: number;
  activeRun: string | null;
  createdAt: string;
  updatedAt: string;
}

export class SessionService {
  private readonly cache = new Map<string, Session>();
  /** Loads from the store in flight, so two requests for one session share one load (one copy of its state). */
  private readonly loading = new Map<string, Promise<Session | undefined>>();

  constructor(
    private readonly store: Store,
    private readonly settings: Settings,
    /** Builds a runtime (weights and state) — on the worker pool in the server, so big networks never block it. */
    private readonly build: (kind: string, config: unknown, seed: number) => Promise<Runtime>,
    /** Returns a discarded state's memory (to the thread that built it); called only once no run uses the state. */
    private readonly release: (state: unknown) => void = () => {},
  ) {}

  resolveModel(kind: string): ModelDefinition {
    const model = getModel(kind);
    if (!model) throw errors.unknownModel(kind, listModels().map((m) => m.meta.kind));
    return model;
  }

  /** Validate a config against the kind's schema and the server's limits; returns the resolved config. */
  resolveConfig(model: ModelDefinition, config: unknown, pathPrefix = 'config'): unknown {
    // Unknown top-level fields are refused (a misspelt "lamda" must not be silently ignored).
    const shape = (model.configSchema as unknown as { shape?: Record<string, unknown> }).shape;
    if (shape && config && typeof config === 'object' && !Array.isArray(config)) {
      const unknown = Object.keys(config).filter((k) => !(k in shape));
      if (unknown.length > 0) {
        throw errors.validation(unknown.map((k) => ({ path: `${pathPrefix}.${k}`, message: `unknown field for ${model.meta.kind}; fields: ${Object.keys(shape).join(', ')}` })));
      }
    }
    const parsed = model.configSchema.safeParse(config ?? {});
    if (!parsed.success) throw errors.validation(zodIssues(parsed.error.issues, pathPrefix));
    const size = model.size(parsed.data);
    if (size > this.settings.maxUnits) throw errors.limit('network size (units)', size, this.settings.maxUnits, `${pathPrefix}.size`);
    return parsed.data;
  }

  async create(user: User, body: { model: string; config?: unknown; seed?: number; name?: string; preset?: string }): Promise<Session> {
    const model = this.resolveModel(body.model);
    let base: Record<string, unknown> = {};
    if (body.preset !== undefined) {
      const preset = model.presets.find((p) => p.name === body.preset);
      if (!preset) {
        throw errors.validation([{ path: 'preset', message: `unknown preset "${body.preset}" for ${model.meta.kind}; presets: ${model.presets.map((p) => p.name).join(', ')}` }]);
      }
      base = structuredClone(preset.config) as Record<string, unknown>;
    }
    const config = this.resolveConfig(model, { ...base, ...((body.config as Record<string, unknown>) ?? {}) });
    const count = await this.store.sessions.count(user.role === 'instructor' ? undefined : user.name);
    if (count >= this.settings.maxSessions) throw errors.limit('number of sessions', count + 1, this.settings.maxSessions, 'sessions');
    const seed = body.seed ?? drawSeed();
    const runtime = await this.build(model.meta.kind, config, seed);
    const now = new Date().toISOString();
    const row: SessionRow = {
      id: randomUUID(),
      owner: user.name,
      name: body.name ?? null,
      kind: model.meta.kind,
      config,
      seed,
      live: runtime.live,
      step: 0,
      t: 0,
      rngState: runtime.rngState,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.sessions.insert(row, encodeState(runtime.state));
    const session: Session = { row, model, runtime, activeRunId: null };
    this.cache.set(row.id, session);
    return session;
  }

  /** The session, if it exists and `user` may see it; 404 otherwise (also for another student's session). */
  async get(user: User, id: string): Promise<Session> {
    const s = this.cache.get(id) ?? (await this.load(id));
    if (!s || !canAccess(user, s.row.owner)) throw errors.notFound('session', id);
    return s;
  }

  /** Bring a stored session into memory (once, however many ask at the same time). */
  private load(id: string): Promise<Session | undefined> {
    let pending = this.loading.get(id);
    if (!pending) {
      pending = (async () => {
        const stored = await this.store.sessions.load(id);
        if (!stored) return undefined;
        const model = getModel(stored.row.kind);
        if (!model) return undefined;
        const s: Session = {
          row: stored.row,
          model,
          runtime: { state: decodeState(stored.state), step: stored.row.step, t: stored.row.t, rngState: stored.row.rngState, live: stored.row.live },
          activeRunId: null,
        };
        this.cache.set(id, s);
        return s;
      })().finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    return pending;
  }

  async list(user: User): Promise<SessionView[]> {
    const rows = await this.store.sessions.list(user.role === 'instructor' ? undefined : user.name);
    return rows.map((row) => {
      const cached = this.cache.get(row.id);
      return cached ? this.view(cached) : this.viewRow(row, null);
    });
  }

  /** Rename, change live parameters, or replace the config (which rebuilds the network from the seed). */
  async patch(user: User, id: string, body: { name?: string | null; live?: Record<string, unknown>; config?: unknown; seed?: number }): Promise<Session> {
    const s = await this.get(user, id);
    if (body.config !== undefined || body.seed !== undefined) {
      if (s.activeRunId) throw errors.busy(id, s.activeRunId);
      const config = body.config !== undefined ? this.resolveConfig(s.model, body.config) : s.row.config;
      s.row.config = config;
      const live = body.live !== undefined ? this.validateLive(s.model, body.live, 'live') : {};
      const runtime = await this.build(s.row.kind, config, body.seed ?? s.row.seed);
      if (s.activeRunId) throw errors.busy(id, s.activeRunId);
      s.row.config = config;
      if (body.seed !== undefined) s.row.seed = body.seed;
      this.release(s.runtime.state);
      s.runtime = runtime;
      s.runtime.live = { ...s.runtime.live, ...live };
    } else if (body.live !== undefined) {
      s.runtime.live = { ...s.runtime.live, ...this.validateLive(s.model, body.live, 'live') };
    }
    if (body.name !== undefined) s.row.name = body.name;
    await this.persist(s, body.config !== undefined || body.seed !== undefined);
    return s;
  }

  validateLive(model: ModelDefinition, params: unknown, prefix: string): Record<string, unknown> {
    const schema = z.object({}).extend((engineLiveSchema as z.ZodObject).shape).extend((model.liveSchema as unknown as z.ZodObject).shape).strict();
    const parsed = schema.safeParse(params ?? {});
    if (!parsed.success) throw errors.validation(zodIssues(parsed.error.issues, prefix));
    return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  }

  async reset(user: User, id: string): Promise<Session> {
    const s = await this.get(user, id);
    if (s.activeRunId) throw errors.busy(id, s.activeRunId);
    const runtime = await this.build(s.row.kind, s.row.config, s.row.seed);
    if (s.activeRunId) throw errors.busy(id, s.activeRunId);
    this.release(s.runtime.state);
    s.runtime = runtime;
    await this.persist(s, true);
    return s;
  }

  async delete(user: User, id: string): Promise<Session> {
    const s = await this.get(user, id);
    await this.store.sessions.delete(id);
    this.cache.delete(id);
    this.release(s.runtime.state);
    return s;
  }

  /** Write the session (and its state when `withState`) to the store. */
  async persist(s: Session, withState: boolean): Promise<void> {
    s.row.step = s.runtime.step;
    s.row.t = s.runtime.t;
    s.row.rngState = s.runtime.rngState;
    s.row.live = s.runtime.live;
    s.row.updatedAt = new Date().toISOString();
    await this.store.sessions.update(s.row, withState ? encodeState(s.runtime.state) : undefined);
  }

  /** Persist every session in memory (shutdown). */
  async persistAll(): Promise<void> {
    for (const s of this.cache.values()) await this.persist(s, true);
  }

  loadedCount(): number {
    return this.cache.size;
  }

  observe(s: Session): Frame {
    return observeNow(s.model, s.row.config, s.runtime);
  }

  view(s: Session): SessionView {
    return this.viewRow(s.row, s.activeRunId, s.runtime);
  }

  private viewRow(row: SessionRow, activeRun: string | null, runtime?: Runtime): SessionView {
    const model = getModel(row.kind);
    return {
      id: row.id,
      name: row.name,
      model: row.kind,
      owner: row.owner,
      seed: row.seed,
      config: row.config,
      live: runtime?.live ?? row.live,
      step: runtime?.step ?? row.step,
      t: runtime?.t ?? row.t,
      timeUnit: model?.meta.timeUnit ?? 'ms',
      size: model ? model.size(row.config) : 0,
      activeRun,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }
}
