import { describe, expect, it } from 'vitest';
import { build, createSession, runAndWait } from '../helper.js';

const app = await build({ maxSteps: 100_000 });

describe('wta over HTTP', () => {
  it('the hard-WTA preset selects the largest input, at I_max', async () => {
    const id = await createSession(app, { model: 'wta', preset: 'hard-wta-beta1.5', seed: 1 });
    const run = await runAndWait(app, id, { steps: 2000, recordEvery: 20 });
    expect(run.metrics).toMatchObject({ winner: 4, winnerIsLargestInput: true, activeUnits: 1 });
    expect(run.metrics.winnerActivity).toBeCloseTo(1, 6);
    expect(run.metrics.settlingTime).toBeGreaterThan(0);
  });

  it('PATCH live drives: a rival wins only above β·I_winner (hysteresis of the max)', async () => {
    const id = await createSession(app, { model: 'wta', config: { size: 3, beta: 1.5, drive: { type: 'given', values: [1, 0.5, 0.2] } }, seed: 1 });
    await runAndWait(app, id, { steps: 1500 });
    await app.inject({ method: 'PATCH', url: `/v1/sessions/${id}`, payload: { live: { drives: [1, 1.2, 0.2] } } });
    expect((await runAndWait(app, id, { steps: 1500 })).metrics.winner).toBe(0);
    await app.inject({ method: 'PATCH', url: `/v1/sessions/${id}`, payload: { live: { drives: [1, 1.6, 0.2] } } });
    expect((await runAndWait(app, id, { steps: 2500 })).metrics.winner).toBe(1);
  });

  it('β < 1 keeps several units active; the soft WTA reports a χ² fit to the softmax', async () => {
    const weak = await createSession(app, { model: 'wta', preset: 'soft-competition-beta0.3', seed: 1 });
    expect((await runAndWait(app, weak, { steps: 2000, recordEvery: 20 })).metrics.activeUnits).toBeGreaterThan(1);
    const soft = await createSession(app, { model: 'wta', preset: 'soft-wta-kappel', seed: 7 });
    const run = await runAndWait(app, soft, { steps: 5000, record: ['winner'] });
    expect(run.metrics.spikes).toBe(5000);
    expect(run.metrics.pValue).toBeGreaterThan(0.001);
  });

  it('a drive vector of the wrong length is refused naming drive.values', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'wta', config: { size: 4, drive: { type: 'given', values: [1] } } } });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(JSON.stringify(res.json().errors)).toContain('drive');
  });
  it('GET /v1/models/wta serves the schema, live knobs and every preset, each of which starts a session', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/models/wta' });
    expect(res.statusCode).toBe(200);
    const body = JSON.stringify(res.json());
    for (const name of ['hard-wta-beta1.5', 'soft-competition-beta0.3', 'noisy-bump-dayan-abbott', 'inhibitory-population', 'soft-wta-kappel', 'moving-bump']) {
      expect(body).toContain(name);
      await createSession(app, { model: 'wta', preset: name, seed: 1 });
    }
    for (const knob of ['beta', 'temperature', 'drives', 'bumpCenter', 'bumpSpeed']) expect(body).toContain(knob);
  });
});
