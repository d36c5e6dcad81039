/**
 * Temporal processing (issue #11): the STRF population's step loop (simulated seconds per second), STRF mapping by
 * ridge (XᵀX and XᵀY accumulated in blocks, Cholesky solve) and the TDNN's pooled features for the forward-vs-reversed
 * task (trials per second). numpy runs the same algorithms on one thread (bench/python/temporal.py).
 *
 * Like with like: the population runs the model's own `step` on state from the production allocator (`sharedAlloc`,
 * the WebAssembly memory, as a session's state is), one mat-vec of the fields with the history per bin, as numpy's
 * `fields @ hist`. The TDNN pools a batch of trials as the model's training does (`pooledFeaturesMany`: one GEMM
 * X·Wᵀ per trial, W packed once for the batch), numpy one `Xw @ W.T` per trial.
 */
import type { BenchContext } from '../harness.js';
import { strf, type StrfState } from '../../src/models/strf/strf.js';
import { pushSlice, respond } from '../../src/models/strf/population.js';
import { mapStrfs } from '../../src/models/strf/mapping.js';
import { tdnn, type TdnnState } from '../../src/models/tdnn/tdnn.js';
import { pooledFeaturesMany } from '../../src/models/tdnn/training.js';
import { createRuntime } from '../../src/engine/simulator.js';
import { plainAlloc, sharedAlloc } from '../../src/engine/alloc.js';
import { Rng } from '../../src/engine/random/rng.js';
import { makeStimulus, stimulusSchema } from '../../src/stimuli/stimulus.js';
import { forwardReversedSchema, forwardReversedSet } from '../../src/stimuli/forward-reversed.js';
import type { StrfLive } from '../../src/models/strf/config.js';

/**
 * Timed runs per row (median, after the harness's one warm-up): each run is 10–40 ms, and the second and third runs
 * of a fresh process still run partly unoptimised code (and this machine is shared), so take the median of seven.
 */
const REPEATS = 7;

export default async function bench(ctx: BenchContext): Promise<void> {
  // 1. STRF population: 64 units, 32 channels × 20 lags, 5 ms bins, Poisson spikes.
  const units = 64;
  const simS = ctx.quick ? 5 : 20;
  const c = strf.configSchema.parse({ channels: 32, lags: 20, units, binMs: 5 });
  const rt = createRuntime(strf, c, 1, sharedAlloc);
  const s = rt.state as StrfState;
  const rng = Rng.fromSeed(2);
  const bins = Math.round((simS * 1000) / c.binMs);
  const p = { nonlinearity: c.nonlinearity, threshold: c.threshold, baselineHz: c.baselineHz, gainHz: c.gainHz, binMs: c.binMs, spiking: true };
  const stepCtx = { step: 0, runStep: 0, t: 0, dt: c.binMs, input: new Float64Array(32), live: rt.live as StrfLive, rng, alloc: sharedAlloc, run: undefined };
  const ms = ctx.time(() => {
    for (let b = 0; b < bins; b++) {
      stepCtx.step = b;
      stepCtx.runStep = b;
      stepCtx.t = b * c.binMs;
      strf.step(s, c, stepCtx);
    }
  }, REPEATS);
  const py = ctx.python('temporal.py', { op: 'population', units, channels: 32, lags: 20, bins: Math.min(bins, 4000) }) as { binsPerSecond: number } | null;
  ctx.report({
    name: 'strf 64 units, 32 ch × 20 lags, 5 ms bins, Poisson',
    value: simS / (ms / 1000),
    unit: 'sim s/s',
    higherIsBetter: true,
    reference: py ? { name: 'numpy (1 thread)', value: (py.binsPerSecond * c.binMs) / 1000 } : null,
  });

  // 2. STRF mapping by ridge: 16 channels × 12 lags (192 features), 6 units, 100 s of dynamic ripple.
  const mc = strf.configSchema.parse({ channels: 16, lags: 12, units: 6, binMs: 5 });
  const mrt = createRuntime(strf, mc, 1, plainAlloc);
  const ms2 = mrt.state as StrfState;
  const durationMs = ctx.quick ? 20_000 : 100_000;
  const sound = makeStimulus(stimulusSchema.parse({ type: 'dynamicRipple', durationMs }), mc, Rng.fromSeed(3));
  const responses = new Float64Array(sound.bins * 6);
  const hist = new Float64Array(16 * 12);
  const tmp = [new Float64Array(6), new Float64Array(6), new Float64Array(6)] as const;
  for (let b = 0; b < sound.bins; b++) {
    pushSlice(hist, sound.data.subarray(b * 16, (b + 1) * 16), 16);
    respond(ms2.fields, 6, hist, { ...p, threshold: mc.threshold, gainHz: mc.gainHz }, rng, tmp[0], tmp[1], tmp[2]);
    responses.set(tmp[2], b * 6);
  }
  const mapMs = ctx.time(() => void mapStrfs(sound, responses, 6, 12, { method: 'ridge', lambda: 1 }), REPEATS);
  const pyMap = ctx.python('temporal.py', { op: 'mapping', channels: 16, lags: 12, units: 6, bins: sound.bins }) as { ms: number } | null;
  ctx.report({
    name: `strf ridge mapping, 192 features, ${sound.bins} bins`,
    value: mapMs,
    unit: 'ms',
    higherIsBetter: false,
    reference: pyMap ? { name: 'numpy (1 thread)', value: pyMap.ms } : null,
  });

  // 3. TDNN pooled features: window 30 × 16 channels, 200 hidden tanh units, 54-bin trials.
  const tc = tdnn.configSchema.parse({ channels: 16, binMs: 10, window: 30, hidden: 200 });
  const ts = tdnn.create(tc, { rng: Rng.fromSeed(4), alloc: plainAlloc }) as TdnnState;
  const set = forwardReversedSet(tc, forwardReversedSchema.parse({ trainTrials: ctx.quick ? 20 : 100, testTrials: 2 }), Rng.fromSeed(5));
  const specs = set.train.map((t) => t.spectrogram);
  const feats = new Float64Array(specs.length * 200);
  const tms = ctx.time(() => void pooledFeaturesMany(ts.net, specs, feats), REPEATS);
  const pyT = ctx.python('temporal.py', { op: 'tdnn', channels: 16, window: 30, hidden: 200, bins: set.trialBins, trials: 100 }) as { trialsPerSecond: number } | null;
  ctx.report({
    name: `tdnn w=30×16, 200 hidden, pooled features of ${set.trialBins}-bin trials`,
    value: set.train.length / (tms / 1000),
    unit: 'trials/s',
    higherIsBetter: true,
    reference: pyT ? { name: 'numpy (1 thread)', value: pyT.trialsPerSecond } : null,
  });
}
