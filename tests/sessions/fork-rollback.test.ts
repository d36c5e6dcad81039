/**
 * The fork and rollback primitives (classroom and core WPs build routes and fault handling on them), and access by
 * purpose: against the real app (worker threads, SQLite).
 */
import { describe, expect, it } from 'vitest';
import { build, createSession, runAndWait } from '../helper.js';
import { LOCAL_USER, type User } from '../../src/auth/tokens.js';

const app = await build({ poolSize: 2 });
const models: { kind: string }[] = (await app.inject({ method: 'GET', url: '/v1/models' })).json().models;

async function recording(id: string, runId: string): Promise<Buffer> {
  const res = await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${runId}/recording?format=npy` });
  expect(res.statusCode, res.body).toBe(200);
  return res.rawPayload;
}

/** Every typed array of a state, in walk order. */
function arraysOf(state: unknown, out: ArrayBufferView[] = []): ArrayBufferView[] {
  if (state && typeof state === 'object') {
    if (ArrayBuffer.isView(state)) out.push(state);
    else for (const v of Object.values(state)) arraysOf(v, out);
  }
  return out;
}

describe('fork', () => {
  it.each(models.map((m) => m.kind))('%s: the fork continues bit-identically to its source', async (kind) => {
    const src = await createSession(app, { model: kind, seed: 3 });
    await runAndWait(app, src, { steps: 7 });
    const fork = await app.sessions.fork(LOCAL_USER, src, { name: 'mine' });
    expect(app.sessions.view(fork)).toMatchObject({ model: kind, seed: 3, step: 7, owner: LOCAL_USER.name, name: 'mine' });
    // Had the fork shared the source's arrays or generator, the second run below would start where the first ended.
    const a = await runAndWait(app, src, { steps: 10 });
    const b = await runAndWait(app, fork.row.id, { steps: 10 });
    expect((await recording(fork.row.id, b.id)).equals(await recording(src, a.id))).toBe(true);
  });

  it('a running source is forked at a step boundary (the runs layer holds its run), and 404 for a stranger', async () => {
    const config = { size: 40, noise: 0.05 };
    const src = await createSession(app, { model: 'rate', config, seed: 1 });
    const started = await app.inject({ method: 'POST', url: `/v1/sessions/${src}/runs`, payload: { steps: 1_000_000, fps: 200 } });
    expect(started.statusCode).toBe(202);
    for (let i = 0; i < 500 && (await app.sessions.get(LOCAL_USER, src)).runtime.step < 5; i++) await new Promise((r) => setTimeout(r, 10));
    const fork = await app.sessions.fork(LOCAL_USER, src);
    const at = fork.runtime.step;
    expect(at).toBeGreaterThan(0);
    await app.inject({ method: 'DELETE', url: `/v1/sessions/${src}/runs/${started.json().id}` });
    // The fork is the source's state at one step boundary: the same seed run for `at` steps has the same state.
    const ref = await createSession(app, { model: 'rate', config, seed: 1 });
    await runAndWait(app, ref, { steps: at });
    const mine = (await app.inject({ method: 'GET', url: `/v1/sessions/${fork.row.id}/state` })).json();
    const theirs = (await app.inject({ method: 'GET', url: `/v1/sessions/${ref}/state` })).json();
    expect(mine.step).toBe(at);
    expect(mine.fields.activity).toEqual(theirs.fields.activity);
    await expect(app.sessions.fork({ name: 'eve', role: 'student' }, src)).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('rollback', () => {
  it('puts back the last persisted state, so the session continues as if the failed run never happened', async () => {
    const config = { size: 50, noise: 0.05 };
    const id = await createSession(app, { model: 'rate', config, seed: 9 });
    await runAndWait(app, id, { steps: 20 });
    const s = await app.sessions.get(LOCAL_USER, id);
    // What a killed worker leaves: arrays scribbled on, counters ahead.
    for (const arr of arraysOf(s.runtime.state)) new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength).fill(7);
    s.runtime.step += 46_000;
    s.runtime.rngState = s.runtime.rngState.map((x) => x ^ 1);
    expect(await app.sessions.rollback(id)).toBe(true);
    expect(s.runtime.step).toBe(20);
    const after = await runAndWait(app, id, { steps: 15, record: ['activity'] });

    const ref = await createSession(app, { model: 'rate', config, seed: 9 });
    await runAndWait(app, ref, { steps: 20 });
    const refRun = await runAndWait(app, ref, { steps: 15, record: ['activity'] });
    expect((await recording(id, after.id)).equals(await recording(ref, refRun.id))).toBe(true);
    expect(await app.sessions.rollback('no-such-session')).toBe(false);
  });
});

describe('access by purpose', () => {
  it('a reader the access policy admits may read (not control) a session; others still get 404', async () => {
    const alice: User = { name: 'alice', role: 'student' };
    const bob: User = { name: 'bob', role: 'student' };
    const eve: User = { name: 'eve', role: 'student' };
    const s = await app.sessions.create(alice, { model: 'rate', config: { size: 4 } });
    app.sessions.setAccess({ canRead: (user, target) => user.name === 'bob' && target.owner === 'alice' });
    try {
      expect((await app.sessions.get(bob, s.row.id, 'read')).row.id).toBe(s.row.id);
      await expect(app.sessions.get(bob, s.row.id)).rejects.toMatchObject({ statusCode: 403, code: 'RNN_ERR_FORBIDDEN' });
      await expect(app.sessions.get(eve, s.row.id, 'read')).rejects.toMatchObject({ statusCode: 404 });
      const forked = await app.sessions.fork(bob, s.row.id);
      expect(forked.row.owner).toBe('bob');
      expect((await app.sessions.get(bob, forked.row.id)).row.id).toBe(forked.row.id);
    } finally {
      app.sessions.setAccess({ canRead: (user, target) => user.role === 'instructor' || user.name === target.owner });
    }
  });

  it('the admission hook can refuse a create or a fork before anything is built', async () => {
    const src = await createSession(app, { model: 'rate', config: { size: 5 } });
    const seen: string[] = [];
    app.sessions.setAdmission({
      admit: (_user, req) => {
        seen.push(`${req.op}:${req.kind}:${req.units}`);
        if (req.units > 3) throw Object.assign(new Error('over quota'), { statusCode: 429 });
      },
    });
    try {
      const before = (await app.sessions.list(LOCAL_USER)).length;
      await expect(app.sessions.create(LOCAL_USER, { model: 'rate', config: { size: 4 } })).rejects.toMatchObject({ statusCode: 429 });
      await expect(app.sessions.fork(LOCAL_USER, src)).rejects.toMatchObject({ statusCode: 429 });
      expect((await app.sessions.list(LOCAL_USER)).length).toBe(before);
      expect(seen).toEqual(['create:rate:4', 'fork:rate:5']);
    } finally {
      app.sessions.setAdmission(null);
    }
  });
});
