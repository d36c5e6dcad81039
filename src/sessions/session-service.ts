/**
 * Sessions: a model kind with a resolved config, a seed and a runtime (state in shared memory, step, time, RNG
 * state, live parameters). Created, configured, reset, forked and deleted here; persisted in the store; brought
 * into memory on use (every method that returns a Session is async: it may have to load it).
 *
 * Access: a session's owner and instructors may do anything with it; a user the injected `SessionAccess` lets read
 * it (a class member of a shared session) may read it and gets 403 for control; anyone else gets 404.
 */
import { randomUUID } from 'node:crypto';
import type { ModelDefinition } from '../models/contract.js';
import { getModel } from '../models/index.js';
import { observeNow, type Frame, type Runtime } from '../engine/simulator.js';
import { sharedAlloc } from '../engine/alloc.js';
import { drawSeed } from '../engine/random/rng.js';
import { errors } from '../errors.js';
import { decodeState, encodeState } from '../store/state-codec.js';
import type { SessionRow, Store } from '../store/store.js';
import { canAccess, type User } from '../auth/tokens.js';
import type { Settings } from '../config.js';
import { ownerOrInstructor, type BuildRuntime, type RunCoordination, type SessionAccess, type SessionAdmission, type SessionPurpose } from './hooks.js';
import { requestedConfig, resolveConfig, resolveModel, validateLive } from './session-config.js';
import { cloneState } from './state-clone.js';
import { sessionView, type SessionView } from './session-view.js';

export type { SessionView } from './session-view.js';
export type { SessionPurpose } from './hooks.js';

export interface Session {
  row: SessionRow;
  model: ModelDefinition;
  runtime: Runtime;
  /** The run or training now queued or running on this session, if any. */
  activeRunId: string | null;
}

export interface SessionServiceOptions {
  store: Store;
  settings: Settings;
  /** Builds a runtime (weights and state) — on the worker pool in the server, so big networks never block it. */
  build: BuildRuntime;
  /** Returns a discarded state's memory; called only once no run uses the state. */
  release?: (state: unknown) => void;
  access?: SessionAccess;
  admission?: SessionAdmission;
}

export class SessionService {
  private readonly cache = new Map<string, Session>();
  /** Loads from the store in flight, so two requests for one session share one load (one copy of its state). */
  private readonly loading = new Map<string, Promise<Session | undefined>>();
  private readonly store: Store;
  private readonly settings: Settings;
  private readonly build: BuildRuntime;
  private readonly release: (state: unknown) => void;
  private access: SessionAccess;
  private admission: SessionAdmission | null;
  private runs: RunCoordination = { pinned: () => false };

  constructor(opts: SessionServiceOptions) {
    this.store = opts.store;
    this.settings = opts.settings;
    this.build = opts.build;
    this.release = opts.release ?? (() => {});
    this.access = opts.access ?? ownerOrInstructor;
    this.admission = opts.admission ?? null;
  }

  /** Injected by higher layers (src/http/services.ts): class sharing, quotas, the runs layer's residency hooks. */
  setAccess(access: SessionAccess): void {
    this.access = access;
  }

  setAdmission(admission: SessionAdmission | null): void {
    this.admission = admission;
  }

  setRunCoordination(runs: RunCoordination): void {
    this.runs = runs;
  }

  resolveModel(kind: string): ModelDefinition {
    return resolveModel(kind);
  }

  /** Validate a config against the kind's schema and the server's limits; returns the resolved config. */
  resolveConfig(model: ModelDefinition, config: unknown, pathPrefix = 'config'): unknown {
    return resolveConfig(this.settings, model, config, pathPrefix);
  }

  validateLive(model: ModelDefinition, params: unknown, prefix: string): Record<string, unknown> {
    return validateLive(model, params, prefix);
  }

