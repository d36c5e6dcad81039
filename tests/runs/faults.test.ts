/**
 * A worker thread that dies — process.exit in the thread, its JavaScript heap exhausted — fails only the job whose
 * slice it was executing: that run fails and its session is rolled back to its last stored state (the run says so),
 * the other runs on the pool (whose slices may have been in the same batch) finish with the same bytes as alone,
 * the thread is replaced. An error thrown inside a step fails its run the same way without killing the thread.
 */
import { describe, expect, it } from 'vitest';
import { LOCAL_USER } from '../../src/auth/tokens.js';
import { build, createSession, runAndWait, waitForStatus } from '../helper.js';

// a small heap per thread so that running one out is quick
const app = await build({ poolSize: 2, faultInjection: true, workerHeapMb: 96 });

const config = { size: 50, inputs: 1, recurrent: { type: 'random', gain: 1.2, density: 0.5 }, noise: 0.05 };
const spec = { steps: 600, inputs: [{ type: 'noise', channel: 0, sd: 0.3 }], record: ['activity'] };

async function npy(id: string, runId: string): Promise<Buffer> {
  const res = await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${runId}/recording?format=npy` });
  expect(res.statusCode, res.body).toBe(200);
  return res.rawPayload;
}

function deaths(metrics: string): number {
  return Number(metrics.match(/rnnlab_worker_deaths_total (\d+)/)?.[1] ?? 0);
}

describe('faults in a worker', () => {
  it.each(['exit', 'oom'] as const)('a thread that dies (%s) mid-run fails only its run, rolls its session back, and is replaced', async (mode) => {
    const alone = await createSession(app, { model: 'rate', config, seed: 11 });
    const reference = await npy(alone, (await runAndWait(app, alone, spec)).id);
    const deathsBefore = deaths((await app.inject({ method: 'GET', url: '/metrics' })).body);

    // the victim has run 40 steps before (stored), then dies at step 90 of its next run
    const victim = await createSession(app, { model: 'rate', config, seed: 3 });
    await runAndWait(app, victim, { steps: 40 });
    const bystanders = await Promise.all([1, 2, 3, 4].map(() => createSession(app, { model: 'rate', config, seed: 11 })));
    const bystanderRuns = await Promise.all(
      bystanders.map(async (id) => (await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { ...spec, fps: 300 } })).json().id as string),
    );
    const run = await app.runs.startRun(LOCAL_USER, victim, { steps: 1000, inputs: [], recordEvery: 1, frameEvery: 1, fps: 500, wait: false }, { fault: { atStep: 90, mode } });
    const failed = await waitForStatus(app, victim, run.row.id, ['failed', 'done'], 60_000);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/worker thread running this run died/);
    expect(failed.error).toMatch(/rolled back to step 40/);
    expect(failed.events.at(-1)).toMatchObject({ type: 'failed', code: 'RNN_ERR_WORKER_DIED' });
    // the session is at its last consistent state, and usable
    expect((await app.inject({ method: 'GET', url: `/v1/sessions/${victim}/state` })).json().step).toBe(40);
    expect((await runAndWait(app, victim, { steps: 5 })).status).toBe('done');

    for (const [i, id] of bystanders.entries()) {
      const view = await waitForStatus(app, id, bystanderRuns[i]!, ['done', 'failed', 'cancelled'], 60_000);
      expect(view.status, view.error).toBe('done');
      expect((await npy(id, bystanderRuns[i]!)).equals(reference)).toBe(true);
    }
    expect(deaths((await app.inject({ method: 'GET', url: '/metrics' })).body)).toBe(deathsBefore + 1);
    expect(app.pool.threads.length).toBe(2);
  });

  it('an error thrown inside a step fails its run and rolls its session back; the thread lives on', async () => {
    const deathsBefore = deaths((await app.inject({ method: 'GET', url: '/metrics' })).body);
    const id = await createSession(app, { model: 'rate', config, seed: 5 });
    await runAndWait(app, id, { steps: 25 });
    const run = await app.runs.startRun(LOCAL_USER, id, { steps: 100, inputs: [], recordEvery: 1, frameEvery: 1, wait: false }, { fault: { atStep: 60, mode: 'throw' } });
    const failed = await waitForStatus(app, id, run.row.id, ['failed', 'done']);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/injected fault at step 60/);
    expect(failed.error).toMatch(/rolled back to step 25/);
    expect((await app.inject({ method: 'GET', url: `/v1/sessions/${id}/state` })).json().step).toBe(25);
    expect(deaths((await app.inject({ method: 'GET', url: '/metrics' })).body)).toBe(deathsBefore);
  });
});
