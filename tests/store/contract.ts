/**
 * The store contract, run against every back end: `describeStoreContract('sqlite', open)` here, and the cluster's
 * PostgreSQL store with its own `open` (a fresh, empty database each call). Each test opens its own store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ExperimentRow, ResultRow, RunRow, SessionRow, Store } from '../../src/store/store.js';

export interface StoreFactory {
  /** A new store on an empty database. */
  open(): Promise<Store>;
  /** The same database opened again (a restart), when the back end can. */
  reopen?(): Promise<Store>;
}

export function sessionRow(over: Partial<SessionRow> = {}): SessionRow {
  const now = new Date().toISOString();
  return {
    id: `s-${Math.random().toString(36).slice(2)}`,
    owner: 'ada',
    name: null,
    kind: 'rate',
    config: { size: 3, nested: { a: [1, 2] } },
    seed: 42,
    live: { noise: 0.1 },
    step: 0,
    t: 0,
    rngState: [1, 2, 3, 4],
    createdAt: now,
    updatedAt: now,
    ...over,
  };
}

export function runRow(sessionId: string, over: Partial<RunRow> = {}): RunRow {
  return {
    id: `r-${Math.random().toString(36).slice(2)}`,
    sessionId,
    owner: 'ada',
    type: 'run',
    status: 'queued',
    request: { steps: 10 },
    stepsDone: 0,
    stepsTotal: 10,
    metrics: null,
    curves: null,
    error: null,
    createdAt: new Date().toISOString(),
    startedAt: null,
    finishedAt: null,
    hasRecording: false,
    events: [],
    ...over,
  };
}

function bytes(n: number, salt = 1): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + salt) & 0xff;
  return b;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