  async create(user: User, body: { model: string; config?: unknown; seed?: number; name?: string; preset?: string }): Promise<Session> {
    const model = this.resolveModel(body.model);
    const config = this.resolveConfig(model, requestedConfig(model, body.preset, body.config));
    await this.admission?.admit(user, { kind: model.meta.kind, units: model.size(config), op: 'create' });
    const count = await this.store.sessions.count(user.role === 'instructor' ? undefined : user.name);
    if (count >= this.settings.maxSessions) throw errors.limit('number of sessions', count + 1, this.settings.maxSessions, 'sessions');
    const seed = body.seed ?? drawSeed();
    const runtime = await this.build(model.meta.kind, config, seed, user.name);
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

  /**
   * The session, if `user` may use it for `purpose`: 404 when it does not exist or `user` may not even read it
   * (also for another student's session), 403 when `user` may read it but asks for control.
   */
  async get(user: User, id: string, purpose: SessionPurpose = 'control'): Promise<Session> {
    const s = this.cache.get(id) ?? (await this.load(id));
    if (!s) throw errors.notFound('session', id);
    if (canAccess(user, s.row.owner)) return s;
    if (!(await this.access.canRead(user, { id, owner: s.row.owner }))) throw errors.notFound('session', id);
    if (purpose === 'control') throw errors.forbidden(`session "${id}" is shared with you to read and fork; only its owner controls it`);
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
        const s: Session = { row: stored.row, model, runtime: runtimeOf(stored.row, stored.state), activeRunId: null };
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
      return cached ? this.view(cached) : sessionView(row, null);
    });
  }

  /** Rename, change live parameters, or replace the config (which rebuilds the network from the seed). */
  async patch(user: User, id: string, body: { name?: string | null; live?: Record<string, unknown>; config?: unknown; seed?: number }): Promise<Session> {
    const s = await this.get(user, id);
    if (body.config !== undefined || body.seed !== undefined) {
      if (s.activeRunId) throw errors.busy(id, s.activeRunId);
      const config = body.config !== undefined ? this.resolveConfig(s.model, body.config) : s.row.config;
      const live = body.live !== undefined ? this.validateLive(s.model, body.live, 'live') : {};
      await this.admission?.admit(user, { kind: s.row.kind, units: s.model.size(config), op: 'patch' });
      const runtime = await this.build(s.row.kind, config, body.seed ?? s.row.seed, user.name);
      if (s.activeRunId) {
        this.release(runtime.state);
        throw errors.busy(id, s.activeRunId);
      }
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

  async reset(user: User, id: string): Promise<Session> {
    const s = await this.get(user, id);
    if (s.activeRunId) throw errors.busy(id, s.activeRunId);
    await this.admission?.admit(user, { kind: s.row.kind, units: s.model.size(s.row.config), op: 'reset' });
    const runtime = await this.build(s.row.kind, s.row.config, s.row.seed, user.name);
    if (s.activeRunId) {
      this.release(runtime.state);
      throw errors.busy(id, s.activeRunId);
    }
    this.release(s.runtime.state);
    s.runtime = runtime;
    await this.persist(s, true);
    return s;
  }

  /**
   * A new session owned by `user` with the source's config, seed, trained weights, current state, step, time, RNG
   * state and live parameters: it continues bit-identically to the source. `user` must be able to read the source.
   * A source with an active run is copied at a step boundary (the runs layer holds it) or refused with 409.
   */
  async fork(user: User, id: string, body: { name?: string } = {}): Promise<Session> {
    const src = await this.get(user, id, 'read');
    await this.admission?.admit(user, { kind: src.row.kind, units: src.model.size(src.row.config), op: 'fork' });
    const count = await this.store.sessions.count(user.role === 'instructor' ? undefined : user.name);
    if (count >= this.settings.maxSessions) throw errors.limit('number of sessions', count + 1, this.settings.maxSessions, 'sessions');
    let release: (() => void) | null = null;
    if (src.activeRunId) {
      release = (await this.runs.hold?.(src.row.id)) ?? null;
      if (!release && src.activeRunId) throw errors.busy(id, src.activeRunId);
    }
    let runtime: Runtime;
    try {
      // Copied at once (no await between the reads): one consistent instant of the source.
      const r = src.runtime;
      runtime = { state: cloneState(r.state, sharedAlloc), step: r.step, t: r.t, rngState: [...r.rngState], live: structuredClone(r.live) };
    } finally {
      release?.();
    }
    const now = new Date().toISOString();
    const row: SessionRow = {
      id: randomUUID(),
      owner: user.name,
      name: body.name ?? src.row.name,
      kind: src.row.kind,
      config: structuredClone(src.row.config),
      seed: src.row.seed,
      live: runtime.live,
      step: runtime.step,
      t: runtime.t,
      rngState: runtime.rngState,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.store.sessions.insert(row, encodeState(runtime.state));
    } catch (err) {
      this.release(runtime.state);
      throw err;
    }
    const session: Session = { row, model: src.model, runtime, activeRunId: null };
    this.cache.set(row.id, session);
    return session;
  }

  /**
   * Back to the last persisted state (after a failed run left the arrays ahead of the step counter, say): the
   * session object is kept, its runtime replaced by the stored one and the discarded arrays released. Call only
   * when nothing runs on it. Returns false when the session is not stored (deleted meanwhile).
   */
  async rollback(id: string): Promise<boolean> {
    const stored = await this.store.sessions.load(id);
    const s = this.cache.get(id);
    if (!stored) return false;
    if (!s) return true; // not in memory: the next use loads the stored state
    const old = s.runtime;
    s.row = stored.row;
    s.runtime = runtimeOf(stored.row, stored.state);
    this.release(old.state);
    return true;
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
    return sessionView(s.row, s.activeRunId, s.runtime);
  }
}

function runtimeOf(row: SessionRow, state: Uint8Array): Runtime {
  return { state: decodeState(state), step: row.step, t: row.t, rngState: row.rngState, live: row.live };
}
