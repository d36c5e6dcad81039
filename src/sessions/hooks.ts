/**
 * What the session service consults but does not own: who may read a session (classes share sessions), whether a
 * user may build another network (quotas), and the runs layer's view of a session (a run pins it; a paused run's
 * cursor is persisted before it leaves memory). Higher layers implement these and inject them in
 * src/http/services.ts; the session service never imports them.
 */
import type { Runtime } from '../engine/simulator.js';
import type { User } from '../auth/tokens.js';

/** 'read': view, stream, download; 'control': run, reset, patch, delete, set knobs. */
export type SessionPurpose = 'read' | 'control';

export interface SessionAccess {
  /** May `user` read (view, stream, fork) this session? Its owner and instructors always may. */
  canRead(user: User, session: { id: string; owner: string }): Promise<boolean> | boolean;
}

export interface SessionAdmission {
  /** Throw (an AppError, e.g. 429) to refuse; called before anything is built or stored. */
  admit(user: User, request: { kind: string; units: number; op: 'create' | 'fork' | 'patch' | 'reset' }): Promise<void> | void;
}

/** The runs layer's hooks on residency (registered by the run service). */
export interface RunCoordination {
  /** True while a run of the session is queued, running or otherwise needs its state in memory. */
  pinned(sessionId: string): boolean;
  /** The session is about to leave memory with a paused run: persist what the run needs to resume. */
  beforeEvict?(sessionId: string): Promise<void>;
  /**
   * Wait for a step boundary of the session's active run and hold its next slice until `release` is called, so
   * its state can be read consistently (fork of a running session). Absent or null: the run cannot be held.
   */
  hold?(sessionId: string): Promise<(() => void) | null>;
}

/** Builds a runtime (weights and state) off the main thread: on the worker pool, scheduled for `owner`. */
export type BuildRuntime = (kind: string, config: unknown, seed: number, owner: string, signal?: AbortSignal) => Promise<Runtime>;

export const ownerOrInstructor: SessionAccess = {
  canRead: (user, s) => user.role === 'instructor' || user.name === s.owner,
};
