import { describe, expect, it } from 'vitest';
import { createSession, listen, runAndWait, StreamClient } from '../helper.js';

const { app, ws } = await listen({ maxSteps: 100_000 });

describe('force over HTTP', () => {
  it('train learns every joint of a walk; the next run tests the trained network', async () => {
    const id = await createSession(app, { model: 'force', config: { size: 300, warmupTime: 20, trainTime: 1000, target: { type: 'walk', period: 80 } }, seed: 1 });
    const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { testTime: 160 } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.metrics.perOutputTestMAE).toHaveLength(6);
    for (const e of body.metrics.perOutputTestMAE) expect(e).toBeLessThan(0.05);
    expect(body.metrics.chaotic).not.toBeNull();
    expect(body.curves.trainMAEPerPeriod.length).toBeGreaterThanOrEqual(12);
    // After a train call the schedule is over: the run is a test of the frozen weights.
    const run = await runAndWait(app, id, { steps: 800, recordEvery: 4 });
    expect(run.metrics.trainSamples).toBe(0);
    expect(run.metrics.testMAE).toBeLessThan(0.1);
    const rec = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run.id}/recording?format=json` })).json();
    expect(rec.fields.output.width ?? rec.fields.output[0].length).toBe(6);
  }, 120_000);

  it('learning off (PATCH) freezes w through the training window; a socket `set` switches it back on', async () => {
    const id = await createSession(app, { model: 'force', config: { size: 60, warmupTime: 5, trainTime: 50 }, seed: 2 });
    const patched = await app.inject({ method: 'PATCH', url: `/v1/sessions/${id}`, payload: { live: { learning: false } } });
    expect(patched.statusCode).toBe(200);
    const frozen = await runAndWait(app, id, { steps: 300 });
    expect(frozen.metrics.updates).toBe(0);
    expect(frozen.metrics.trainSamples).toBe(0);
    const client = new StreamClient(`${ws}/v1/sessions/${id}/stream`);
    await client.opened();
    client.send({ type: 'set', params: { learning: true } });
    await client.until(() => client.events.some((e) => e.type !== 'hello'));
    expect(client.events.find((e) => e.type !== 'hello')!.type).not.toBe('error');
    client.close();
    const learning = await runAndWait(app, id, { steps: 100 });
    expect(learning.metrics.updates).toBe(50);
    expect(learning.metrics.trainSamples).toBe(100);
  }, 60_000);

  it('refuses a sequence whose points have different widths, naming the point', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'force', config: { target: { type: 'sequence', values: [[0, 1], [1]] } } } });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(JSON.stringify(res.json().errors)).toContain('target.values.1');
  });
});
