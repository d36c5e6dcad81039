/**
 * Teacher forcing through the run API (#19 point 6): a run's `options.teacherForcing` is checked before anything is
 * queued (the kind's runSchema, then checkRun against the session: a 400 naming options.…), and a teacher-forced run
 * of a trained generator gives Jaeger's evaluation (warm-up on the teacher, then free running) through real workers.
 */
import { describe, expect, it } from 'vitest';
import { build, createSession, runAndWait } from '../helper.js';

const app = await build();
const config = { size: 100, density: 0.05, spectralRadius: 0.95, spectralRadiusOf: 'effective', inputs: 0, outputs: 1, bias: 0.2, inputScaling: 0.14, feedbackScaling: 0.56, timeConstant: 0.44, decay: 0.9, readout: { lambda: 0, solver: 'qr', trainingNoise: 1e-9 } };

async function trained(continuation: number): Promise<string> {
  const id = await createSession(app, { model: 'esn', config, seed: 3 });
  const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { task: 'mackey-glass', steps: 1500, washout: 300, trials: 0, continuation } });
  expect(res.statusCode).toBe(200);
  expect(res.json().status).toBe('done');
  return id;
}

const problem = (res: { statusCode: number; json(): any }) => ({ status: res.statusCode, text: JSON.stringify(res.json()) });

describe('ESN teacher forcing over HTTP', () => {
  it('two test segments after one training: each run is teacher-forced for its warm-up, then runs free', async () => {
    const id = await trained(2 * 384 + 10);
    for (let k = 0; k < 2; k++) {
      const run = await runAndWait(app, id, { steps: 384, options: { teacherForcing: { steps: 300 } }, record: ['output', 'target', 'freeRunning'] });
      expect(run.status).toBe('done');
      expect(run.metrics.teacherForcedSamples).toBe(300);
      // 84 free-running steps of a 100-unit reservoir after a 300-step warm-up: far better than the series' s.d.
      expect(run.metrics.nrmse84).toBeLessThan(0.1);
      const rec = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run.id}/recording?format=json` })).json();
      const free = (rec.fields.freeRunning as (number | number[])[]).flat();
      expect(free.slice(0, 300).every((v: number) => v === 0)).toBe(true);
      expect(free.slice(300, 303)).toEqual([1, 2, 3]);
      expect(free.at(-1)).toBe(84);
    }
  });

  it('refuses bad options before queueing, naming the field: unknown keys, a teacher longer than the known continuation, a wrong width', async () => {
    const id = await trained(50);
    const post = (options: unknown) => app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: 10, options, wait: true } });
    const extra = problem(await post({ teacherForcing: { steps: 5, extra: 1 } }));
    expect(extra.status).toBe(400);
    expect(extra.text).toContain('options.teacherForcing');
    const long = problem(await post({ teacherForcing: { steps: 60 } }));
    expect(long.status).toBe(400);
    expect(long.text).toMatch(/options\.teacherForcing\.steps/);
    const wide = problem(await post({ teacherForcing: { steps: 2, values: [[0.1, 0.2], [0.3, 0.4]] } }));
    expect(wide.status).toBe(400);
    expect(wide.text).toMatch(/options\.teacherForcing\.values\.0/);
    // nothing was queued: the session is still at its trained step, and a good request runs
    const ok = await runAndWait(app, id, { steps: 10, options: { teacherForcing: { steps: 5 } } });
    expect(ok.metrics.teacherForcedSamples).toBe(5);
    const rate = await createSession(app, { model: 'rate', config: { size: 10 } });
    const none = problem(await app.inject({ method: 'POST', url: `/v1/sessions/${rate}/runs`, payload: { steps: 10, options: { teacherForcing: { steps: 5 } } } }));
    expect(none.status).toBe(400);
    expect(none.text).toContain('options');
  });
});
