/**
 * Trainings are checked before anything is queued (#15 items 1 and 9): a request the session cannot train on is a
 * 400 naming the field (not a 200 with a failed run), and one whose estimated memory or time is over the budget a
 * 422 naming the fields that drive the cost — among them the ConvRNN training that used to kill the server by
 * SIGSEGV at ~4.2 GB. Nothing is queued for a refused request.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { build, createSession } from '../helper.js';

const app = await build();

async function train(a: FastifyInstance, id: string, body: unknown) {
  return a.inject({ method: 'POST', url: `/v1/sessions/${id}/train`, payload: body as Record<string, unknown> });
}

async function runCount(a: FastifyInstance, id: string): Promise<number> {
  return (await a.inject({ method: 'GET', url: `/v1/sessions/${id}/runs` })).json().runs.length;
}

/** The refusal: its status, problem+json, the fields it names; and that no run was queued. */
async function expectRefused(a: FastifyInstance, id: string, body: unknown, status: number, paths: string[]) {
  const res = await train(a, id, body);
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  const named = res.json().errors.map((e: { path: string }) => e.path);
  for (const p of paths) expect(named, res.body).toContain(p);
  expect(await runCount(a, id)).toBe(0);
  return res.json();
}

describe('a training that does not fit its session is a 400 before queueing', () => {
  const cases: { name: string; session: Record<string, unknown>; body: unknown; paths: string[] }[] = [
    { name: 'hopfield: glyphs of another size', session: { model: 'hopfield', config: { size: 100 } }, body: { patterns: { type: 'glyphs', chars: 'AB' } }, paths: ['patterns'] },
    { name: 'hopfield: characters outside the font', session: { model: 'hopfield', config: { patterns: { type: 'glyphs', chars: 'AB', scale: 1 } } }, body: { patterns: { type: 'glyphs', chars: '<script>', scale: 1 } }, paths: ['patterns.chars'] },
    { name: 'hopfield: pseudo-inverse with P ≥ N', session: { model: 'hopfield', config: { size: 20, patterns: { type: 'random', count: 25 } } }, body: { rule: 'pseudo-inverse' }, paths: ['rule'] },
    { name: 'boltzmann: data of the wrong width', session: { model: 'boltzmann' }, body: { data: { type: 'explicit', patterns: [[0, 1, 1, 0]] } }, paths: ['data'] },
    { name: 'boltzmann: exact statistics on a large machine', session: { model: 'boltzmann', config: { hidden: 20 } }, body: { negativePhase: 'exact' }, paths: ['negativePhase'] },
    { name: 'esn: Mackey-Glass on two outputs', session: { model: 'esn', config: { size: 20, outputs: 2 } }, body: { task: 'mackey-glass' }, paths: ['config.outputs'] },
    { name: 'esn: NARMA on two inputs', session: { model: 'esn', config: { size: 20, inputs: 2 } }, body: { task: 'narma10' }, paths: ['config.inputs'] },
    { name: 'esn: series targets of the wrong width', session: { model: 'esn', config: { size: 20 } }, body: { task: 'series', targets: [[0, 1], [1, 0], [0, 0]], inputs: [[1], [0], [1]] }, paths: ['targets.0'] },
    { name: 'esn: memory task on a feedback network', session: { model: 'esn', config: { size: 20, feedbackScaling: 1 } }, body: { task: 'memory', maxDelay: 5 }, paths: ['maxDelay'] },
    { name: 'esn: reverse task on one input', session: { model: 'esn', config: { size: 20 } }, body: { task: 'reverse' }, paths: ['grid.channels'] },
    { name: 'esn: washout longer than the training', session: { model: 'esn', config: { size: 20 } }, body: { task: 'narma10', steps: 50, washout: 50 }, paths: ['washout'] },
    { name: 'lsm: memory task on a Poisson liquid', session: { model: 'lsm', config: { grid: [3, 3, 3] } }, body: { task: 'memory' }, paths: ['config.input.type'] },
    { name: 'lsm: trials with the wrong channel count', session: { model: 'lsm', config: { grid: [3, 3, 3] } }, body: { task: 'trials', trials: [{ times: [[1], [2]], target: [0, 0, 0, 0] }, { times: [[1]], target: [1, 1, 1, 1] }] }, paths: ['trials.0.times'] },
    { name: 'convrnn: uploaded images of the wrong size', session: { model: 'convrnn', config: { imageSize: 8, timeSteps: 2 } }, body: { data: { images: [[0, 1], [1, 0]], labels: [0, 1] } }, paths: ['data.images.0', 'data.images.1'] },
    { name: 'convrnn: a label outside the classes', session: { model: 'convrnn', config: { imageSize: 8, timeSteps: 2 } }, body: { data: { images: [new Array(64).fill(0), new Array(64).fill(1)], labels: [0, 5] } }, paths: ['data.labels.1'] },
    { name: 'strf: a stimulus shorter than the fields', session: { model: 'strf', config: { lags: 20 } }, body: { stimulus: { type: 'tone', durationMs: 50 } }, paths: ['stimulus'] },
    { name: 'tdnn: sequence rows of the wrong width', session: { model: 'tdnn', config: { channels: 2, hidden: 4 } }, body: { task: 'sequence', inputs: [[1], [0], [1]], targets: [[1], [0], [1]] }, paths: ['inputs.0'] },
    // The accepted-then-failed trainings edge's fuzz found (BOARD 04:06), as they were sent:
    { name: 'tdnn: two target steps for three input steps', session: { model: 'tdnn', config: { channels: 1, outputs: 1, hidden: 4 } }, body: { task: 'sequence', inputs: [[1], [0], [1]], targets: [[1], [0]], washout: 0 }, paths: ['targets'] },
    { name: 'lsm: a trial target with no values', session: { model: 'lsm', config: { grid: [3, 3, 3] } }, body: { task: 'trials', trials: [{ times: [[1]], target: [] }, { times: [[2]], target: [1, 1, 1, 1] }] }, paths: ['trials.0.target'] },
    { name: 'boltzmann: 5×5 patterns on 9 visible units', session: { model: 'boltzmann', config: { visible: 9 } }, body: { data: { type: 'explicit', patterns: [new Array(25).fill(1)] } }, paths: ['data'] },
    { name: 'tdnn: forward-reversed on two outputs', session: { model: 'tdnn', config: { outputs: 2, hidden: 4 } }, body: { task: 'forwardReversed' }, paths: ['config.outputs'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const id = await createSession(app, c.session);
      await expectRefused(app, id, c.body, 400, c.paths);
    });
  }

  it('an ESN memory training changes the readouts; the next task is checked against the new network', async () => {
    const id = await createSession(app, { model: 'esn', config: { size: 20 } });
    const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { task: 'memory', maxDelay: 3, steps: 300, testSteps: 100 } });
    expect(res.json().status).toBe('done');
    const after = await train(app, id, { task: 'narma10' });
    expect(after.statusCode).toBe(400);
    expect(after.json().errors[0].message).toMatch(/has 3/);
  });
});

