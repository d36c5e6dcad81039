import { describe, expect, it } from 'vitest';
import { createSession, listen, runAndWait, StreamClient } from '../helper.js';

const { app, ws } = await listen({ maxSteps: 100_000 });

describe('integrator over HTTP', () => {
  it('the goldfish preset runs with drift < 1 °/s and its recording holds the eye position', async () => {
    const id = await createSession(app, { model: 'integrator', preset: 'goldfish-tuned', seed: 42 });
    const run = await runAndWait(app, id, { steps: 10_000, recordEvery: 5 });
    expect(run.status).toBe('done');
    expect(run.metrics.driftRate).toBeLessThan(1);
    expect(run.metrics.positionErrors).toHaveLength(5); // 4 saccades and a blink
    const rec = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run.id}/recording?format=json` })).json();
    expect(rec.fields.eyePosition).toHaveLength(2000);
    expect(rec.fields.rates[0]).toHaveLength(50);
  });

  it('PATCH live λ = 0.99: the fitted drift time constant is τ/(1−λ) = 10 s within 5%', async () => {
    const id = await createSession(app, { model: 'integrator', config: { initialPosition: 20 }, seed: 1 });
    const patched = await app.inject({ method: 'PATCH', url: `/v1/sessions/${id}`, payload: { live: { lambda: 0.99 } } });
    expect(patched.statusCode).toBe(200);
    const run = await runAndWait(app, id, { steps: 3000, recordEvery: 10 });
    expect(run.metrics.driftDirection).toBe('leak');
    expect(Math.abs(run.metrics.driftTimeConstant / 10_000 - 1)).toBeLessThan(0.05);
  });

  it('a live `set` over the socket (λ = 1.05) makes the eye run away', async () => {
    const id = await createSession(app, { model: 'integrator', config: { initialPosition: 5 }, seed: 1 });
    const client = new StreamClient(`${ws}/v1/sessions/${id}/stream`);
    await client.opened();
    client.send({ type: 'set', params: { lambda: 1.05 } });
    await client.until(() => client.events.some((e) => e.type !== 'hello'));
    const reply = client.events.find((e) => e.type !== 'hello')!;
    expect(reply.type).not.toBe('error');
    const run = await runAndWait(app, id, { steps: 1000, recordEvery: 10 });
    client.close();
    expect(run.metrics.driftDirection).toBe('runaway');
    expect(Math.abs(run.metrics.driftTimeConstant / 2000 - 1)).toBeLessThan(0.05);
  });

  it('a too-coarse dt is refused with the field named', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'integrator', config: { dt: 80 } } });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(JSON.stringify(res.json().errors)).toContain('dt');
  });
  it('GET /v1/models/integrator serves the schema, live knobs and every preset, each of which starts a session', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/models/integrator' });
    expect(res.statusCode).toBe(200);
    const body = JSON.stringify(res.json());
    for (const name of ['goldfish-tuned', 'recruitment-within-range', 'mistuned-leaky', 'mistuned-unstable', 'single-unit-r1-perfect', 'single-unit-r0.995-leaky', 'single-unit-r1.002-runaway']) {
      expect(body).toContain(name);
      await createSession(app, { model: 'integrator', preset: name, seed: 1 });
    }
    for (const knob of ['lambda', 'r', 'noise', 'velocity']) expect(body).toContain(knob);
  });
});
