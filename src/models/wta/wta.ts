/**
 * `wta`: selecting only the strongest response (Dayan & Abbott 2001, ch. 7; Kappel et al. 2014), in three variants.
 *
 * lateral      τ dv_i/dt = −v_i + [I_i − β Σ_{j≠i} v_j]₊
 *              With every unit active the differences between units obey τ d(v_i − v_j)/dt = (β − 1)(v_i − v_j) +
 *              (I_i − I_j): for β < 1 a state with several active units is stable; for β > 1 it is a saddle and only
 *              the unit with the largest input survives, at v = I_max (the others get I_j − β·I_max < 0).
 * inhibitory   τ dv_i/dt = −v_i + [I_i + α·v_i − (β/m) Σ_k u_k]₊,   τ_I du_k/dt = −u_k + [Σ_i v_i]₊   (m units u)
 *              k excitatory units drive an inhibitory population that inhibits them all; with α = β and fast
 *              inhibition (u_k → Σ v) this is the lateral form.
 * soft         each step the circuit spikes with probability p, the spike going to unit i with probability
 *              exp(I_i/T)/Σ_j exp(I_j/T) (the stochastic WTA of Kappel et al. 2014); activity is the spike train
 *              low-pass filtered with τ, so it tends to p·P(i wins).
 */
import { defineModel } from '../contract.js';
import { integrators, type IntegratorBuffers } from '../../engine/integrators.js';
import { wtaConfigSchema, wtaLiveSchema, type WtaConfig, type WtaLive } from './config.js';
import { wtaPresets } from './presets.js';
import { currentDrive, initialDrive } from './drives.js';
import { argmax, competitionFigures, softFigures, softmax } from './competition.js';
import { wtaBuildCost } from './build-cost.js';

export interface WtaState extends Record<string, unknown> {
  /** [v (k excitatory); u (m inhibitory, inhibitory variant)], integrated together (no stored views: state is persisted as plain arrays). */
  x: Float64Array;
  /** Fixed part of the drive (given / random / bump jitter). */
  base: Float64Array;
  /** The drive this step, I. */
  drive: Float64Array;
  /** Soft variant: the current winner probabilities. */
  probabilities: Float64Array;
  /**
   * Soft variant: [T, I_0 … I_{k−1}], the temperature and drives `probabilities` was computed from, so that a step
   * with the same T and I reuses it instead of computing the same k exponentials again (empty otherwise, and in
   * states saved before it existed: then every step computes).
   */
  probabilitiesOf?: Float64Array;
  /** Soft variant: this step's spike, one-hot. */
  spikes: Float64Array;
  /** [bump centre, last live bump centre seen, winner this step (−1 none), total inhibition]. */
  aux: Float64Array;
  buffers: IntegratorBuffers;
}

/** Parameters of the step being taken: module scratch, so that a step allocates no closure. */
const par = { k: 0, m: 0, beta: 0, alpha: 0, tau: 1, tauI: 1, drive: new Float64Array(0) as Float64Array };

/** τ dv_i/dt = −v_i + [I_i − β Σ_{j≠i} v_j]₊, with Σ_{j≠i} v_j = S − v_i so that a step costs O(k). */
function lateralDerivative(x: Float64Array, _t: number, out: Float64Array): void {
  const { k, beta, tau, drive } = par;
  let total = 0;
  for (let i = 0; i < k; i++) total += x[i]!;
  for (let i = 0; i < k; i++) {
    const f = drive[i]! - beta * (total - x[i]!);
    out[i] = ((f > 0 ? f : 0) - x[i]!) / tau;
  }
}

/** x = [v; u]: τ dv_i/dt = −v_i + [I_i + α·v_i − (β/m) Σ_k u_k]₊,  τ_I du_k/dt = −u_k + [Σ_i v_i]₊. */
function inhibitoryDerivative(x: Float64Array, _t: number, out: Float64Array): void {
  const { k, m, beta, alpha, tau, tauI, drive } = par;
  let excitation = 0;
  for (let i = 0; i < k; i++) excitation += x[i]!;
  let inhibition = 0;
  for (let j = k; j < k + m; j++) inhibition += x[j]!;
  inhibition *= beta / m;
  for (let i = 0; i < k; i++) {
    const f = drive[i]! + alpha * x[i]! - inhibition;
    out[i] = ((f > 0 ? f : 0) - x[i]!) / tau;
  }
  const g = excitation > 0 ? excitation : 0;
  for (let j = k; j < k + m; j++) out[j] = (g - x[j]!) / tauI;
}

/**
 * Forward Euler of the lateral form in one pass after the sum, x_i ← x_i + dt·F_i(x) (the same operations in the
 * same order as `eulerStep` with `lateralDerivative`, so the same bits, without the k1 buffer and its second pass):
 * F_i = ([I_i − β(S − v_i)]₊ − v_i)/τ with S = Σ_j v_j of the state before the step; each F_i needs only S and v_i,
 * so v_i can be overwritten as soon as it is read. The same pass sums the new state (in index order, as a separate
 * sum would) and finds its first maximum (as `argmax`). Returns the new S; the winner goes to `aux[WINNER]`.
 */
