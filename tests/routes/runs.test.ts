import { describe, expect, it } from 'vitest';
import { LOCAL_USER } from '../../src/auth/tokens.js';
import { build, createSession, runAndWait, waitForStatus } from '../helper.js';

const app = await build({ maxSteps: 100_000, faultInjection: true });
const leaky = { model: 'rate', preset: 'leaky-r0.9', seed: 3 };
const pulse = [{ type: 'pulse', channel: 0, onset: 0, duration: 1, amplitude: 1 }];

describe('runs', () => {
  it('wait=true returns the finished run with metrics; the state advanced', async () => {
    const id = await createSession(app, leaky);
    const run = await runAndWait(app, id, { steps: 30, inputs: pulse });
    expect(run).toMatchObject({ status: 'done', stepsDone: 30, stepsTotal: 30, progress: 1, hasRecording: true, type: 'run' });
    expect(run.metrics.finalNorm).toBeCloseTo(Math.pow(0.9, 29), 12);
    expect((await app.inject({ method: 'GET', url: `/v1/sessions/${id}/state` })).json().step).toBe(30);
  });

  it('202 with Location, then status by polling; listed under the session', async () => {
    const id = await createSession(app, leaky);
    const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: 10 } });
    expect(res.statusCode).toBe(202);
    const run = res.json();
    expect(['queued', 'running']).toContain(run.status);
    expect(res.headers.location).toBe(`/v1/sessions/${id}/runs/${run.id}`);
    const done = await waitForStatus(app, id, run.id, ['done']);
    expect(done.stepsDone).toBe(10);
    const list = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs` })).json().runs;
    expect(list.map((r: any) => r.id)).toContain(run.id);
  });

  it('400 naming the field for unknown record fields, a missing channel, bad inputs; 422 over the step limit', async () => {
    const id = await createSession(app, leaky);
    let res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: 5, record: ['activity', 'energy'] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('record.1');
    res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: 5, inputs: [{ type: 'constant', channel: 3, amplitude: 1 }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('inputs.0.channel');
    res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: 5, inputs: [{ type: 'pulse', onset: 1 }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.some((e: any) => e.path.startsWith('body.inputs.0'))).toBe(true);
    res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: 0 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body.steps');
    res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: 100_001 } });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('RNN_ERR_LIMIT');
    res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: 5, live: { r: 'x' } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('live.r');
  });

  it('one active run per session (409), cancel stops it cleanly, the session stays usable', async () => {
    const id = await createSession(app, leaky);
    const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: 100_000, fps: 50 } });
    const run = res.json();
    await waitForStatus(app, id, run.id, ['running']);
    const again = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: 5 } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'RNN_ERR_SESSION_BUSY', runId: run.id });
    expect((await app.inject({ method: 'POST', url: `/v1/sessions/${id}/reset` })).statusCode).toBe(409);
    // While it runs, /state shows the run's latest frame: step and fields advance together.
    await new Promise((r) => setTimeout(r, 300));
    const mid = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/state` })).json();
    expect(mid.step).toBeGreaterThan(0);
    expect(mid.activeRun).toBe(run.id);
    const cancel = await app.inject({ method: 'DELETE', url: `/v1/sessions/${id}/runs/${run.id}` });
    expect(cancel.statusCode).toBe(200);
    const final = await waitForStatus(app, id, run.id, ['cancelled']);
    const state = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/state` })).json();
    expect(state.step).toBe(final.stepsDone);
    expect(final.stepsDone).toBeLessThan(100_000);
    const next = await runAndWait(app, id, { steps: 3 });
    expect(next.status).toBe('done');
  });

  it('a worker that dies fails its run with a clear error; session and server stay usable', async () => {
    const id = await createSession(app, leaky);
    for (const mode of ['exit', 'throw'] as const) {
      const run = await app.runs.startRun(LOCAL_USER, id, { steps: 50, inputs: [], recordEvery: 1, frameEvery: 1, wait: false }, { fault: { atStep: 10, mode } });
      const failed = await waitForStatus(app, id, run.row.id, ['failed', 'done']);
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(mode === 'exit' ? /exit/i : /injected fault at step 10/);
    }
    const ok = await runAndWait(app, id, { steps: 5 });
    expect(ok.status).toBe('done');
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('the wall-time limit fails a run and keeps the steps it made', async () => {
    const limited = await build({ maxRunMs: 300, poolSize: 1 });
    const id = await createSession(limited, leaky);
    const run = await runAndWait(limited, id, { steps: 100_000, fps: 100 });
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/wall-time limit/);
    expect(run.stepsDone).toBeGreaterThan(0);
    expect((await limited.inject({ method: 'GET', url: `/v1/sessions/${id}/state` })).json().step).toBe(run.stepsDone);
    // a paced run whose next frame is 100 s away is not held past the limit either (it sleeps without a thread)
    const slow = await runAndWait(limited, id, { steps: 10, fps: 0.01, frameEvery: 1 });
    expect(slow.status).toBe('failed');
    expect(slow.error).toMatch(/wall-time limit/);
    expect(slow.stepsDone).toBe(1); // one frame, then asleep until the limit
  });

  /**
   * Fill a one-thread pool: a run whose slice stalls the thread (fault injection: a slice that will not be cut,
   * like a long synchronous training) until it is asked to yield. Resolves once the stall has begun.
   */
  async function occupy(tiny: typeof app): Promise<{ session: string; run: string }> {
    const session = await createSession(tiny, leaky);
    const run = await tiny.runs.startRun(LOCAL_USER, session, { steps: 100_000, inputs: [], recordEvery: 1, frameEvery: 1, wait: false }, { fault: { atStep: 2, mode: 'stall', ms: 60_000 } });
    const id = run.row.id;
    for (let i = 0; i < 3000 && !(run.row.stepsDone >= 2 && tiny.engine.executing(0) !== 0); i++) await new Promise((r) => setTimeout(r, 10));
    expect(tiny.engine.executing(0)).not.toBe(0);
    return { session, run: id };
  }

  it('503 with Retry-After when the queue is full (runs waiting for their first slice on a saturated pool)', async () => {
    const tiny = await build({ poolSize: 1, maxQueue: 1, faultInjection: true });
    const ids = [await createSession(tiny, leaky), await createSession(tiny, leaky)];
    const blocker = await occupy(tiny);
    const second = await tiny.inject({ method: 'POST', url: `/v1/sessions/${ids[0]}/runs`, payload: { steps: 5 } });
    expect(second.statusCode).toBe(202);
    expect(second.json().status).toBe('queued');
    const third = await tiny.inject({ method: 'POST', url: `/v1/sessions/${ids[1]}/runs`, payload: { steps: 5 } });
    expect(third.statusCode).toBe(503);
    expect(third.headers['retry-after']).toBeDefined();
    expect(third.json().code).toBe('RNN_ERR_QUEUE_FULL');
    expect((await tiny.inject({ method: 'GET', url: `/v1/sessions/${ids[1]}/runs` })).json().runs).toEqual([]);
    // The refused run left no trace: the session can run once there is room.
    await tiny.inject({ method: 'DELETE', url: `/v1/sessions/${blocker.session}/runs/${blocker.run}` });
    await waitForStatus(tiny, ids[0]!, second.json().id, ['done']);
    expect((await runAndWait(tiny, ids[1]!, { steps: 5 })).status).toBe('done');
  });

  it('cancelling a queued run means it never starts', async () => {
    const tiny = await build({ poolSize: 1, maxQueue: 4, faultInjection: true });
    const b = await createSession(tiny, leaky);
    const blocker = await occupy(tiny);
    const queued = (await tiny.inject({ method: 'POST', url: `/v1/sessions/${b}/runs`, payload: { steps: 5 } })).json();
    expect(queued.status).toBe('queued');
    const res = await tiny.inject({ method: 'DELETE', url: `/v1/sessions/${b}/runs/${queued.id}` });
    expect(res.json().status).toBe('cancelled');
    await tiny.inject({ method: 'DELETE', url: `/v1/sessions/${blocker.session}/runs/${blocker.run}` });
    await waitForStatus(tiny, blocker.session, blocker.run, ['cancelled']);
    const after = (await tiny.inject({ method: 'GET', url: `/v1/sessions/${b}/runs/${queued.id}` })).json();
    expect(after).toMatchObject({ status: 'cancelled', stepsDone: 0, startedAt: null, hasRecording: false });
    expect((await tiny.inject({ method: 'GET', url: `/v1/sessions/${b}/state` })).json().step).toBe(0);
  });

  it('train on a kind without training is a 409 problem', async () => {
    const id = await createSession(app, leaky);
    const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train`, payload: {} });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('RNN_ERR_NOT_TRAINABLE');
  });
});
