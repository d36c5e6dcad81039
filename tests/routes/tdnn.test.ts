import { describe, expect, it } from 'vitest';
import { build, createSession, runAndWait } from '../helper.js';

const app = await build();

describe('tdnn over HTTP', () => {
  it('trains forward-vs-reversed: a short window stays near chance, a window covering the sound does well', async () => {
    const train = async (window: number) => {
      const id = await createSession(app, { model: 'tdnn', config: { channels: 16, binMs: 10, window, hidden: 200 }, seed: 1 });
      const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { task: 'forwardReversed', words: 2, trainTrials: 200, testTrials: 200 } });
      expect(res.statusCode).toBe(200);
      return res.json().metrics;
    };
    const short = await train(5);
    expect(short.orderVisible).toBe(false);
    expect(Math.abs(short.testAccuracy - 0.5)).toBeLessThan(0.11);
    const long = await train(30);
    expect(long.testAccuracy).toBeGreaterThan(0.85);
  });

  it('a run on a preset sound reports the decision in its metrics', async () => {
    const id = await createSession(app, { model: 'tdnn', preset: 'forward-sound', seed: 1 });
    const run = await runAndWait(app, id, { steps: 56 });
    expect(run.status).toBe('done');
    expect(['forward', 'reversed']).toContain(run.metrics.decision);
    expect(typeof run.metrics.meanOutput).toBe('number');
  });

  it('a sequence training with rows of the wrong width is refused before it is queued, naming the rows', async () => {
    const id = await createSession(app, { model: 'tdnn', config: { channels: 2, window: 3, hidden: 0 }, seed: 1 });
    const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { task: 'sequence', inputs: [[1], [2], [3]], targets: [[1], [2], [3]] } });
    // the request is valid JSON for the schema; checked against the network (2 channels) before anything is queued
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['inputs.0', 'inputs.1', 'inputs.2']);
    expect(res.json().errors[0].message).toContain('config.channels is 2');
  });
});