function lateralEuler(x: Float64Array, k: number, dt: number, aux: Float64Array): number {
  const { beta, tau, drive } = par;
  let total = 0;
  for (let i = 0; i < k; i++) total += x[i]!;
  let next = 0;
  let best = 0;
  let top = 0;
  for (let i = 0; i < k; i++) {
    const v = x[i]!;
    const I = drive[i]!;
    const f = I - beta * (total - v);
    const u = v + dt * (((f > 0 ? f : 0) - v) / tau);
    x[i] = u;
    next += u;
    if (i === 0) top = u;
    else if (u > top) {
      best = i;
      top = u;
    }
  }
  aux[WINNER] = best;
  return next;
}

/**
 * Forward Euler of the inhibitory form, fused as `lateralEuler` (same bits as `eulerStep` with `inhibitoryDerivative`):
 * every F needs only the sums over v and u before the step and the unit's own value.
 */
function inhibitoryEuler(x: Float64Array, k: number, dt: number, aux: Float64Array): void {
  const { m, beta, alpha, tau, tauI, drive } = par;
  let excitation = 0;
  for (let i = 0; i < k; i++) excitation += x[i]!;
  let inhibition = 0;
  for (let j = k; j < k + m; j++) inhibition += x[j]!;
  inhibition *= beta / m;
  let best = 0;
  let top = 0;
  for (let i = 0; i < k; i++) {
    const v = x[i]!;
    const I = drive[i]!;
    const f = I + alpha * v - inhibition;
    const u = v + dt * (((f > 0 ? f : 0) - v) / tau);
    x[i] = u;
    if (i === 0) top = u;
    else if (u > top) {
      best = i;
      top = u;
    }
  }
  const g = excitation > 0 ? excitation : 0;
  for (let j = k; j < k + m; j++) x[j]! += dt * ((g - x[j]!) / tauI);
  aux[WINNER] = best;
}

/**
 * Whether `key` = [T, I…] shows that softmax(I/T) is already in `probabilities`; if not, record T and I as what it
 * is about to be computed from. Equal T and equal I_i (±0 count as equal: softmax subtracts the maximum, so a zero's
 * sign cannot change any exponent) give the same probabilities bit for bit; NaN never compares equal.
 */
function probabilitiesCurrent(key: Float64Array | undefined, temperature: number, drive: Float64Array, k: number): boolean {
  if (!key || key.length !== k + 1) return false;
  let same = key[0] === temperature;
  for (let i = 0; same && i < k; i++) same = key[i + 1] === drive[i];
  if (same) return true;
  key[0] = temperature;
  key.set(drive.subarray(0, k), 1);
  return false;
}

const WINNER = 2;
const INHIBITION = 3;

