/**
 * The forward/reversed task with the user's own sounds (#19 point 7), for the TDNN and the ESN, checked against the
 * symmetry argument of the task (stimuli/forward-reversed.ts) rather than against figures of the implementation:
 * - a sound that is its own time-reverse cannot be told from its twin by anything: chance;
 * - two time-symmetric blobs A, B in different channels with a silent gap of g bins: [A][gap][B] vs [B][gap][A]. A
 *   window of ≤ g + 1 bins sees at most one blob, and the bag of windows over a trial is the same for both orders, so
 *   a pooling time-delay network is at chance whatever it learns; a window covering the sound, or a recurrent
 *   network's memory, tells the order.
 */
import { describe, expect, it } from 'vitest';
import { build, createSession } from '../helper.js';

const app = await build();
const channels = 8;

/**
 * channels × bins with Gaussian blobs (symmetric in time), each on `width` bins centred at bin t0 on channel ch (and
 * weaker on its neighbours), exactly zero outside those bins.
 */
function blobs(bins: number, parts: { ch: number; t0: number; width: number }[]): number[][] {
  const rows = Array.from({ length: channels }, () => new Array<number>(bins).fill(0));
  for (const { ch, t0, width } of parts) {
    for (let b = 0; b < bins; b++) {
      if (Math.abs(b - t0) > (width - 1) / 2) continue;
      const z = (b - t0) / (width / 4);
      for (const dc of [-1, 0, 1]) if (ch + dc >= 0 && ch + dc < channels) rows[ch + dc]![b]! += (dc === 0 ? 1 : 0.4) * Math.exp(-0.5 * z * z);
    }
  }
  return rows;
}

// Two words, each A (bins 0–4) + a gap of 6 silent bins (5–10) + B (bins 11–15): 16 bins; each blob is exactly its
// own reverse. A window of 7 = gap + 1 bins never sees both.
const words = [
  blobs(16, [{ ch: 1, t0: 2, width: 5 }, { ch: 5, t0: 13, width: 5 }]),
  blobs(16, [{ ch: 6, t0: 2, width: 5 }, { ch: 2, t0: 13, width: 5 }]),
];
// Palindromes: the same blob at both ends.
const palindromes = [blobs(16, [{ ch: 1, t0: 2, width: 5 }, { ch: 1, t0: 13, width: 5 }]), blobs(12, [{ ch: 4, t0: 5.5, width: 8 }])];
const task = { trainTrials: 300, testTrials: 400, noise: 0.05, preMs: 20 };

async function tdnnTrain(window: number, sounds: number[][][]) {
  const id = await createSession(app, { model: 'tdnn', config: { channels, binMs: 10, window, hidden: 150 }, seed: 2 });
  const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { task: 'forwardReversed', ...task, sounds } });
  expect(res.statusCode).toBe(200);
  expect(res.json().status).toBe('done');
  return res.json().metrics;
}

async function esnTrain(sounds: number[][][]) {
  const id = await createSession(app, { model: 'esn', config: { size: 150, density: 0.1, spectralRadius: 0.9, leakRate: 0.5, inputs: channels, inputScaling: 1 }, seed: 3 });
  const payload = { task: 'reverse', grid: { channels, binMs: 10, lowHz: 250, highHz: 8000 }, stimulus: { ...task, sounds }, readout: { lambda: 1e-4, solver: 'cholesky' } };
  const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload });
  expect(res.statusCode).toBe(200);
  expect(res.json().status).toBe('done');
  return res.json().metrics;
}

// Binomial s.d. of the accuracy on 400 test trials at chance: 0.025; 4 s.d.
const chance = (acc: number) => expect(Math.abs(acc - 0.5)).toBeLessThan(0.1);

describe('forward/reversed with your own sounds', () => {
  it('TDNN: a window of gap + 1 bins is at chance on two-blob words, a window covering them tells the order', async () => {
    const short = await tdnnTrain(7, words);
    expect(short).toMatchObject({ ownSounds: true, soundBins: 16, orderVisible: null });
    chance(short.testAccuracy);
    const long = await tdnnTrain(18, words);
    console.log('OWNSOUNDS tdnn short', short.testAccuracy, 'long', long.testAccuracy);
    expect(long.testAccuracy).toBeGreaterThan(0.9);
  });

  it('TDNN and ESN: sounds that are their own reverse (of different lengths) stay at chance', async () => {
    const t = (await tdnnTrain(18, palindromes)).testAccuracy;
    const e = (await esnTrain(palindromes)).accuracy;
    console.log('OWNSOUNDS palindromes tdnn', t, 'esn', e);
    chance(t);
    chance(e);
  });

  it('ESN: the reservoir remembers the order of the two blobs after the sound has ended', async () => {
    const m = await esnTrain(words);
    console.log('OWNSOUNDS esn words', m.accuracy);
    expect(m.accuracy).toBeGreaterThan(0.9);
  });

  it('refuses sounds that do not fit before queueing (400): values out of range, a wrong channel count or ragged rows, naming the sound', async () => {
    const id = await createSession(app, { model: 'tdnn', config: { channels, binMs: 10, window: 5, hidden: 20 }, seed: 2 });
    const big = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { task: 'forwardReversed', sounds: [[[1e7]]] } });
    expect(big.statusCode).toBe(400);
    expect(JSON.stringify(big.json())).toContain('sounds');
    const narrow = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { task: 'forwardReversed', sounds: [blobs(10, []).slice(0, 3)] } });
    expect(narrow.statusCode).toBe(400);
    expect(JSON.stringify(narrow.json())).toMatch(/sounds\.0.*needs 8 rows/);
    const ragged = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { task: 'forwardReversed', sounds: [[...blobs(10, []).slice(0, 7), [1, 2]]] } });
    expect(ragged.statusCode).toBe(400);
    expect(JSON.stringify(ragged.json())).toMatch(/sounds\.0\.7.*every row needs 10 bins/);
    // the ESN's reverse task names the field inside its stimulus
    const esnId = await createSession(app, { model: 'esn', config: { size: 30, inputs: channels }, seed: 1 });
    const esnNarrow = await app.inject({
      method: 'POST',
      url: `/v1/sessions/${esnId}/train?wait=true`,
      payload: { task: 'reverse', grid: { channels, binMs: 10, lowHz: 250, highHz: 8000 }, stimulus: { sounds: [blobs(10, []).slice(0, 3)] } },
    });
    expect(esnNarrow.statusCode).toBe(400);
    expect(JSON.stringify(esnNarrow.json())).toMatch(/stimulus\.sounds\.0.*needs 8 rows/);
  });
});
