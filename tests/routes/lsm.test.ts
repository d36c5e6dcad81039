import { describe, expect, it } from 'vitest';
import { createSession, listen, runAndWait, StreamClient } from '../helper.js';

const { app, ws } = await listen();

describe('lsm over HTTP', () => {
  it('trains the memory-task readouts through POST /train, then a run scores fresh trials in its metrics', async () => {
    const id = await createSession(app, { model: 'lsm', preset: 'maass2002-memory-dynamic', seed: 3 });
    const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { task: 'memory', trainTrials: 80, testTrials: 40 } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.metrics.testAccuracy).toHaveLength(4);
    expect(body.metrics.chance).toBe(0.5);
    // The most recent segment is recalled far above chance even with few training trials.
    expect(body.metrics.testAccuracy[3]).toBeGreaterThan(0.75);
    expect(body.curves.testAccuracyBySegment).toEqual(body.metrics.testAccuracy);
    // The trained readout persists: three 1 s trials, each scored at its end.
    const run = await runAndWait(app, id, { steps: 30_000, recordEvery: 100 });
    expect(run.metrics.trialsScored).toBe(3);
    expect(run.metrics.accuracyBySegment).toHaveLength(4);
  }, 300_000);

  it('GET /v1/models/lsm describes the kind: config schema with the paper\'s defaults, presets, fields', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/models/lsm' });
    expect(res.statusCode).toBe(200);
    const text = res.body;
    for (const name of ['maass2002-memory-dynamic', 'maass2002-memory-static', 'single-lif-constant-current', 'raster']) expect(text).toContain(name);
  });

  it('a bad shape is a validation error naming the field', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'lsm', config: { reset: 16 } } });
    expect([400, 422]).toContain(res.statusCode);
    expect(res.json().errors[0].path).toBe('config.reset');
    const bad = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'lsm', config: { inputs: 2, input: { type: 'spikeTimes', times: [[1, 2]] } } } });
    expect([400, 422]).toContain(bad.statusCode);
    expect(bad.json().errors[0].path).toBe('config.input.times');
  });

  it('PATCH backgroundCurrent above rheobase makes a silent LIF neuron fire at the analytic rate', async () => {
    const id = await createSession(app, { model: 'lsm', preset: 'single-lif-constant-current', config: { backgroundCurrent: 13.5 }, seed: 1 });
    const quiet = await runAndWait(app, id, { steps: 2000, record: ['spiked'] });
    const q = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${quiet.id}/recording?format=json` })).json();
    expect(q.fields.spiked.reduce((a: number, b: number) => a + b, 0)).toBe(0); // width 1: a plain series
    const patch = await app.inject({ method: 'PATCH', url: `/v1/sessions/${id}`, payload: { live: { backgroundCurrent: 20 } } });
    expect(patch.statusCode).toBeLessThan(300);
    const run = await runAndWait(app, id, { steps: 20_000, record: ['spiked'] });
    const rec = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run.id}/recording?format=json` })).json();
    const times: number[] = [];
    rec.fields.spiked.forEach((s: number, i: number) => s && times.push(rec.t[i]));
    const isi = (times.at(-1)! - times[0]!) / (times.length - 1);
    const analytic = 3 + 30 * Math.log((20 - 13.5) / (20 - 15));
    expect(isi).toBeGreaterThanOrEqual(analytic - 1e-9);
    expect(isi).toBeLessThan(analytic + 0.1 + 1e-9);
  }, 60_000);

  it('streams a spike raster: each frame lists the units that fired since the previous observation', async () => {
    const id = await createSession(app, { model: 'lsm', preset: 'poisson-liquid', config: { input: { type: 'poisson', rateHz: 200 } }, seed: 4 });
    const c = new StreamClient(`${ws}/v1/sessions/${id}/stream?encoding=json`);
    await c.opened();
    // Frames and recorded samples at the same steps (both observe); fps pacing so that no frame is dropped.
    const run = await runAndWait(app, id, { steps: 2000, frameEvery: 20, recordEvery: 20, fps: 400, record: ['spiked'] });
    await c.until(() => c.event('run', (e) => e.status === 'done') !== undefined);
    const rec = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run.id}/recording?format=json` })).json();
    const byStep = new Map<number, number[]>();
    rec.step.forEach((st: number, k: number) => byStep.set(st, rec.fields.spiked[k]));
    const frames = c.frames.filter((f) => byStep.has(f.step));
    expect(frames.length).toBe(100);
    let spikes = 0;
    for (const f of frames) {
      const raster = Array.from(f.fields.raster as ArrayLike<number>);
      const row = byStep.get(f.step)!;
      expect(raster).toEqual(row.flatMap((x, i) => (x ? [i] : [])));
      spikes += raster.length;
      expect(f.fields.v).toBeUndefined(); // potentials only on request
    }
    expect(spikes).toBeGreaterThan(20);
    c.close();
  }, 60_000);
});