export const wta = defineModel<WtaConfig, WtaState, WtaLive>({
  meta: {
    kind: 'wta',
    title: 'Winner-take-all by lateral inhibition',
    summary:
      'k units compete through inhibition, so that the network computes a max: for β > 1 only the unit with the ' +
      'largest input stays active, at v = I_max; for β < 1 several units share the activity. The inhibitory variant ' +
      'routes the inhibition through an explicit inhibitory population; the soft variant picks one winner at ' +
      'random with softmax probabilities whose sharpness is set by the temperature T. Change the drives, β or T live.',
    equations: [
      'τ dv_i/dt = −v_i + [I_i − β Σ_{j≠i} v_j]₊',
      'τ dv_i/dt = −v_i + [I_i + α v_i − (β/m) Σ_k u_k]₊,  τ_I du_k/dt = −u_k + [Σ_i v_i]₊',
      'P(i wins) = exp(I_i/T) / Σ_j exp(I_j/T)',
    ],
    references: [
      'Dayan P, Abbott LF (2001) Theoretical Neuroscience, ch. 7 (Fig. 7.18). MIT Press.',
      'Kappel D, Nessler B, Maass W (2014) STDP installs in winner-take-all circuits an online approximation to hidden Markov model learning. PLoS Comput Biol 10:e1003511.',
    ],
    timeUnit: 'ms',
    fields: {
      activity: 'v, the excitatory activities after competition',
      drive: 'I, the drives before competition',
      inhibition: 'Inhibitory variant: inhibitory rates u; otherwise the total inhibition β·Σ v (one value)',
      probabilities: 'softmax(I/T): the soft variant\'s winner probabilities',
      spikes: 'Soft variant: the spike emitted this step (one-hot)',
      winner: 'Index of the most active unit (soft variant: the unit that spiked this step, −1 when none)',
      margin: 'Activity of the winner minus that of the runner-up',
    },
    activityField: 'activity',
  },
  configSchema: wtaConfigSchema,
  liveSchema: wtaLiveSchema,
  initialLive: (c) => ({ beta: c.beta, temperature: c.temperature, bumpSpeed: c.drive.type === 'bump' ? c.drive.speed : 0 }),
  presets: wtaPresets,
  dt: (c) => c.dt,
  // One generic channel per unit, added to the drive.
  inputSize: (c) => c.size,
  size: (c) => c.size,
  cost: wtaBuildCost,
  defaultRecord: ['activity', 'drive', 'winner', 'margin'],
  metricFields: ['activity', 'winner'],

  create(c, { rng, alloc }) {
    const k = c.size;
    const m = c.variant === 'inhibitory' ? c.inhibitoryUnits : 0;
    const driveRng = rng.fork();
    const initRng = rng.fork();
    const x = alloc.f64(k + m);
    if (c.initialState === 'random') for (let i = 0; i < k; i++) x[i] = 0.1 * initRng.uniform();
    const base = alloc.f64(k);
    initialDrive(c, driveRng, base);
    const aux = alloc.f64(4);
    if (c.drive.type === 'bump') aux[0] = c.drive.center;
    aux[1] = -1; // no live bump centre seen yet (centres are ≥ 0)
    aux[WINNER] = -1;
    const n = k + m;
    const buffers: IntegratorBuffers = { k1: alloc.f64(n), k2: alloc.f64(n), k3: alloc.f64(n), k4: alloc.f64(n), tmp: alloc.f64(n) };
    const drive = alloc.f64(k);
    currentDrive(c, { beta: c.beta, temperature: c.temperature, bumpSpeed: 0 }, base, aux, new Float64Array(k), 0, drive);
    return {
      x,
      base,
      drive,
      probabilities: softmax(drive, c.temperature, alloc.f64(k)),
      probabilitiesOf: alloc.f64(c.variant === 'soft' ? k + 1 : 0).fill(NaN),
      spikes: alloc.f64(c.variant === 'soft' ? k : 0),
      aux,
      buffers,
    };
  },

  step(s, c, ctx) {
    const k = c.size;
    const { live } = ctx;
    const euler = c.variant !== 'soft' && c.integrator === 'euler';
    currentDrive(c, live, s.base, s.aux, ctx.input, ctx.dt, s.drive);
    const I = s.drive;
    const tau = c.tau;

    if (c.variant === 'soft') {
      if (!probabilitiesCurrent(s.probabilitiesOf, live.temperature, I, k)) softmax(I, live.temperature, s.probabilities);
      s.spikes.fill(0);
      let winner = -1;
      if (ctx.rng.uniform() < c.spikeProbability) {
        // Inverse-CDF draw of the winner from the softmax.
        const r = ctx.rng.uniform();
        let acc = 0;
        winner = k - 1;
        for (let i = 0; i < k; i++) {
          acc += s.probabilities[i]!;
          if (r < acc) {
            winner = i;
            break;
          }
        }
        s.spikes[winner] = 1;
      }
      s.aux[WINNER] = winner;
      const a = 1 - Math.exp(-ctx.dt / tau);
      for (let i = 0; i < k; i++) s.x[i]! += a * (s.spikes[i]! - s.x[i]!);
      return;
    }

    par.k = k;
    par.beta = live.beta;
    par.tau = tau;
    par.drive = I;
    if (c.variant === 'lateral') {
      if (euler) {
        s.aux[INHIBITION] = live.beta * lateralEuler(s.x, k, ctx.dt, s.aux);
        return;
      }
      integrators[c.integrator](s.x, ctx.t, ctx.dt, lateralDerivative, s.buffers);
      let total = 0;
      for (let i = 0; i < k; i++) total += s.x[i]!;
      s.aux[INHIBITION] = live.beta * total;
    } else {
      par.m = c.inhibitoryUnits;
      par.alpha = c.selfExcitation ?? live.beta;
      par.tauI = c.tauInhibitory;
      if (euler) {
        inhibitoryEuler(s.x, k, ctx.dt, s.aux);
        return;
      }
      integrators[c.integrator](s.x, ctx.t, ctx.dt, inhibitoryDerivative, s.buffers);
    }
    s.aux[WINNER] = argmax(s.x, 0, k);
  },

  observe(s, c, live) {
    let top = -Infinity;
    let second = -Infinity;
    for (let i = 0; i < c.size; i++) {
      const a = s.x[i]!;
      if (a > top) {
        second = top;
        top = a;
      } else if (a > second) second = a;
    }
    if (c.variant !== 'soft') softmax(s.drive, live.temperature, s.probabilities);
    return {
      activity: s.x.subarray(0, c.size),
      drive: s.drive,
      inhibition: c.variant === 'inhibitory' ? s.x.subarray(c.size) : s.aux[INHIBITION]!,
      probabilities: s.probabilities,
      spikes: s.spikes,
      winner: s.aux[WINNER]!,
      margin: top - second,
    };
  },

  metrics(rec, c, s, live) {
    return c.variant === 'soft' ? softFigures(rec, s.drive, live.temperature) : competitionFigures(rec, s.drive);
  },
});
