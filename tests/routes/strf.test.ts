import { describe, expect, it } from 'vitest';
import { createSession, listen, runAndWait, StreamClient } from '../helper.js';

const { app, ws } = await listen();

describe('strf over HTTP', () => {
  it('a run records the spectrogram and the rates; its metrics give the mean rate', async () => {
    const id = await createSession(app, { model: 'strf', preset: 'machens2004-ripples', seed: 1 });
    const run = await runAndWait(app, id, { steps: 400, record: ['spectrogram', 'rate', 'spikes'] });
    expect(run.status).toBe('done');
    expect(run.metrics.meanRateHz).toBeGreaterThan(1);
    expect(run.metrics.unitMeanRateHz).toHaveLength(8);
    const rec = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run.id}/recording?format=json` })).json();
    expect(rec.fields.spectrogram).toHaveLength(400); // one sample per step, each a slice of 32 channels
    expect(rec.fields.spectrogram[0]).toHaveLength(32);
    expect(rec.fields.rate[399]).toHaveLength(8);
  });

  it('train maps the STRFs from ripple spikes and returns both images and their correlation', async () => {
    const id = await createSession(app, { model: 'strf', config: { channels: 16, lags: 12, units: 4 }, seed: 1 });
    const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { method: 'ridge', stimulus: { type: 'dynamicRipple', durationMs: 150_000 } } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.metrics.minCorrelation).toBeGreaterThan(0.9);
    expect(body.metrics.imageShape).toEqual([16, 12]);
    expect(body.curves['true.0']).toHaveLength(16 * 12);
    expect(body.curves['estimated.3']).toHaveLength(16 * 12);
  });

  it('frames stream the spectrogram slice and the population response', async () => {
    const id = await createSession(app, { model: 'strf', preset: 'speech-forward', seed: 2 });
    const c = new StreamClient(`${ws}/v1/sessions/${id}/stream?encoding=json`);
    await c.opened();
    await runAndWait(app, id, { steps: 60, frameEvery: 10 });
    await c.until(() => c.frames.some((f) => f.step === 60));
    const last = c.frames.find((f) => f.step === 60)!;
    expect((last.fields.spectrogram as ArrayLike<number>).length).toBe(32);
    expect((last.fields.rate as ArrayLike<number>).length).toBe(16);
    c.close();
  });

  it('an uploaded spectrogram of the wrong shape is refused naming the field', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'strf', config: { channels: 4, stimulus: { type: 'uploaded', data: [[1, 2, 3]] } } } });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().errors[0].path).toBe('config.stimulus.data');
  });
});
