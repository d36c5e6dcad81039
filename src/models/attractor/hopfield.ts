/**
 * `hopfield`: content-addressable memory with binary threshold units (Hopfield, PNAS 1982). Stored patterns are
 * minima of E = −½ sᵀWs − bᵀs; a corrupted cue rolls downhill to the nearest one. One step = one sweep.
 */
import { z } from 'zod';
import { defineModel, type Recording } from '../contract.js';
import type { Alloc } from '../../engine/alloc.js';
import type { Rng } from '../../engine/random/rng.js';
import { energy, energyFromFields, overlaps, tieTolerance, type BinaryNet } from './dynamics.js';
import { trackOverlaps } from './observables.js';
import { hopfieldConfigSchema, hopfieldLiveSchema, hopfieldSize, type HopfieldConfig, type HopfieldLive } from './hopfield-config.js';
import { hopfieldPresets } from './hopfield-presets.js';
import { fillPatterns, makeCue, patternCount, patternSourceBase, sourceIssues, sourceShape, type PatternSource } from './patterns.js';
import { classify, settle, sweep } from './recall.js';
import { storageRuleNames, storePatterns, type StorageRule } from './storage.js';
import { hopfieldTrainingCost, validateHopfieldTraining } from './hopfield-train-checks.js';
import { hopfieldBuildCost } from './build-costs.js';

export interface HopfieldState extends Record<string, unknown> {
  n: number;
  p: number;
  /** Off value: −1 (±1 units) or 0 (0/1 units). */
  lo: number;
  width: number | null;
  height: number | null;
  /** Unit states. */
  s: Float64Array;
  /** W, N × N. */
  w: Float64Array;
  /** The user's biases b_i. */
  userBias: Float64Array;
  /** Biases used by the dynamics (b, plus −½ Σ_j w_ij for 0/1 units). */
  bias: Float64Array;
  /** Stored patterns, ±1, P × N. */
  xi: Float64Array;
  /** Overlaps m_μ (work buffer for observe). */
  m: Float64Array;
  /** Local fields (work). */
  h: Float64Array;
  order: Int32Array;
  /** Work buffer (the energy's W·s before the first step; the overlap changes in a step). */
  work: Float64Array;
  /** Tie band: |h_i| ≤ tie keeps unit i's state (dynamics.ts tieTolerance). */
  tie: number;
  /** Overlap sums M_μ = Σ_i ξ^μ_i σ_i (P), the states they were taken at (N), and a work list (N): observables.ts. */
  overlapSums: Float64Array;
  overlapSeen: Float64Array;
  changedUnits: Int32Array;
  /**
   * [units changed in the last step, steps taken, 1 when h holds the current local fields, nonce of the last live
   * cue, unit flips since h was last summed afresh, 1 when the overlap sums are valid, the session step after the
   * last sweep that changed a unit].
   */
  info: Float64Array;
}

/** The local fields are summed afresh after this many flips per unit (see TIE_RELATIVE for the error bound). */
const REFRESH_FLIPS_PER_UNIT = 64;

function netOf(st: HopfieldState): BinaryNet {
  // States persisted before the tie band existed get it on first use.
  if (typeof st.tie !== 'number') st.tie = tieTolerance(st.w, st.bias, st.n);
  return { w: st.w, bias: st.bias, n: st.n, lo: st.lo, tie: st.tie };
}

/** b plus, for 0/1 units, the threshold −½ Σ_j w_ij that makes v = (s + 1)/2 follow the ±1 net (Hopfield 1982). */
function effectiveBias(st: HopfieldState): void {
  const { n, w } = st;
  for (let i = 0; i < n; i++) {
    let t = 0;
    if (st.lo === 0) for (let j = 0; j < n; j++) t += w[i * n + j]!;
    st.bias[i] = st.userBias[i]! - 0.5 * t;
  }
}

