import { describe, expect, it } from 'vitest';
import { build, createSession, runAndWait } from '../helper.js';
import { rate } from '../../src/models/rate/rate.js';
import { createRuntime, runSimulation, runSpecSchema } from '../../src/engine/simulator.js';

const app = await build({ poolSize: 2 });
const config = { size: 300, inputs: 2, recurrent: { type: 'random', gain: 1.5, density: 0.5, zeroDiagonal: true, symmetric: false }, noise: 0.05 };
const run = { steps: 400, inputs: [{ type: 'noise', channel: 0, sd: 0.3 }, { type: 'sine', channel: 1, amplitude: 1, frequency: 20 }], record: ['activity'] };

async function npy(id: string, runId: string): Promise<Buffer> {
  return (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${runId}/recording?format=npy` })).rawPayload;
}

describe('reproducibility and parallelism', () => {
  it('the same kind, config, seed and inputs give bit-identical recordings, alone or in parallel on two threads', async () => {
    const ids = await Promise.all([1, 2, 3].map(() => createSession(app, { model: 'rate', config, seed: 77 })));
    const alone = await runAndWait(app, ids[0]!, run);
    const [p1, p2] = await Promise.all([runAndWait(app, ids[1]!, run), runAndWait(app, ids[2]!, run)]);
    const a = await npy(ids[0]!, alone.id);
    expect((await npy(ids[1]!, p1.id)).equals(a)).toBe(true);
    expect((await npy(ids[2]!, p2.id)).equals(a)).toBe(true);
    // …and identical to the same simulation in this thread, without the server.
    const c = rate.configSchema.parse(config);
    const rt = createRuntime(rate, c, 77);
    const local = runSimulation(rate, c, rt, runSpecSchema.parse(run));
    const json = (await app.inject({ method: 'GET', url: `/v1/sessions/${ids[0]}/runs/${alone.id}/recording` })).json();
    const flat = Float64Array.from((json.fields.activity as number[][]).flat());
    expect(Buffer.from(flat.buffer).equals(Buffer.from(local.recording.fields.activity!.data.buffer))).toBe(true);
    // A different seed gives a different network.
    const other = await createSession(app, { model: 'rate', config, seed: 78 });
    const o = await runAndWait(app, other, run);
    expect((await npy(other, o.id)).equals(a)).toBe(false);
  });

  it('two sessions run truly in parallel on different worker threads', async () => {
    const a = await createSession(app, { model: 'rate', preset: 'leaky-r0.9', seed: 1 });
    const b = await createSession(app, { model: 'rate', preset: 'leaky-r0.9', seed: 1 });
    const ra = (await app.inject({ method: 'POST', url: `/v1/sessions/${a}/runs`, payload: { steps: 300, fps: 100 } })).json();
    const rb = (await app.inject({ method: 'POST', url: `/v1/sessions/${b}/runs`, payload: { steps: 300, fps: 100 } })).json();
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const sa = (await app.inject({ method: 'GET', url: `/v1/sessions/${a}/runs/${ra.id}` })).json().status;
      const sb = (await app.inject({ method: 'GET', url: `/v1/sessions/${b}/runs/${rb.id}` })).json().status;
      seen.add(`${sa}/${sb}`);
      if (sa === 'done' && sb === 'done') break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen.has('running/running')).toBe(true);
    const threads = await Promise.all([
      app.inject({ method: 'GET', url: `/v1/sessions/${a}/runs/${ra.id}` }),
      app.inject({ method: 'GET', url: `/v1/sessions/${b}/runs/${rb.id}` }),
    ]);
    expect(threads.map((t) => t.json().status)).toEqual(['done', 'done']);
    expect(app.pool.threads.length).toBe(2);
  });
});
