/**
 * The forward-versus-reversed table (issue #11): accuracy of telling a speech-like sound from its time-reversed twin,
 * against the window length of a feed-forward `tdnn` and the memory of recurrent networks (`esn`, `rate`), on the
 * same stimuli and seeds. Every model is read the same way: a ridge readout of its features averaged over the trial,
 * decision = sign (so a network without memory beyond w bins sees only the bag of its windows).
 *
 *   npm run build && node dist/scripts/temporal-forward-reversed.js [seeds=3] [trainTrials=400] [testTrials=200] [--gradient]
 *
 * --gradient adds tdnn rows trained by backprop through all weights (16 hidden units, 30 epochs of Adam): slower.
 *
 * Output: a markdown table (documented in docs/temporal.md).
 */
import { tdnn } from '../src/models/tdnn/tdnn.js';
import { rate } from '../src/models/rate/rate.js';
import { esnConfigSchema } from '../src/models/esn/config.js';
import { createReservoir, updateReservoir } from '../src/models/esn/reservoir.js';
import { plainAlloc } from '../src/engine/alloc.js';
import { Rng } from '../src/engine/random/rng.js';
import { forwardReversedSchema, forwardReversedSet, type Trial } from '../src/stimuli/forward-reversed.js';
import { spectrogramGridSchema, type Spectrogram } from '../src/stimuli/spectrogram.js';
import { accuracy, fitForwardReversedGradient, pooledFeatures, ridgeReadout, trialScores } from '../src/models/tdnn/training.js';
import type { TdnnState } from '../src/models/tdnn/tdnn.js';
import type { RateState } from '../src/models/rate/rate.js';

const args = process.argv.slice(2);
const withGradient = args.includes('--gradient');
const [seeds = 3, trainTrials = 400, testTrials = 200] = args.filter((a) => !a.startsWith('--')).map(Number);
const grid = spectrogramGridSchema.parse({ channels: 16, binMs: 10 });
const task = forwardReversedSchema.parse({ trainTrials, testTrials });
const LAMBDA = 1e-3;
const HIDDEN = 200;

type Featurizer = (s: Spectrogram) => Float64Array;

interface Row {
  model: string;
  memory: string;
  make(seed: number): Featurizer;
}

function tdnnRow(window: number): Row {
  return {
    model: 'tdnn (ridge, 200 hidden)',
    memory: `window ${window} bins = ${window * grid.binMs} ms`,
    make(seed) {
      const c = tdnn.configSchema.parse({ ...grid, window, hidden: HIDDEN });
      const s = tdnn.create(c, { rng: Rng.fromSeed(seed), alloc: plainAlloc }) as TdnnState;
      return (sp) => pooledFeatures(s.net, sp, new Float64Array(HIDDEN));
    },
  };
}

function esnRow(leakRate: number, spectralRadius: number): Row {
  const c = esnConfigSchema.parse({ size: HIDDEN, inputs: grid.channels, density: 0.1, spectralRadius, leakRate, spectralRadiusOf: 'effective', inputScaling: 1 });
  return {
    model: `esn (${HIDDEN} units)`,
    memory: spectralRadius === 0 && leakRate === 1 ? 'none (ρ = 0, a = 1)' : `leak ${leakRate}, ρ_eff ${spectralRadius} → ~${(-grid.binMs / Math.log(spectralRadius)).toFixed(0)} ms`,
    make(seed) {
      const s = createReservoir(c, Rng.fromSeed(seed), plainAlloc);
      const yFb = new Float64Array(1);
      return (sp) => {
        s.x.fill(0);
        const mean = new Float64Array(HIDDEN);
        for (let t = 0; t < sp.bins; t++) {
          updateReservoir(s, c, sp.data.subarray(t * sp.channels, (t + 1) * sp.channels), yFb, leakRate, 0, null);
          for (let i = 0; i < HIDDEN; i++) mean[i]! += s.x[i]! / sp.bins;
        }
        return mean;
      };
    },
  };
}