/** Set s to the cue of pattern μ (or to a random state), in the network's units. */
function applyCue(st: HopfieldState, mu: number, cue: { flip: number; mask: number }, rng: Rng, random: boolean): void {
  const { n, s } = st;
  if (random || st.p === 0) {
    for (let i = 0; i < n; i++) s[i] = rng.uniform() < 0.5 ? 1 : -1;
  } else {
    makeCue(st.xi.subarray(mu * n, (mu + 1) * n), n, cue, rng, st.h, st.order);
    s.set(st.h);
  }
  if (st.lo === 0) for (let i = 0; i < n; i++) s[i] = s[i]! > 0 ? 1 : 0;
}

function buildState(c: HopfieldConfig, source: PatternSource, rule: StorageRule, rng: Rng, alloc: Alloc): HopfieldState {
  const shape = sourceShape(source, c.size);
  const n = shape.size;
  const p = patternCount(source, n);
  const st: HopfieldState = {
    n,
    p,
    lo: c.units === '01' ? 0 : -1,
    width: shape.width,
    height: shape.height,
    s: alloc.f64(n),
    w: alloc.f64(n * n),
    userBias: alloc.f64(n),
    bias: alloc.f64(n),
    xi: alloc.f64(p * n),
    m: alloc.f64(p),
    h: alloc.f64(n),
    order: alloc.i32(n),
    work: alloc.f64(n),
    tie: 0,
    overlapSums: alloc.f64(p),
    overlapSeen: alloc.f64(n),
    changedUnits: alloc.i32(n),
    info: alloc.f64(7),
  };
  fillPatterns(source, n, rng.fork(), st.xi);
  storePatterns(rule, st.xi, p, n, st.w);
  if (c.biasValues) st.userBias.set(c.biasValues);
  else st.userBias.fill(c.bias);
  effectiveBias(st);
  st.tie = tieTolerance(st.w, st.bias, n);
  return st;
}

const recallSchema = z
  .object({
    flip: z.number().min(0).max(1).default(0.1).describe('Fraction of bits flipped in each test cue'),
    mask: z.number().min(0).max(1).default(0).describe('Fraction of each test cue masked (set off)'),
    patterns: z.number().int().min(0).max(4096).default(20).describe('How many stored patterns (the first ones) are cued to test recall'),
    maxSweeps: z.number().int().min(1).max(1000).default(50).describe('Sweeps allowed per recall (steps)'),
  })
  .default({ flip: 0.1, mask: 0, patterns: 20, maxSweeps: 50 });

export const hopfieldTrainSchema = z.object({
  patterns: patternSourceBase.optional().describe('Patterns to store (default: the patterns stored now); N must match the network'),
  rule: z.enum(storageRuleNames).optional().describe("Storage rule (default: the session's rule)"),
  recall: recallSchema.describe('After storing, cue stored patterns and report how well they are recalled'),
});

