import { describe, expect, it } from 'vitest';
import { build, createSession, runAndWait } from '../helper.js';

const app = await build({ maxSteps: 100_000 });

describe('esn over HTTP', () => {
  it('trains the Jaeger 2001 preset on Mackey-Glass, then a run continues free with NRMSE84 in its metrics', async () => {
    const id = await createSession(app, { model: 'esn', preset: 'jaeger2001-mackey-glass', seed: 1 });
    const res = await app.inject({
      method: 'POST',
      url: `/v1/sessions/${id}/train?wait=true`,
      payload: { task: 'mackey-glass', steps: 3000, washout: 1000, trials: 5, testWashout: 300, seed: 11 },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.metrics.nrmse84).toBeLessThan(1e-3);
    expect(body.curves.trialNrmse).toHaveLength(5);
    // the trained readout and the teacher-forced state persist in the session: the next run is the free prediction
    const run = await runAndWait(app, id, { steps: 100 });
    expect(run.metrics.trained).toBe(true);
    expect(run.metrics.nrmse84).toBeLessThan(1e-2);
    expect(run.metrics.r2).toBeGreaterThan(0.99);
  });

  it('memory capacity over HTTP: the readout grows to one output per delay, and runs then record that many', async () => {
    const id = await createSession(app, { model: 'esn', preset: 'linear-memory', seed: 2 });
    const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { task: 'memory', maxDelay: 40, steps: 4000, testSteps: 2000 } });
    expect(res.statusCode).toBe(200);
    expect(res.json().metrics.memoryCapacity).toBeGreaterThan(18);
    expect(res.json().curves.memoryFunction).toHaveLength(40);
    const run = await runAndWait(app, id, { steps: 10, record: ['output'], inputs: [{ type: 'noise', channel: 0, sd: 0.5 }] });
    const rec = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run.id}/recording?format=json` })).json();
    expect(rec.meta.widths.output).toBe(40);
    expect(rec.fields.output[0]).toHaveLength(40);
  });

  it('the echo-state check reports the property for ρ = 0.8 and its loss for ρ = 3', async () => {
    const check = async (rho: number) => {
      const id = await createSession(app, { model: 'esn', config: { size: 100, spectralRadius: rho, inputScaling: 0.1 }, seed: 3 });
      const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { task: 'echo-state', steps: 500 } });
      return res.json().metrics.echoStateProperty;
    };
    expect(await check(0.8)).toBe(true);
    expect(await check(3)).toBe(false);
  });

  it('refuses an unknown task and a config that cannot be driven, naming the field', async () => {
    const id = await createSession(app, { model: 'esn', seed: 4 });
    const bad = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { task: 'lorenz-96' } });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.statusCode).toBeLessThan(500);
    const cfg = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'esn', config: { inputs: 0, bias: 0, feedbackScaling: 0 } } });
    expect(cfg.statusCode).toBeGreaterThanOrEqual(400);
    expect(cfg.statusCode).toBeLessThan(500);
    expect(JSON.stringify(cfg.json())).toContain('inputs');
  });

  it('a task that does not fit the network is refused before it is queued, naming the fields', async () => {
    const id = await createSession(app, { model: 'esn', seed: 5 });
    const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { task: 'reverse' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ path: 'grid.channels' });
    expect(res.json().errors[0].message).toContain('config.inputs (1)');
  });
});