function rateRow(tau: number, gain: number): Row {
  const c = rate.configSchema.parse({ size: HIDDEN, inputs: grid.channels, time: 'continuous', tau, dt: grid.binMs, recurrent: { type: 'random', gain, density: 1, zeroDiagonal: true, symmetric: false }, inputWeights: { type: 'random', gain: 2, density: 1 }, initialState: { type: 'zeros' } });
  return {
    model: `rate (${HIDDEN} tanh units, g = ${gain})`,
    memory: `τ = ${tau} ms → ~${(tau / (1 - gain)).toFixed(0)} ms`,
    make(seed) {
      const s = rate.create(c, { rng: Rng.fromSeed(seed), alloc: plainAlloc }) as RateState;
      const ctx = { step: 0, runStep: 0, t: 0, dt: grid.binMs, input: new Float64Array(grid.channels), live: { r: c.r, noise: 0 }, rng: Rng.fromSeed(0), alloc: plainAlloc, run: undefined as unknown };
      return (sp) => {
        s.v.fill(0);
        const mean = new Float64Array(HIDDEN);
        for (let t = 0; t < sp.bins; t++) {
          ctx.input.set(sp.data.subarray(t * sp.channels, (t + 1) * sp.channels));
          ctx.step = t;
          ctx.runStep = t;
          ctx.t = t * grid.binMs;
          rate.step(s, c, ctx);
          for (let i = 0; i < HIDDEN; i++) mean[i]! += s.v[i]! / sp.bins;
        }
        return mean;
      };
    },
  };
}

function accuracyOf(featurize: Featurizer, train: Trial[], test: Trial[]): { train: number; test: number } {
  const feats = (ts: Trial[]) => ts.map((t) => featurize(t.spectrogram));
  const ftr = feats(train);
  const f = ftr[0]!.length;
  const x = new Float64Array(train.length * f);
  ftr.forEach((v, k) => x.set(v, k * f));
  const y = Float64Array.from(train, (t) => t.label);
  const v = ridgeReadout(x, train.length, f, y, 1, LAMBDA);
  const score = (fv: Float64Array) => {
    let s = v[f]!;
    for (let j = 0; j < f; j++) s += v[j]! * fv[j]!;
    return s;
  };
  const acc = (ts: Trial[], fs: Float64Array[]) => fs.filter((fv, k) => (score(fv) >= 0 ? 1 : -1) === ts[k]!.label).length / ts.length;
  return { train: acc(train, ftr), test: acc(test, feats(test)) };
}

/** A tdnn trained end to end (W, b, V) by backprop through the time pooling; evaluated by its own decision. */
function gradientAccuracy(window: number, seed: number, train: Trial[], test: Trial[]): { train: number; test: number } {
  const c = tdnn.configSchema.parse({ ...grid, window, hidden: 16 });
  const s = tdnn.create(c, { rng: Rng.fromSeed(seed), alloc: plainAlloc }) as TdnnState;
  s.net.v.fill(0);
  fitForwardReversedGradient(s.net, train, { epochs: 30, learningRate: 0.01, batch: 20, rng: Rng.fromSeed(seed + 1) });
  return { train: accuracy(trialScores(s.net, train), train), test: accuracy(trialScores(s.net, test), test) };
}

const probe = forwardReversedSet(grid, task, Rng.fromSeed(1));
const rows: Row[] = [
  ...[1, 3, 5, 6, 8, 12, 20, 26, 40].map(tdnnRow),
  esnRow(1, 0),
  esnRow(1, 0.5),
  esnRow(1, 0.9),
  esnRow(0.3, 0.95),
  rateRow(10, 0.9),
  rateRow(30, 0.9),
];
console.log(`# Forward vs reversed: ${task.words} words of ${task.syllables} symmetric syllables (${task.syllableMs} ms, gaps ${task.gapMs} ms) = ${probe.soundBins} bins of ${grid.binMs} ms; order visible to windows ≥ ${(probe.gapBins ?? 0) + 2} bins`);
console.log(`# ${trainTrials} train / ${testTrials} test trials, noise s.d. ${task.noise}, ${seeds} seeds; chance 0.5 (binomial s.e. ${Math.sqrt(0.25 / testTrials).toFixed(3)})\n`);
console.log('| model | window / memory | test accuracy (mean ± s.d. over seeds) | train accuracy |');
console.log('|---|---|---|---|');
const m = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
const sd = (a: number[]) => Math.sqrt(a.reduce((s, x) => s + (x - m(a)) ** 2, 0) / Math.max(1, a.length - 1));
function printRow(model: string, memory: string, evaluate: (seed: number, train: Trial[], test: Trial[]) => { train: number; test: number }): void {
  const te: number[] = [];
  const tr: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const set = forwardReversedSet(grid, task, Rng.fromSeed(seed));
    const a = evaluate(seed + 100, set.train, set.test);
    te.push(a.test);
    tr.push(a.train);
  }
  console.log(`| ${model} | ${memory} | ${m(te).toFixed(3)} ± ${sd(te).toFixed(3)} | ${m(tr).toFixed(3)} |`);
}
for (const row of rows) printRow(row.model, row.memory, (seed, train, test) => accuracyOf(row.make(seed), train, test));
if (withGradient) {
  for (const w of [5, 12, 30]) printRow('tdnn (backprop, 16 hidden)', `window ${w} bins = ${w * grid.binMs} ms`, (seed, train, test) => gradientAccuracy(w, seed, train, test));
}
