/**
 * `boltzmann`: the stochastic Hopfield network (Ackley, Hinton & Sejnowski 1985). Each step is one Gibbs sweep at
 * temperature T, which samples P(s) ∝ exp(−E(s)/T); T = 0 is the deterministic Hopfield update. `train` learns from
 * data by the Boltzmann rule (exact, CD-k or persistent chains) and draws samples from the trained machine.
 */
import { z } from 'zod';
import { defineModel } from '../contract.js';
import { energy } from './dynamics.js';
import { gibbsUpdate } from './gibbs.js';
import { exactAvailable, exactDistribution, totalVariation } from './exact.js';
import { dataSourceBase, dataSize, loadDataset, stateIndex } from './datasets.js';
import { drawSamples, exactFit, learn, validFraction, type Machine } from './learning.js';
import { boltzmannConfigSchema, boltzmannLiveSchema, temperatureAt, type BoltzmannConfig, type BoltzmannLive } from './boltzmann-config.js';
import { boltzmannPresets } from './boltzmann-presets.js';
import { boltzmannTrainingCost, validateBoltzmannTraining } from './boltzmann-train-checks.js';
import { boltzmannBuildCost } from './build-costs.js';

export interface BoltzmannState extends Record<string, unknown> {
  n: number;
  visible: number;
  restricted: boolean;
  lo: number;
  s: Float64Array;
  /** W, n × n, symmetric, zero diagonal (an RBM's intra-layer blocks stay 0). */
  w: Float64Array;
  bias: Float64Array;
  /** External drive u on the first K units. */
  drive: Float64Array;
  order: Int32Array;
  work: Float64Array;
  /** [temperature of the last step, units changed in the last step, trainings done]. */
  info: Float64Array;
  /** Visible image geometry (0 × 0 when the data are not pictures). */
  imageWidth: number;
  imageHeight: number;
}

function machineOf(st: BoltzmannState): Machine {
  return { w: st.w, bias: st.bias, n: st.n, lo: st.lo, visible: st.visible, restricted: st.restricted };
}

/**
 * Total-variation distance between the states a run visited and the exact Boltzmann distribution at the run's
 * constant temperature (small machines, `state` recorded, no annealing, no inputs): shrinks as c/√sweeps.
 */
function gibbsCheck(rec: { width: number; data: Float64Array } | undefined, st: BoltzmannState, live: BoltzmannLive): number | null {
  if (!rec || st.n > 16 || live.annealing.type !== 'none' || (live.clamp && live.clamp.some((x) => x !== null)) || !(live.temperature > 0) || st.drive.some((u) => u !== 0)) return null;
  const count = rec.data.length / rec.width;
  if (count === 0) return null;
  const hist = new Float64Array(2 ** st.n);
  for (let k = 0; k < count; k++) hist[stateIndex(rec.data, k * rec.width, st.n, st.lo)]! += 1 / count;
  return totalVariation(exactDistribution(machineOf(st), live.temperature), hist);
}

function imageShape(c: BoltzmannConfig): { imageWidth: number; imageHeight: number } {
  const width = !c.data ? 0 : c.data.type === 'explicit' ? (c.data.width ?? 0) : c.data.n;
  return width > 0 && c.visible % width === 0 ? { imageWidth: width, imageHeight: c.visible / width } : { imageWidth: 0, imageHeight: 0 };
}

export const boltzmannTrainSchema = z.object({
  mode: z.enum(['learn', 'sample']).default('learn').describe('learn: fit the data; sample: draw samples from the machine as it is'),
  data: dataSourceBase.optional().describe("Training data (default: the config's data; learning needs one or the other, sampling neither)"),
  epochs: z.number().int().min(1).max(100_000).default(500).describe('learn: passes through the data'),
  learningRate: z.number().gt(0).max(100).default(0.1).describe('learn: ε'),
  batchSize: z.number().int().min(0).max(100_000).default(2).describe('learn: patterns per update (0: the whole data set)'),
  momentum: z.number().min(0).lt(1).default(0.5).describe('learn: momentum on the updates'),
  weightDecay: z.number().min(0).max(10).default(0).describe('learn: L2 decay on the couplings'),
  negativePhase: z
    .enum(['auto', 'exact', 'cd', 'pcd'])
    .default('auto')
    .describe('learn: model statistics by enumeration (exact), CD-k, or persistent chains; auto: cd for a restricted machine, exact when small, else pcd'),
  k: z.number().int().min(1).max(1000).default(1).describe('learn: Gibbs sweeps of CD-k'),
  chains: z.number().int().min(1).max(10_000).default(100).describe('pcd: persistent chains; sample: independent chains'),
  positiveSweeps: z.number().int().min(1).max(1000).default(5).describe('learn, hidden units of a full machine: clamped sweeps per pattern'),
  samples: z.number().int().min(0).max(100_000).default(500).describe('Samples drawn (after learning: to measure the fraction of valid patterns)'),
  burnIn: z.number().int().min(0).max(1_000_000).default(200).describe('sample: sweeps before the first sample of each chain'),
  thin: z.number().int().min(1).max(100_000).default(5).describe('sample: sweeps between samples of a chain'),
  temperature: z.number().min(0).max(1e4).default(1).describe('sample: temperature T of the chains'),
});
export type BoltzmannTrainRequest = z.infer<typeof boltzmannTrainSchema>;