export const hopfield = defineModel<HopfieldConfig, HopfieldState, HopfieldLive>({
  meta: {
    kind: 'hopfield',
    title: 'Hopfield network (associative memory)',
    summary:
      'N binary threshold units with symmetric weights and no self-connections store patterns as minima of an energy. ' +
      'Start from a corrupted or half-masked pattern and watch the energy fall and the overlap with the stored pattern ' +
      'rise to 1 within a few sweeps. Raise the load α = P/N past ≈ 0.138 (Hebbian rule) and recall collapses into ' +
      'spurious states; the Storkey and pseudo-inverse rules store more.',
    equations: [
      'h_i = Σ_j w_ij s_j + b_i,  s_i ← sign(h_i)  (w_ii = 0, w_ij = w_ji)',
      'E = −½ Σ_ij w_ij s_i s_j − Σ_i b_i s_i  (never rises under asynchronous updates)',
      'Hebbian: w_ij = (1/N) Σ_μ ξ^μ_i ξ^μ_j;  overlap m_μ = (1/N) Σ_i ξ^μ_i s_i',
      'one-step error at a stored pattern: P_err = ½ erfc(1/√(2α))',
    ],
    references: [
      'Hopfield JJ (1982) Neural networks and physical systems with emergent collective computational abilities. PNAS 79:2554.',
      'Amit DJ, Gutfreund H, Sompolinsky H (1985) Storing infinite numbers of patterns in a spin-glass model of neural networks. PRL 55:1530.',
      'Storkey A (1997) Increasing the capacity of a Hopfield network without sacrificing functionality. ICANN 97.',
      'Personnaz L, Guyon I, Dreyfus G (1986) Collective computational properties of neural networks: new learning mechanisms. Phys Rev A 34:4217.',
    ],
    timeUnit: 'step',
    fields: {
      state: 'unit states s_i (±1 or 0/1); an image of imageWidth × imageHeight when the patterns are pictures',
      energy: 'E = −½ sᵀWs − bᵀs',
      overlaps: 'm_μ = (1/N) Σ_i ξ^μ_i s_i with every stored pattern (±1 form)',
      changed: 'number of units that changed in the last step (−1 before the first)',
      imageWidth: 'width of the state image (0 when the state is not a picture)',
      imageHeight: 'height of the state image (0 when the state is not a picture)',
    },
    activityField: 'state',
  },
  configSchema: hopfieldConfigSchema,
  liveSchema: hopfieldLiveSchema,
  initialLive: (c) => ({ update: c.update }),
  presets: hopfieldPresets,
  dt: () => 1,
  inputSize: () => 0,
  size: hopfieldSize,
  cost: hopfieldBuildCost,
  defaultRecord: ['state', 'energy', 'overlaps', 'changed'],
  metricFields: ['changed', 'energy'],

  create(c, { rng, alloc }) {
    return initialise(c, buildState(c, c.patterns, c.rule, rng, alloc), rng);
  },

  step(st, c, ctx) {
    const cue = ctx.live.cue;
    if (cue && cue.nonce !== st.info[3] && (st.p > 0 || cue.state)) {
      // A live cue (PATCH or a stream `set`), once per nonce. Its step only presents it: the frame shows the cue
      // itself, and the completion starts with the next sweep.
      st.work.set(st.s);
      if (cue.state) presentState(st, cue.state);
      else applyCue(st, Math.min(cue.pattern, st.p - 1), cue, ctx.rng, false);
      let changed = 0;
      for (let i = 0; i < st.n; i++) if (st.s[i] !== st.work[i]) changed++;
      st.info[0] = changed;
      st.info[1]! += 1;
      st.info[2] = 0;
      st.info[3] = cue.nonce;
      if (changed > 0) st.info[6] = ctx.step + 1;
      trackState(st);
      return;
    }
    // The local fields persist between steps (kept current flip by flip). They are summed afresh after a cue and once
    // 64·N flips have gone by since the last fresh sum (the incremental work is then 64 O(N²) products, so the fresh
    // sums cost at most 1/64 more), which bounds their rounding error (dynamics.ts TIE_RELATIVE) and costs nothing
    // while the network sits at a fixed point.
    const fresh = st.info[2] !== 1 || !(st.info[4]! < REFRESH_FLIPS_PER_UNIT * st.n);
    const changed = sweep(netOf(st), st.s, st.h, st.order, ctx.live.update, c.order, ctx.rng, fresh);
    st.info[0] = changed;
    st.info[1]! += 1;
    st.info[2] = 1;
    if (changed > 0) st.info[6] = ctx.step + 1; // the session step this sweep ends
    // A synchronous step leaves freshly summed fields behind when it summed them or changed anything (syncUpdate).
    if (ctx.live.update === 'sync') st.info[4] = fresh || changed > 0 ? 0 : st.info[4]!;
    else st.info[4] = (fresh ? 0 : st.info[4]!) + changed;
    trackState(st);
  },

  observe(st) {
    const net = netOf(st);
    // m = M/N from the sums the steps keep (bit-identical to a full sum); a full sum before the first step.
    if (st.info[5] === 1) for (let mu = 0; mu < st.p; mu++) st.m[mu] = st.overlapSums[mu]! / st.n;
    else overlaps(st.xi, st.p, st.n, st.s, st.lo, st.m);
    return {
      state: st.s,
      // O(N) from the fields the dynamics keep current (dynamics.ts energyFromFields); O(N²) only before a step.
      energy: st.info[2] === 1 ? energyFromFields(net, st.s, st.h) : energy(net, st.s, st.work),
      overlaps: st.m,
      changed: st.info[0]!,
      imageWidth: st.width ?? 0,
      imageHeight: st.height ?? 0,
    };
  },

  metrics(rec: Recording, c, st, live) {
    const e = rec.fields.energy!.data;
    const startStep = rec.startStep ?? rec.step[0]! - 1;
    let converged: boolean;
    let stepsToConverge: number | null;
    if (st.info.length > 6) {
      // Exact whatever recordEvery: the run ends at a fixed point when its last sweep changed nothing, and it got there
      // with the last sweep that changed a unit (session step info[6]); counted in sweeps of this run, not the session.
      converged = st.info[0] === 0;
      stepsToConverge = converged ? Math.max(0, st.info[6]! - startStep) : null;
    } else {
      // A state persisted before info[6] existed: the first recorded step that changed nothing.
      const changed = rec.fields.changed!.data;
      const firstStill = changed.indexOf(0);
      converged = firstStill >= 0;
      stepsToConverge = converged ? rec.step[firstStill]! - 1 - startStep : null;
    }
    // The overlaps now: from the sums the steps keep (bit-identical), or summed in full before the first step.
    if (st.info[5] === 1) for (let mu = 0; mu < st.p; mu++) st.m[mu] = st.overlapSums[mu]! / st.n;
    else overlaps(st.xi, st.p, st.n, st.s, st.lo, st.m);
    let best = 0;
    let bestIndex = -1;
    for (let mu = 0; mu < st.p; mu++) if (Math.abs(st.m[mu]!) > best) { best = Math.abs(st.m[mu]!); bestIndex = mu; }
    // The cued pattern: the live cue's once one was applied (for a drawn state, the pattern it ended nearest), else
    // the config's.
    const liveCue = live.cue && live.cue.nonce === st.info[3] ? (live.cue.state ? bestIndex : Math.min(live.cue.pattern, st.p - 1)) : null;
    const cued = liveCue ?? (c.initial === 'cue' ? c.cue.pattern : -1);
    const outcome = classify(st.m, st.p, cued, converged);
    return {
      finalOverlap: cued >= 0 && cued < st.p ? st.m[cued]! : null,
      maxAbsOverlap: best,
      nearestPattern: bestIndex,
      stepsToConverge,
      converged,
      outcome,
      spurious: outcome === 'spurious',
      finalEnergy: e.length ? e[e.length - 1]! : null,
      load: st.p / st.n,
    };
  },

  train: {
    schema: hopfieldTrainSchema,
    validate: validateHopfieldTraining,
    cost: hopfieldTrainingCost,
    run(st, c, request: z.infer<typeof hopfieldTrainSchema>, ctx, live) {
      // Without new patterns, the ones stored now are stored again (under the requested rule): random patterns are
      // not redrawn.
      const source: PatternSource = request.patterns ?? {
        type: 'explicit',
        values: Array.from({ length: st.p }, (_, mu) => Array.from(st.xi.subarray(mu * st.n, (mu + 1) * st.n))),
        ...(st.width !== null ? { width: st.width } : {}),
      };
      const rule = request.rule ?? c.rule;
      const shape = sourceShape(source, st.n);
      const issues = sourceIssues(source, st.n);
      if (shape.size !== st.n) issues.push({ path: [], message: `the patterns have ${shape.size} units, the network ${st.n}` });
      if (issues.length) throw new RangeError(`patterns: ${issues.map((i) => i.message).join('; ')}`);
      if (rule === 'pseudo-inverse' && patternCount(source, st.n) >= st.n) throw new RangeError('rule: the pseudo-inverse rule needs fewer patterns than units');
      const next = buildState(c, source, rule, ctx.rng, ctx.alloc);
      if (shape.width !== null) { next.width = shape.width; next.height = shape.height; }
      // Recall test: cue each of the first patterns, let it settle, measure the overlap reached.
      const net = netOf(next);
      const tested = Math.min(request.recall.patterns, next.p);
      let sumOverlap = 0;
      let retrieved = 0;
      let fixed = 0;
      let spurious = 0;
      for (let mu = 0; mu < tested && !ctx.cancelled(); mu++) {
        // A stored pattern is a fixed point when one sweep from it changes nothing.
        applyCue(next, mu, { flip: 0, mask: 0 }, ctx.rng, false);
        if (settle(net, next.s, next.h, next.order, live.update, c.order, ctx.rng, 1).converged) fixed++;
        applyCue(next, mu, request.recall, ctx.rng, false);
        const r = settle(net, next.s, next.h, next.order, live.update, c.order, ctx.rng, request.recall.maxSweeps);
        overlaps(next.xi, next.p, next.n, next.s, next.lo, next.m);
        sumOverlap += next.m[mu]!;
        const outcome = classify(next.m, next.p, mu, r.converged);
        if (outcome === 'retrieved') retrieved++;
        if (outcome === 'spurious') spurious++;
        ctx.progress((mu + 1) / tested, { meanOverlap: sumOverlap / (mu + 1) });
      }
      initialise({ ...c, cue: { ...c.cue, pattern: Math.min(c.cue.pattern, Math.max(0, next.p - 1)) } }, next, ctx.rng);
      return {
        metrics: {
          patternsStored: next.p,
          units: next.n,
          load: next.p / next.n,
          rule,
          patternsTested: tested,
          fixedPointFraction: tested ? fixed / tested : null,
          meanRecallOverlap: tested ? sumOverlap / tested : null,
          retrievedFraction: tested ? retrieved / tested : null,
          spuriousFraction: tested ? spurious / tested : null,
        },
        state: next,
      };
    },
  },
});