describe('a training over the budget is a 422 naming the fields that drive its cost', () => {
  it('the ConvRNN training that crashed the server (SIGSEGV at ~4.2 GB) is refused up front, and the server goes on', async () => {
    const id = await createSession(app, {
      model: 'convrnn',
      config: { imageSize: 64, layers: [{ channels: 4, kernel: 9, stride: 1, pool: 'max', poolSize: 4, cell: 'gated', recurrentKernel: 7 }], timeSteps: 64, imageOffStep: 64, readoutSteps: 1 },
    });
    const body = await expectRefused(app, id, { epochs: 1, batchSize: 256, trainSize: 256, testSize: 1 }, 422, ['batchSize', 'config.timeSteps', 'config.imageSize', 'config.layers.0.channels']);
    expect(body.code).toBe('RNN_ERR_BUDGET');
    expect(body.detail).toMatch(/GB/);
    // The server goes on training others.
    const small = await createSession(app, { model: 'convrnn', config: { imageSize: 8, timeSteps: 2, layers: [{ channels: 2 }] } });
    const ok = await app.inject({ method: 'POST', url: `/v1/sessions/${small}/train?wait=true`, payload: { epochs: 1, batchSize: 4, trainSize: 4, testSize: 2 } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('done');
  });

  it('memory: an ESN memory task of 1,000 delays over 300,000 steps, a huge Boltzmann sample, an STRF ridge over 20,000 features', async () => {
    // targets and predictions of 1,000 readouts at every step: gigabytes, whatever the reservoir's size
    const esn = await createSession(app, { model: 'esn', config: { size: 50 } });
    await expectRefused(app, esn, { task: 'memory', maxDelay: 1000, steps: 200_000, testSteps: 100_000 }, 422, ['maxDelay', 'steps', 'config.size']);
    // every sample comes back as numbers: 10^5 samples of 2,000 visible units
    const bm = await createSession(app, { model: 'boltzmann', config: { visible: 2000, data: { type: 'explicit', patterns: [new Array(2000).fill(1)] } } });
    await expectRefused(app, bm, { mode: 'sample', samples: 100_000, thin: 1, burnIn: 0 }, 422, ['samples', 'config.visible']);
    const strf = await createSession(app, { model: 'strf', config: { channels: 100, lags: 200, units: 1 } });
    await expectRefused(app, strf, { stimulus: { type: 'dynamicRipple', durationMs: 100_000 } }, 422, ['config.lags', 'config.channels']);
  });

  it('time: LSM trials by the ten thousand, FORCE at a tiny dt, Boltzmann exact statistics for 10^5 epochs', async () => {
    const lsm = await createSession(app, { model: 'lsm', config: { grid: [15, 15, 6], input: { type: 'templates' } } });
    const res = await expectRefused(app, lsm, { task: 'memory', trainTrials: 20_000, testTrials: 20_000 }, 422, ['trainTrials', 'testTrials']);
    expect(res.detail).toMatch(/MAX_TRAIN_SECONDS/);
    const force = await createSession(app, { model: 'force', config: { size: 1000, dt: 0.001 } });
    await expectRefused(app, force, { trainTime: 100_000 }, 422, ['trainTime', 'config.dt']);
    const bm = await createSession(app, { model: 'boltzmann', config: { visible: 16, data: { type: 'bars-and-stripes', n: 4 } } });
    await expectRefused(app, bm, { epochs: 100_000, negativePhase: 'exact' }, 422, ['epochs']);
  });

  it('follows MAX_TRAIN_MB and MAX_TRAIN_SECONDS', async () => {
    const small = await build({ maxTrainMb: 1, maxTrainSeconds: 1 });
    const id = await createSession(small, { model: 'hopfield', config: { size: 400 } });
    const res = await expectRefused(small, id, {}, 422, ['config.size']);
    expect(res.detail).toMatch(/MAX_TRAIN_MB/);
    // The same request under the default budget trains.
    const ok = await createSession(app, { model: 'hopfield', config: { size: 400 } });
    expect((await app.inject({ method: 'POST', url: `/v1/sessions/${ok}/train?wait=true`, payload: {} })).json().status).toBe('done');
  });
});

describe('experiments check their training before queueing', () => {
  it('refuses a sweep whose training does not fit (400) or is over the budget (422), naming train.* and config.* fields', async () => {
    const bad = await app.inject({ method: 'POST', url: '/v1/experiments', payload: { model: 'esn', config: { size: 20, outputs: 2 }, grid: { spectralRadius: [0.9, 1] }, train: { task: 'mackey-glass' } } });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toContain('config.outputs');
    const big = await app.inject({ method: 'POST', url: '/v1/experiments', payload: { model: 'esn', config: { size: 50 }, grid: { spectralRadius: [0.9, 1] }, train: { task: 'memory', maxDelay: 1000, steps: 200_000, testSteps: 100_000 } } });
    expect(big.statusCode, big.body).toBe(422);
    expect(big.json().errors.map((e: { path: string }) => e.path)).toContain('train.maxDelay');
  });
});