export const boltzmann = defineModel<BoltzmannConfig, BoltzmannState, BoltzmannLive>({
  meta: {
    kind: 'boltzmann',
    title: 'Boltzmann machine (stochastic Hopfield network, RBM)',
    summary:
      'Binary stochastic units switch on with probability 1/(1 + exp(−z/T)). At fixed weights the states visit each ' +
      'configuration with probability ∝ exp(−E/T): hot machines wander, cold ones settle into energy minima, and at ' +
      'T = 0 the machine is a Hopfield network. Train it on bars-and-stripes and it dreams up new bars and stripes.',
    equations: [
      'z_i = b_i + Σ_j w_ij s_j + u_i',
      'p(s_i = on) = 1 / (1 + exp(−z_i/T))   (±1 units: 1 / (1 + exp(−2z_i/T)))',
      'P(s) = exp(−E(s)/T) / Z,  E = −½ Σ_ij w_ij s_i s_j − Σ_i b_i s_i',
      'Δw_ij = ε (⟨s_i s_j⟩_data − ⟨s_i s_j⟩_model)',
    ],
    references: [
      'Ackley DH, Hinton GE, Sejnowski TJ (1985) A learning algorithm for Boltzmann machines. Cognitive Science 9:147.',
      'Hinton GE (2002) Training products of experts by minimizing contrastive divergence. Neural Computation 14:1771.',
      'Tieleman T (2008) Training restricted Boltzmann machines using approximations to the likelihood gradient. ICML.',
      'MacKay DJC (2003) Information Theory, Inference, and Learning Algorithms, ch. 43.',
    ],
    timeUnit: 'step',
    fields: {
      state: 'all unit states (visible first)',
      visible: 'visible unit states (an image when the data are pictures)',
      energy: 'E = −½ sᵀWs − bᵀs',
      temperature: 'T used in the last sweep',
      changed: 'units that changed in the last sweep',
      imageWidth: 'width of the visible image (0 when the data are not pictures)',
      imageHeight: 'height of the visible image (0 when the data are not pictures)',
    },
    activityField: 'state',
  },
  configSchema: boltzmannConfigSchema,
  liveSchema: boltzmannLiveSchema,
  initialLive: (c) => ({ temperature: c.temperature, annealing: c.annealing, clamp: null }),
  presets: boltzmannPresets,
  dt: () => 1,
  inputSize: (c) => c.inputs,
  size: (c) => c.visible + c.hidden,
  cost: boltzmannBuildCost,
  defaultRecord: ['state', 'energy', 'temperature'],
  // Only the energy is forced into the recording; the valid-pattern figure uses `state` or `visible` when recorded,
  // so a long run of a large machine is not refused for a recording nobody asked for.
  metricFields: ['energy'],

  create(c, { rng, alloc }) {
    const n = c.visible + c.hidden;
    const st: BoltzmannState = {
      n,
      visible: c.visible,
      restricted: c.architecture === 'restricted',
      lo: c.units === 'pm1' ? -1 : 0,
      s: alloc.f64(n),
      w: alloc.f64(n * n),
      bias: alloc.f64(n),
      drive: alloc.f64(n),
      order: alloc.i32(n),
      work: alloc.f64(n),
      info: alloc.f64(3),
      ...imageShape(c),
    };
    const weightRng = rng.fork();
    const stateRng = rng.fork();
    if (c.weights.type === 'random') {
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const v = weightRng.normal(0, c.weights.sd);
          if (st.restricted && (i < c.visible) === (j < c.visible)) continue;
          st.w[i * n + j] = v;
          st.w[j * n + i] = v;
        }
      }
    } else if (c.weights.type === 'explicit') {
      c.weights.matrix.forEach((row, i) => st.w.set(row, i * n));
      if (c.weights.biases) st.bias.set(c.weights.biases);
    }
    if (c.initial.type === 'explicit') st.s.set(c.initial.values.map((x) => (x > st.lo ? 1 : st.lo)));
    else for (let i = 0; i < n; i++) st.s[i] = stateRng.uniform() < 0.5 ? 1 : st.lo;
    st.info[0] = temperatureAt({ temperature: c.temperature, annealing: c.annealing }, 0);
    st.info[1] = -1;
    return st;
  },

  step(st, c, ctx) {
    const T = temperatureAt(ctx.live, ctx.step);
    const k = c.inputs;
    for (let i = 0; i < k; i++) st.drive[i] = ctx.input[i]!;
    if (c.order === 'random') ctx.rng.permutation(st.n, st.order);
    else for (let i = 0; i < st.n; i++) st.order[i] = i;
    // Clamped visible units hold their values and are left out of the sweep (conditional sampling).
    let free = st.n;
    const clamp = ctx.live.clamp;
    if (clamp) {
      const on = Math.min(clamp.length, st.visible);
      for (let i = 0; i < on; i++) if (clamp[i] !== null) st.s[i] = clamp[i] === 1 ? 1 : st.lo;
      free = 0;
      for (let q = 0; q < st.n; q++) {
        const i = st.order[q]!;
        if (i >= on || clamp[i] === null) st.order[free++] = i;
      }
    }
    st.info[0] = T;
    st.info[1] = gibbsUpdate(machineOf(st), st.s, st.order, free, T, ctx.rng, k > 0 ? st.drive : null);
  },

  observe(st) {
    return {
      state: st.s,
      visible: st.s.subarray(0, st.visible),
      energy: energy(machineOf(st), st.s, st.work),
      temperature: st.info[0]!,
      changed: st.info[1]!,
      imageWidth: st.imageWidth,
      imageHeight: st.imageHeight,
    };
  },

  metrics(rec, c, st, live) {
    const e = rec.fields.energy!.data;
    // Visited visible states, from `visible` or from the first V entries of `state`, whichever was recorded.
    const src = rec.fields.visible ?? rec.fields.state;
    const count = src ? src.data.length / Math.max(1, src.width) : 0;
    const samples = new Uint8Array(count * st.visible);
    for (let k = 0; k < count; k++) {
      for (let i = 0; i < st.visible; i++) samples[k * st.visible + i] = src!.data[k * src!.width + i]! > st.lo ? 1 : 0;
    }
    let meanEnergy = 0;
    for (let k = 0; k < e.length; k++) meanEnergy += e[k]! / e.length;
    // The data-dependent figures need data; a sampling-only machine has none (they are null then).
    const data = c.data ? loadDataset(c.data) : null;
    const fit = data && exactAvailable(st.n, st.visible, st.restricted) ? exactFit(machineOf(st), data) : null;
    return {
      gibbsTotalVariation: gibbsCheck(rec.fields.state, st, live),
      meanEnergy: e.length ? meanEnergy : null,
      finalEnergy: e.length ? e[e.length - 1]! : null,
      validSampleFraction: count && data ? validFraction(samples, count, st.visible, data) : null,
      exactLogLikelihood: fit?.logLikelihood ?? null,
      exactDataMass: fit?.dataMass ?? null,
    };
  },

  train: {
    schema: boltzmannTrainSchema,
    validate: validateBoltzmannTraining,
    cost: boltzmannTrainingCost,
    *run(st, c, req: BoltzmannTrainRequest, ctx) {
      const m = machineOf(st);
      const src = req.data ?? c.data;
      if (!src && req.mode === 'learn') throw new RangeError('data: learning needs data: give `data` in the request (the machine has no default data)');
      if (src && dataSize(src) !== st.visible) throw new RangeError(`data: patterns have ${dataSize(src)} values, the machine ${st.visible} visible units`);
      const data = src ? loadDataset(src) : null;
      if (req.mode === 'sample') {
        const samples = drawSamples(m, req.samples, req.burnIn, req.thin, Math.min(req.chains, Math.max(1, req.samples)), req.temperature, ctx.rng);
        return {
          metrics: {
            sampleCount: req.samples,
            sampleSize: st.visible,
            sampleWidth: !src ? st.imageWidth || null : src.type === 'explicit' ? (src.width ?? null) : src.n,
            /** Row-major 0/1 samples, sampleCount × sampleSize. */
            samples: Array.from(samples),
            validSampleFraction: data ? validFraction(samples, req.samples, st.visible, data) : null,
            distinctSamples: new Set(Array.from({ length: req.samples }, (_, k) => samples.subarray(k * st.visible, (k + 1) * st.visible).join(''))).size,
          },
        };
      }
      const exact = exactAvailable(st.n, st.visible, st.restricted);
      const negativePhase = req.negativePhase === 'auto' ? (st.restricted ? 'cd' : exact ? 'exact' : 'pcd') : req.negativePhase;
      const r = yield* learn(m, data!, { ...req, negativePhase, validitySamples: req.samples }, ctx.rng, ctx);
      st.info[2]! += 1;
      return r;
    },
  },
});
