import { describe, expect, it } from 'vitest';
import { build, createSession, runAndWait } from '../helper.js';

const app = await build();

describe('boltzmann over HTTP', () => {
  it('trains an RBM on 3×3 bars-and-stripes (exact log-likelihood curve), then draws mostly valid samples', async () => {
    const id = await createSession(app, { model: 'boltzmann', preset: 'bars-and-stripes-rbm', seed: 5 });
    const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { epochs: 400 } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.curves.logLikelihood).toHaveLength(400);
    expect(body.metrics.finalLogLikelihood).toBeGreaterThan(body.metrics.initialLogLikelihood + 1.5);
    expect(body.metrics.validSampleFraction).toBeGreaterThan(0.6);
    const s = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { mode: 'sample', samples: 100 } });
    expect(s.json().metrics.samples).toHaveLength(900);
    expect(s.json().metrics.validSampleFraction).toBeGreaterThan(0.6);
    // The trained weights persist in the session: a plain run samples valid patterns too.
    const run = await runAndWait(app, id, { steps: 300, record: ['visible'] });
    expect(run.metrics.validSampleFraction).toBeGreaterThan(0.5);
    expect(run.metrics.exactLogLikelihood).toBeCloseTo(body.metrics.finalLogLikelihood, 10);
  });

  it('T is live: PATCH temperature 0 freezes the machine in a Hopfield fixed point', async () => {
    const id = await createSession(app, { model: 'boltzmann', config: { visible: 30, units: 'pm1', weights: { type: 'random', sd: 0.3 }, data: { type: 'explicit', patterns: [new Array(30).fill(0)] } }, seed: 2 });
    await runAndWait(app, id, { steps: 20 });
    const patch = await app.inject({ method: 'PATCH', url: `/v1/sessions/${id}`, payload: { live: { temperature: 0 } } });
    expect(patch.statusCode).toBeLessThan(300);
    const run = await runAndWait(app, id, { steps: 40, record: ['temperature', 'changed'] });
    const rec = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run.id}/recording?format=json` })).json();
    expect((rec.fields.temperature as number[]).flat().every((t) => t === 0)).toBe(true);
    expect((rec.fields.changed as number[]).flat().at(-1)).toBe(0);
  });

  it('the Gibbs preset reports its distance to the exact distribution; the model page lists the train schema', async () => {
    const id = await createSession(app, { model: 'boltzmann', preset: 'gibbs-10-units', seed: 5 });
    const run = await runAndWait(app, id, { steps: 20_000, record: ['state'] });
    expect(run.metrics.gibbsTotalVariation).toBeLessThan((1.5 * 9.5) / Math.sqrt(20_000));
    const page = await app.inject({ method: 'GET', url: '/v1/models/boltzmann' });
    expect(page.statusCode).toBe(200);
    expect(JSON.stringify(page.json().trainSchema)).toContain('negativePhase');
  });
});
