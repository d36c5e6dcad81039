import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, createSession, runAndWait } from '../helper.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rnnlab-persist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = { size: 200, inputs: 1, recurrent: { type: 'random', gain: 1.5, density: 1, zeroDiagonal: true, symmetric: false }, noise: 0.02 };
const inputs = [{ type: 'noise', channel: 0, sd: 0.5 }];

describe('persistence in SQLite', () => {
  it('sessions, state, live parameters and run records survive a restart; the run continues bit-identically', async () => {
    const first = await build({ dataDir: dir }, { autoClose: false });
    const id = await createSession(first, { model: 'rate', config, seed: 5, name: 'kept' });
    await first.inject({ method: 'PATCH', url: `/v1/sessions/${id}`, payload: { live: { noise: 0.03 } } });
    const run1 = await runAndWait(first, id, { steps: 150, inputs });
    const before = (await first.inject({ method: 'GET', url: `/v1/sessions/${id}/state` })).json();
    await first.close();

    const second = await build({ dataDir: dir });
    const s = (await second.inject({ method: 'GET', url: `/v1/sessions/${id}` })).json();
    expect(s).toMatchObject({ name: 'kept', step: 150, seed: 5, live: { noise: 0.03 } });
    const after = (await second.inject({ method: 'GET', url: `/v1/sessions/${id}/state` })).json();
    expect(after.fields.activity).toEqual(before.fields.activity);
    const old = (await second.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run1.id}` })).json();
    expect(old).toMatchObject({ status: 'done', stepsDone: 150, hasRecording: true });
    const run2 = await runAndWait(second, id, { steps: 100, inputs, record: ['activity'] });

    // Reference: one uninterrupted session on the same seed, 150 + 100 steps with the same live change.
    const ref = await createSession(second, { model: 'rate', config, seed: 5 });
    await second.inject({ method: 'PATCH', url: `/v1/sessions/${ref}`, payload: { live: { noise: 0.03 } } });
    await runAndWait(second, ref, { steps: 150, inputs });
    const refRun = await runAndWait(second, ref, { steps: 100, inputs, record: ['activity'] });
    const a = (await second.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run2.id}/recording?format=npy` })).rawPayload;
    const b = (await second.inject({ method: 'GET', url: `/v1/sessions/${ref}/runs/${refRun.id}/recording?format=npy` })).rawPayload;
    expect(a.equals(b)).toBe(true);
  });

  it('a run cut off by a shutdown is reported, not lost', async () => {
    const third = await build({ dataDir: dir }, { autoClose: false });
    const id = await createSession(third, { model: 'rate', preset: 'leaky-r0.9', seed: 1 });
    const res = await third.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: 1_000_000, fps: 50 } });
    const runId = res.json().id;
    await new Promise((r) => setTimeout(r, 300));
    await third.close(); // graceful: the run is stopped cleanly and the session persisted
    const fourth = await build({ dataDir: dir });
    const run = (await fourth.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${runId}` })).json();
    expect(run.status).toBe('cancelled');
    const state = (await fourth.inject({ method: 'GET', url: `/v1/sessions/${id}/state` })).json();
    expect(state.step).toBe(run.stepsDone);
  });
});
