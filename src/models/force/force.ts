/**
 * `force`: FORCE learning (Sussillo & Abbott 2009). A chaotic rate network (g = 1.5) with a readout z fed back into
 * it learns, by recursive least squares on the readout weights, to generate a target pattern — and keeps generating
 * it after learning stops. Also internal FORCE (the recurrent weights learn) and several outputs at once (gaits).
 *
 * How a user drives it:
 * - A run follows a schedule on the network's clock: warm-up (spontaneous activity; its chaos is measured), then
 *   `trainTime` τ of learning inside `step` (RLS needs the target at every step, and the target is generated from
 *   the config, so learning while stepping streams the output converging onto the target live), then testing with
 *   the weights frozen. Live `learning: true/false` overrides the schedule at any time; `'auto'` returns to it.
 * - `POST /train` runs the same protocol in one call without a recording (warm-up left, training, test) and returns
 *   the figures and per-period curves; afterwards runs test the trained network (the schedule is over).
 */
import { z } from 'zod';
import { defineModel, type Recording } from '../contract.js';
import { forceConfigSchema, forceLiveSchema, type ForceConfig, type ForceLive } from './config.js';
import { forcePresets } from './presets.js';
import { advance, C, createNetwork, lyapunovEstimate, type ForceState } from './network.js';
import { forceFigures, seriesOf, type Figures } from './figures.js';
import { outputNames, targetPeriod } from './targets.js';
import { forceTrainingCost, forceYieldStride } from './train-checks.js';
import { forceBuildCost } from './build-cost.js';

/** counters slot set once a `train` call has run: the automatic schedule is then over. */
const TRAINED = 6;

function learningNow(s: ForceState, c: ForceConfig, live: ForceLive): boolean {
  const l = live.learning;
  if (l === true || l === 'on') return true;
  if (l === false || l === 'off') return false;
  const time = s.counters[C.steps]! * c.dt;
  return s.counters[TRAINED] === 0 && time >= c.warmupTime && time < c.warmupTime + c.trainTime;
}

function chaosFigures(s: ForceState): Figures {
  const lambda = lyapunovEstimate(s);
  return {
    lyapunovExponent: lambda === null ? null : Number(lambda.toPrecision(6)),
    chaotic: lambda === null ? null : lambda > 0,
    updates: s.counters[C.updates]!,
  };
}

const trainSchema = z.object({
  trainTime: z.number().min(0).max(1e5).optional().describe('Training time (τ); defaults to the config’s trainTime'),
  testTime: z.number().min(0).max(1e5).optional().describe('Test time with learning off (τ); defaults to two periods of the target'),
  warmup: z.boolean().default(true).describe('First run what is left of the warm-up (spontaneous activity, chaos probe)'),
});