/**
 * The overlap sums follow the units that changed (observables.ts), in step rather than in observe: observe only reads
 * the state, so a frame taken at any moment cannot disturb what the dynamics keep.
 */
function trackState(st: HopfieldState): void {
  if (!(st.overlapSums instanceof Float64Array)) return; // a state persisted before the incremental overlaps
  const tracker = { xi: st.xi, p: st.p, n: st.n, lo: st.lo, sums: st.overlapSums, seen: st.overlapSeen, changedUnits: st.changedUnits, delta: st.work };
  trackOverlaps(tracker, st.s, st.info[5] === 1, st.m);
  st.info[5] = 1;
}

/** An explicit cue state: +1 on, −1 or 0 off, in the network's units. */
function presentState(st: HopfieldState, state: number[]): void {
  if (state.length !== st.n) throw new RangeError(`live.cue.state: needs ${st.n} values (one per unit), got ${state.length}`);
  for (let i = 0; i < st.n; i++) st.s[i] = state[i]! > 0 ? 1 : st.lo;
}

/** The starting state from the config's cue, and the step counters. */
function initialise(c: HopfieldConfig, st: HopfieldState, rng: Rng): HopfieldState {
  applyCue(st, c.cue.pattern, c.cue, rng.fork(), c.initial === 'random');
  st.info[0] = -1; // no step taken yet
  st.info[1] = 0;
  st.info[2] = 0; // h was used as a buffer by the cue
  st.info[3] = 0;
  st.info[4] = 0;
  st.info[5] = 0; // overlap sums not taken yet
  st.info[6] = -1;
  return st;
}