export function describeStoreContract(backend: string, factory: StoreFactory): void {
  describe(`store contract: ${backend}`, () => {
    const opened: Store[] = [];
    const open = async (again = false) => {
      const s = again && factory.reopen ? await factory.reopen() : await factory.open();
      opened.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });

    it('stores a session with its state and gives both back exactly', async () => {
      const store = await open();
      const row = sessionRow({ name: 'kept', t: 0.1 + 0.2, live: { noise: 1e-300, gain: -2.5e-7 } });
      const state = bytes(3 * 1024 * 1024 + 5);
      await store.sessions.insert(row, state);
      const got = await store.sessions.load(row.id);
      expect(got?.row).toEqual(row);
      expect(sameBytes(got?.state, state)).toBe(true);
      expect(await store.sessions.get(row.id)).toEqual(row);
      expect(await store.sessions.get('nope')).toBeUndefined();
      expect(await store.sessions.load('nope')).toBeUndefined();
    });

    it('updates the row without touching the state unless given; the seed and config too', async () => {
      const store = await open();
      const row = sessionRow();
      const state = bytes(1000);
      await store.sessions.insert(row, state);
      const changed = { ...row, name: 'renamed', seed: 7, config: { size: 4 }, step: 150, t: 15, rngState: [9, 8, 7, 6], live: { noise: 0.2 }, updatedAt: new Date().toISOString() };
      await store.sessions.update(changed);
      let got = await store.sessions.load(row.id);
      expect(got?.row).toEqual(changed);
      expect(sameBytes(got?.state, state)).toBe(true);
      const next = bytes(2000, 9);
      await store.sessions.update(changed, next);
      got = await store.sessions.load(row.id);
      expect(sameBytes(got?.state, next)).toBe(true);
    });

    it('refuses a second session with the same id and keeps the first whole', async () => {
      const store = await open();
      const row = sessionRow();
      const state = bytes(100);
      await store.sessions.insert(row, state);
      await expect(store.sessions.insert({ ...row, name: 'other' }, bytes(50, 3))).rejects.toThrow();
      const got = await store.sessions.load(row.id);
      expect(got?.row.name).toBeNull();
      expect(sameBytes(got?.state, state)).toBe(true);
      expect(await store.sessions.count()).toBe(1);
    });

    it('lists and counts per owner, oldest first', async () => {
      const store = await open();
      const t0 = Date.parse('2026-01-01T00:00:00Z');
      const at = (k: number) => new Date(t0 + k * 1000).toISOString();
      const b1 = sessionRow({ owner: 'bob', createdAt: at(2) });
      const a1 = sessionRow({ owner: 'ada', createdAt: at(3) });
      const b0 = sessionRow({ owner: 'bob', createdAt: at(1) });
      for (const r of [b1, a1, b0]) await store.sessions.insert(r, bytes(10));
      expect((await store.sessions.list('bob')).map((r) => r.id)).toEqual([b0.id, b1.id]);
      expect((await store.sessions.list()).map((r) => r.id)).toEqual([b0.id, b1.id, a1.id]);
      expect(await store.sessions.count('bob')).toBe(2);
      expect(await store.sessions.count('ada')).toBe(1);
      expect(await store.sessions.count('eve')).toBe(0);
      expect(await store.sessions.count()).toBe(3);
    });

    it('deleting a session deletes its runs and recordings', async () => {
      const store = await open();
      const s = sessionRow();
      await store.sessions.insert(s, bytes(10));
      const r = runRow(s.id);
      await store.runs.insert(r);
      await store.runs.update({ ...r, status: 'done', hasRecording: true }, bytes(500));
      await store.sessions.delete(s.id);
      expect(await store.sessions.get(s.id)).toBeUndefined();
      expect(await store.runs.get(r.id)).toBeUndefined();
      expect(await store.runs.recording(r.id)).toBeUndefined();
      expect(await store.runs.list(s.id)).toEqual([]);
    });

    it('keeps runs with status, results and recording; fails the unfinished ones', async () => {
      const store = await open();
      const s = sessionRow();
      await store.sessions.insert(s, bytes(10));
      const queued = runRow(s.id, { createdAt: '2026-01-01T00:00:01.000Z' });
      const done = runRow(s.id, { createdAt: '2026-01-01T00:00:02.000Z', type: 'train' });
      await store.runs.insert(queued);
      await store.runs.insert(done);
      expect(await store.runs.get(queued.id)).toEqual(queued);
      const finished: RunRow = { ...done, status: 'done', stepsDone: 10, metrics: { loss: 0.5, nested: [1, { x: null }] }, curves: { loss: [3, 2, 1] }, startedAt: '2026-01-01T00:00:03.000Z', finishedAt: '2026-01-01T00:00:04.000Z', hasRecording: true, events: [{ step: 3, type: 'set', params: { gain: 2 } }, { step: 5, type: 'pause' }] };
      const rec = bytes(70_000, 4);
      await store.runs.update(finished, rec);
      expect(await store.runs.get(done.id)).toEqual(finished);
      expect(sameBytes(await store.runs.recording(done.id), rec)).toBe(true);
      expect(await store.runs.recording(queued.id)).toBeUndefined();
      // A later update without a recording keeps it.
      await store.runs.update({ ...finished, error: 'note' });
      expect(sameBytes(await store.runs.recording(done.id), rec)).toBe(true);
      expect((await store.runs.list(s.id)).map((r) => r.id)).toEqual([queued.id, done.id]);
      expect(await store.runs.failUnfinished('stopped')).toBe(1);
      const failed = await store.runs.get(queued.id);
      expect(failed).toMatchObject({ status: 'failed', error: 'stopped' });
      expect(failed?.finishedAt).not.toBeNull();
      expect((await store.runs.get(done.id))?.status).toBe('done');
      await store.runs.delete(queued.id);
      expect(await store.runs.get(queued.id)).toBeUndefined();
    });

    it('refuses a run of a session that does not exist', async () => {
      const store = await open();
      await expect(store.runs.insert(runRow('missing'))).rejects.toThrow();
    });

    it('keeps experiments and their rows; counts, todo, cancel and delete', async () => {
      const store = await open();
      const e: ExperimentRow = {
        id: 'e1',
        owner: 'ada',
        name: 'sweep',
        kind: 'rate',
        request: { grid: { g: [1, 2, 3] } },
        status: 'running',
        total: 4,
        versions: { rnnlab: '0.1.0' },
        error: null,
        createdAt: '2026-01-01T00:00:00.000Z',
        finishedAt: null,
      };
      const rows: ResultRow[] = [0, 1, 2, 3].map((i) => ({ index: i, params: { g: i }, seed: 100 + i, status: 'pending', metrics: null, error: null, ms: null }));
      await store.experiments.insert(e, rows);
      expect(await store.experiments.get('e1')).toEqual(e);
      expect(await store.experiments.list('ada')).toEqual([e]);
      expect(await store.experiments.list('bob')).toEqual([]);
      expect(await store.experiments.unfinished()).toEqual([e]);
      await store.experiments.setRow('e1', 0, 'done', { m: 1.5 }, null, 12.5);
      await store.experiments.setRow('e1', 1, 'running');
      await store.experiments.setRow('e1', 2, 'failed', null, 'bad', null);
      expect(await store.experiments.todo('e1')).toEqual([1, 3]);
      expect(await store.experiments.counts('e1')).toEqual({ pending: 1, running: 1, done: 1, failed: 1, cancelled: 0 });
      expect((await store.experiments.rows('e1', ['done']))).toEqual([{ ...rows[0], status: 'done', metrics: { m: 1.5 }, ms: 12.5 }]);
      expect((await store.experiments.rows('e1')).map((r) => r.status)).toEqual(['done', 'running', 'failed', 'pending']);
      expect(await store.experiments.cancelPending('e1')).toBe(1);
      await store.experiments.setStatus('e1', 'cancelled');
      const got = await store.experiments.get('e1');
      expect(got?.status).toBe('cancelled');
      expect(got?.finishedAt).not.toBeNull();
      expect(await store.experiments.unfinished()).toEqual([]);
      await store.experiments.delete('e1');
      expect(await store.experiments.get('e1')).toBeUndefined();
      expect(await store.experiments.rows('e1')).toEqual([]);
    });

    it('an experiment whose rows cannot all be written is not stored at all', async () => {
      const store = await open();
      const e: ExperimentRow = { id: 'e2', owner: 'ada', name: null, kind: 'rate', request: {}, status: 'running', total: 2, versions: {}, error: null, createdAt: '2026-01-01T00:00:00.000Z', finishedAt: null };
      const row: ResultRow = { index: 0, params: {}, seed: 1, status: 'pending', metrics: null, error: null, ms: null };
      await expect(store.experiments.insert(e, [row, row])).rejects.toThrow();
      expect(await store.experiments.get('e2')).toBeUndefined();
      expect(await store.experiments.rows('e2')).toEqual([]);
    });

    if (factory.reopen) {
      it('everything written is there after a reopen', async () => {
        const first = await open();
        const s = sessionRow();
        const state = bytes(2 * 1024 * 1024, 7);
        await first.sessions.insert(s, state);
        const r = runRow(s.id, { status: 'done', hasRecording: true });
        await first.runs.insert(r);
        await first.runs.update(r, bytes(1000, 2));
        await first.close();
        expect(first.isOpen()).toBe(false);
        const second = await open(true);
        expect(second.isOpen()).toBe(true);
        const got = await second.sessions.load(s.id);
        expect(got?.row).toEqual(s);
        expect(sameBytes(got?.state, state)).toBe(true);
        expect(sameBytes(await second.runs.recording(r.id), bytes(1000, 2))).toBe(true);
      });
    }
  });
}