export const force = defineModel<ForceConfig, ForceState, ForceLive>({
  meta: {
    kind: 'force',
    title: 'FORCE learning: a chaotic network learns to generate patterns',
    summary:
      'A random network of N tanh units with gain g = 1.5 is chaotic. A linear readout z = wᵀ·tanh(x) is fed back ' +
      'into the network, and w is changed by recursive least squares so fast that z stays close to the target from ' +
      'the start (first-order reduced and controlled error). The feedback tames the chaos into the target pattern, ' +
      'which persists after learning stops. Watch the output converge onto the target and |Δw| shrink.',
    equations: [
      'x ← (1 − dt)·x + dt·(M·tanh x + w_f·z),   z = wᵀ·tanh x',
      'k = P·r,  c = 1/(1 + rᵀ·P·r),  P ← P − c·k·kᵀ,  w ← w − c·(z − f)·k   (every 2 steps; P₀ = I/α)',
      'internal variant: x ← (1 − dt)·x + dt·M·tanh x,  M ← M + w_f·Δwᵀ',
    ],
    references: [
      'Sussillo D, Abbott LF (2009) Generating coherent patterns of activity from chaotic neural networks. Neuron 63:544–557.',
      'Haykin S (2002) Adaptive Filter Theory, 4th ed., ch. 9 (recursive least squares).',
    ],
    timeUnit: 'tau',
    fields: {
      output: 'z, the readout(s)',
      target: 'f(t), the pattern to learn (one per output)',
      error: 'mean |z − f| over outputs',
      activity: 'r = tanh x of the first sampleUnits units',
      dwNorm: '‖Δw‖ of the last RLS update',
      wNorm: '‖w‖ over all outputs',
      phase: '0 spontaneous (untrained), 1 learning, 2 testing',
      time: 'the network’s clock (τ): where the target is',
    },
    activityField: 'activity',
  },
  configSchema: forceConfigSchema,
  liveSchema: forceLiveSchema,
  initialLive: () => ({ learning: 'auto' }),
  presets: forcePresets,
  dt: (c) => c.dt,
  inputSize: () => 0,
  size: (c) => c.size,
  cost: forceBuildCost,
  defaultRecord: ['output', 'target', 'dwNorm', 'phase'],
  metricFields: ['output', 'target', 'phase'],

  create: createNetwork,

  step(s, c, ctx) {
    advance(s, c, learningNow(s, c, ctx.live));
  },

  observe(s, c) {
    let err = 0;
    let w2 = 0;
    for (let o = 0; o < s.z.length; o++) err += Math.abs(s.z[o]! - s.target[o]!);
    for (let i = 0; i < s.w.length; i++) w2 += s.w[i]! ** 2;
    return {
      output: s.z,
      target: s.target,
      error: err / s.z.length,
      activity: s.r.subarray(0, c.sampleUnits),
      dwNorm: s.counters[C.dwNorm]!,
      wNorm: Math.sqrt(w2),
      phase: s.counters[C.phase]!,
      time: s.counters[C.steps]! * c.dt,
    };
  },

  metrics(rec: Recording, c, s) {
    const series = seriesOf(rec);
    const figures = series ? forceFigures(series, targetPeriod(c.target), outputNames(c.target)) : {};
    return { ...figures, ...chaosFigures(s) };
  },

  train: {
    schema: trainSchema,
    cost: forceTrainingCost,
    // A generator: it yields every few milliseconds of work so that a worker can slice it (src/engine/training.ts);
    // all progress lives in the generator, so slicing never changes a bit of the result.
    *run(s, c, request, ctx) {
      const req = trainSchema.parse(request ?? {});
      const stride = forceYieldStride(c, s.z.length);
      const period = targetPeriod(c.target);
      const warmSteps = req.warmup ? Math.max(0, Math.round(c.warmupTime / c.dt) - s.counters[C.steps]!) : 0;
      const trainSteps = Math.round((req.trainTime ?? c.trainTime) / c.dt);
      const testSteps = Math.round((req.testTime ?? 2 * period) / c.dt);
      const total = warmSteps + trainSteps + testSteps;
      const K = s.z.length;
      // Keep the series for the figures, thinned so that it stays within ~4 M numbers.
      const every = Math.max(1, Math.ceil((total * 2 * K) / 4_000_000));
      const n = Math.ceil(total / every);
      const series = { t: new Float64Array(n), output: new Float64Array(n * K), target: new Float64Array(n * K), phase: new Float64Array(n), width: K };
      const trainMAEPerPeriod: number[] = [];
      const dwNormPerPeriod: number[] = [];
      const periodSteps = Math.max(1, Math.round(period / c.dt));
      let periodErr = 0;
      let kept = 0;
      let cancelled = false;
      for (let i = 0; i < total; i++) {
        if ((i & 1023) === 0 && ctx.cancelled()) {
          cancelled = true;
          break;
        }
        const learn = i >= warmSteps && i < warmSteps + trainSteps;
        advance(s, c, learn);
        if (learn) {
          for (let o = 0; o < K; o++) periodErr += Math.abs(s.z[o]! - s.target[o]!) / K;
          if ((i - warmSteps + 1) % periodSteps === 0 || i === warmSteps + trainSteps - 1) {
            trainMAEPerPeriod.push(Number((periodErr / ((i - warmSteps) % periodSteps + 1)).toPrecision(6)));
            dwNormPerPeriod.push(s.counters[C.dwNorm]!);
            periodErr = 0;
            ctx.progress((i + 1) / total, { trainMAE: trainMAEPerPeriod.at(-1)! });
          }
        }
        if ((i + 1) % every === 0 && kept < n) {
          series.t[kept] = s.counters[C.steps]! * c.dt;
          series.output.set(s.z, kept * K);
          series.target.set(s.target, kept * K);
          series.phase[kept] = s.counters[C.phase]!;
          kept++;
        }
        if (i % stride === stride - 1) yield;
      }
      s.counters[TRAINED] = 1;
      const trimmed = {
        t: series.t.subarray(0, kept), output: series.output.subarray(0, kept * K), target: series.target.subarray(0, kept * K),
        phase: series.phase.subarray(0, kept), width: K,
      };
      const figures = forceFigures(trimmed, period, outputNames(c.target));
      ctx.progress(1, {});
      return {
        metrics: { ...figures, ...chaosFigures(s), cancelled },
        curves: { trainMAEPerPeriod, dwNormPerPeriod, testMAEPerPeriod: (figures.testMAEPerPeriod as number[] | undefined) ?? [] },
      };
    },
  },
});
