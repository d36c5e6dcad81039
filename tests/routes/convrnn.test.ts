import { describe, expect, it } from 'vitest';
import { createSession, listen, runAndWait, StreamClient, waitForStatus } from '../helper.js';

const { app, ws } = await listen();

describe('convrnn over HTTP', () => {
  it('the time-course preset: the feed-forward layer is at rest right after the offset, the recurrent ones are not', async () => {
    const id = await createSession(app, { model: 'convrnn', preset: 'time-course-T32', seed: 4 });
    const run = await runAndWait(app, id, { steps: 64, record: ['evoked', 'response'] });
    expect(run.status).toBe('done');
    expect(run.metrics.trials).toBe(2);
    const [ff, gated, lstm] = run.metrics.persistence1 as number[];
    expect(ff).toBe(0);
    expect(gated).toBeGreaterThan(0.1);
    expect(lstm).toBeGreaterThan(0.1);
    expect(run.metrics.timeCourse).toHaveLength(3 * 32);
    const rec = await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run.id}/recording?format=json` });
    expect(rec.statusCode).toBe(200);
    expect(rec.json().fields.evoked[0]).toHaveLength(3);
  });

  it('feature maps are streamed once switched on (PATCH live)', async () => {
    const id = await createSession(app, { model: 'convrnn', config: { imageSize: 12, timeSteps: 4 }, seed: 1 });
    const patch = await app.inject({ method: 'PATCH', url: `/v1/sessions/${id}`, payload: { live: { featureMaps: true } } });
    expect(patch.statusCode).toBe(200);
    const run = await runAndWait(app, id, { steps: 2, record: ['map0', 'map1'] });
    const rec = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run.id}/recording?format=json` })).json();
    // 12×12 image, layer 0: 8 channels pooled to 6×6; layer 1: 3×3.
    expect(rec.fields.map0[0]).toHaveLength(6 * 6 * 8);
    expect(rec.fields.map1[0]).toHaveLength(3 * 3 * 8);
  });

  it('train (wait) returns accuracy, parameter count and curves; an uploaded set of the wrong size is a 4xx', async () => {
    const id = await createSession(app, { model: 'convrnn', config: { imageSize: 12, timeSteps: 4, task: { type: 'curve-tracing', curveLength: 8 } }, seed: 2 });
    const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { epochs: 2, trainSize: 32, testSize: 16, batchSize: 16 } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.metrics).toMatchObject({ epochs: 2, cancelled: false, trainImages: 32, testImages: 16, backend: 'wasm' });
    expect(body.metrics.parameterCount).toBeGreaterThan(1000);
    expect(body.curves.loss).toHaveLength(2);
    const bad = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train`, payload: { epochs: 'many' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('epochs');
  });

  it('a long training streams loss over the socket and stops when cancelled', async () => {
    const id = await createSession(app, { model: 'convrnn', config: { imageSize: 12, timeSteps: 4 }, seed: 3 });
    const c = new StreamClient(`${ws}/v1/sessions/${id}/stream?encoding=json`);
    await c.opened();
    const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train`, payload: { epochs: 500, trainSize: 64, testSize: 8, batchSize: 8 } });
    expect(res.statusCode).toBeLessThan(300);
    const runId = res.json().id;
    await c.until(() => c.event('progress', (e) => typeof e.figures?.loss === 'number') !== undefined, 60_000);
    const cancel = await app.inject({ method: 'DELETE', url: `/v1/sessions/${id}/runs/${runId}` });
    expect(cancel.statusCode).toBe(200);
    const final = await waitForStatus(app, id, runId, ['cancelled'], 60_000);
    expect(final.status).toBe('cancelled');
    await c.until(() => c.event('run', (e) => e.status === 'cancelled') !== undefined);
    c.close();
    // The session stays usable with the partly trained weights.
    const run = await runAndWait(app, id, { steps: 4 });
    expect(run.status).toBe('done');
  }, 120_000);
});
