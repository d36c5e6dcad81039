/**
 * `integrator`: the oculomotor neural integrator (Seung et al., Neuron 2000), in two forms.
 *
 * network  τ dv_i/dt = −v_i + [ v0_i + λ·ξ_i·(ηᵀv − c0) ]₊ + τ·ξ_i·ė·H(field_i),   eye position E = ηᵀv − c0
 *   N threshold-linear units; unit i's rate at eye position E is v0_i + ξ_i·E (threshold-linear in E with
 *   sensitivity ξ_i, Aksay et al. 2000). The feedback λ·ξηᵀ is rank one with ηᵀξ = 1 (η = ξ/‖ξ‖²), so projecting
 *   on η gives the one-dimensional law τ dE/dt = −(1−λ)·E + τ·ė: λ = 1 makes the set {v0 + ξE} a line attractor
 *   that integrates the velocity command ė; λ < 1 leaks back to the null position 0° with τ_net = τ/(1−λ); λ > 1
 *   runs away with the same time constant. Every other direction decays with τ. The tonic drive v0 − λξc0 keeps the
 *   null position at 0° whatever λ is (c0 = ηᵀv0).
 * discrete v[t+1] = r·v[t] + f(W·u[t] + M·v[t]), diag(M) = 0, W = 1, u[t] = ė·dt, E = mean(v)   (lecture slides)
 */
import { defineModel } from '../contract.js';
import { integrators, type IntegratorBuffers } from '../../engine/integrators.js';
import { applyNonlinearity } from '../../engine/nonlinearity.js';
import { dot, matVec, mean } from '../../engine/linalg/dense.js';
import { gaussianMatrix } from '../../engine/linalg/random-matrix.js';
import { ridgeFit } from '../../engine/linalg/ridge.js';
import { integratorConfigSchema, integratorLiveSchema, type IntegratorConfig, type IntegratorLive } from './config.js';
import { integratorPresets } from './presets.js';
import { blinkAt, scheduledVelocity, type BlinkNow } from './commands.js';
import { driftFigures } from './drift.js';
import { integratorBuildCost } from './build-cost.js';

export interface IntegratorState extends Record<string, unknown> {
  /** Rates (spikes/s, network form) or activities (discrete form). */
  v: Float64Array;
  /** Network: signed position sensitivities ξ ((spikes/s)/°). */
  xi: Float64Array;
  /** Network: readout η (ξ/‖ξ‖² when every unit is active in range; least squares otherwise). */
  eta: Float64Array;
  /** Network: rates at the null position E = 0 (spikes/s). */
  v0: Float64Array;
  /** Discrete: M, N × N, diag(M) = 0 (empty without coupling). */
  m: Float64Array;
  /** [c0 = ηᵀv0, target position (°), effective velocity (°/s), blink on (0/1), event count, commanded velocity (°/s)]. */
  aux: Float64Array;
  field: Float64Array;
  buffers: IntegratorBuffers;
}

const C0 = 0;
const TARGET = 1;
const VELOCITY = 2;
const BLINK = 3;
const EVENTS = 4;
const COMMAND = 5;

/**
 * Least-squares readout E ≈ ηᵀr(E) − c0 over the tuning curves r_i(E) = [v0_i + ξ_i·E]₊ on a grid spanning the
 * range (Seung et al. 2000 tuned their network's weights by such a regression so that the fixed points cover the
 * range). Writes η, returns c0. The fit is not exact once units have thresholds inside the range: what is left,
 * ηᵀr(E) − c0 − E, becomes a drift of residual(E)/τ per ms at position E.
 */
export function fitReadout(xi: Float64Array, v0: Float64Array, range: number, eta: Float64Array, ridge = RIDGE): number {
  const n = xi.length;
  const points = Math.max(601, 20 * n + 1);
  const cols = n + 1;
  const x = new Float64Array(points * cols);
  const y = new Float64Array(points);
  let trace = 0;
  for (let g = 0; g < points; g++) {
    const e = -range + (2 * range * g) / (points - 1);
    for (let i = 0; i < n; i++) {
      const r = v0[i]! + xi[i]! * e;
      x[g * cols + i] = r > 0 ? r : 0;
      trace += x[g * cols + i]! ** 2;
    }
    x[g * cols + n] = 1;
    y[g] = e;
  }
  const fit = ridgeFit(x, points, cols, y, 1, { lambda: (ridge * trace) / points / n, solver: 'qr' });
  for (let i = 0; i < n; i++) eta[i] = fit.weights[i]!;
  return -fit.weights[n]!;
}

/**
 * Ridge on the readout fit, relative to the mean squared rate. Near-coincident thresholds make the plain least-squares
 * readout ill-conditioned (‖η‖ ≈ 0.75 vs 0.05 for the exact one): private noise is then amplified ≈ 300-fold in
 * variance and a saccade can stall between grid points. 1e-3 keeps ‖η‖ ≈ 0.16 for N = 50 at a residual drift of at
 * most ≈ 0.25 °/s over ±30° (figures in scripts/integrator-wta-figures.ts).
 */
const RIDGE = 1e-3;

/** The network's parameters for the step being taken: module scratch, so that a step allocates no closure. */
const empty: Float64Array = new Float64Array(0);
const net = { eta: empty, xi: empty, v0: empty, n: 0, tau: 1, lambda: 1, c0: 0, velocity: 0 };

/**
 * dv/dt of the network form. Seung et al. 2000 with a rank-one tuned feedback: field_i = v0_i + λ·ξ_i·(ηᵀx − c0).
 * The burst command moves each unit along its tuning curve, dv_i/dt = ξ_i·ė while the unit is above threshold,
 * rather than entering the field: a saccade's velocity (≈ 500 °/s, i.e. 50° of field over τ = 100 ms) would
 * otherwise silence the OFF side during the burst and part of the integral be lost.
 */
function networkDerivative(x: Float64Array, _t: number, out: Float64Array): void {
  const { eta, xi, v0, n, tau, velocity } = net;
  const feedback = net.lambda * (dot(eta, x, n) - net.c0);
  for (let i = 0; i < n; i++) {
    const f = v0[i]! + xi[i]! * feedback;
    out[i] = f > 0 ? (f - x[i]!) / tau + xi[i]! * velocity : -x[i]! / tau;
  }
}

const blinkScratch: BlinkNow = { active: false, removeInput: false, kick: 0 };

function eyePosition(s: IntegratorState, c: IntegratorConfig): number {
  return c.form === 'network' ? dot(s.eta, s.v) - s.aux[C0]! : mean(s.v);
}

export const integrator = defineModel<IntegratorConfig, IntegratorState, IntegratorLive>({
  meta: {
    kind: 'integrator',
    title: 'Oculomotor neural integrator (line attractor)',
    summary:
      'How the brain remembers where the eyes point. Saccade commands are brief eye-velocity bursts; a network whose ' +
      'positive feedback is tuned (λ = 1) integrates them into a persistent eye position and holds it, even across ' +
      'blinks. Turn λ (or r in the single-unit form) while it runs: below 1 the eye drifts back to centre with ' +
      'τ_net = τ/(1−λ), above 1 it runs away. Noise makes a tuned integrator random-walk.',
    equations: [
      'τ dv_i/dt = −v_i + [h_i]₊ + τ·ξ_i·ė(t)·H(h_i),  h_i = v0_i + λ·ξ_i·(ηᵀv − c0),  E = ηᵀv − c0',
      'τ dE/dt = −(1 − λ)·E + τ·ė(t)  ⇒  τ_net = τ/|1 − λ|',
      'v[t+1] = r·v[t] + f(W·u[t] + M·v[t]),  diag(M) = 0',
    ],
    references: [
      'Seung HS, Lee DD, Reis BY, Tank DW (2000) Stability of the memory of eye position in a recurrent network of conductance-based model neurons. Neuron 26:259–271.',
      'Aksay E, Baker R, Seung HS, Tank DW (2000) Anatomy and discharge properties of pre-motor neurons in the goldfish medulla that have eye-position signals during fixations. J Neurophysiol 84:1035–1049.',
      'Mensh BD, Aksay E, Lee DD, Seung HS, Tank DW (2004) Spontaneous eye movements in goldfish: oculomotor integrator performance, plasticity, and dependence on visual feedback. Vision Res 44:711–726.',
      'Dayan P, Abbott LF (2001) Theoretical Neuroscience, ch. 7. MIT Press.',
    ],
    timeUnit: 'ms',
    fields: {
      rates: 'v, one value per unit (spikes/s in the network form)',
      eyePosition: 'E, the eye position read out from the activity (°)',
      targetPosition: 'Where a perfect integrator of the commands would be (°)',
      velocity: 'Velocity command reaching the integrator this step (°/s; 0 while a blink removes input)',
      blink: '1 while a blink is on',
      eventCount: 'Steps so far with a velocity command or a blink (splits the run into fixations)',
    },
    activityField: 'rates',
  },
  configSchema: integratorConfigSchema,
  liveSchema: integratorLiveSchema,
  initialLive: (c) => ({ lambda: c.lambda, r: c.r, noise: c.noise, velocity: 0 }),
  presets: integratorPresets,
  dt: (c) => c.dt,
  // One generic channel: an eye-velocity command in °/s (e.g. a pulse of 500 °/s for 20 ms is a 10° saccade).
  inputSize: () => 1,
  size: (c) => c.size,
  cost: integratorBuildCost,
  defaultRecord: ['rates', 'eyePosition', 'targetPosition', 'velocity', 'blink'],
  metricFields: ['eyePosition', 'targetPosition', 'eventCount'],

  create(c, { rng, alloc }) {
    const n = c.size;
    const structureRng = rng.fork();
    const v = alloc.f64(n);
    const xi = alloc.f64(c.form === 'network' ? n : 0);
    const eta = alloc.f64(c.form === 'network' ? n : 0);
    const v0 = alloc.f64(c.form === 'network' ? n : 0);
    const aux = alloc.f64(6);
    let m = alloc.f64(0);
    if (c.form === 'network') {
      // Half ON units (ξ > 0, rate rises with rightward position), half OFF, as the two sides of the goldfish
      // integrator. |ξ| ~ Gamma with mean `sensitivity` and CV `sensitivitySpread`; the threshold E_th of each unit
      // lies beyond the range on its non-preferred side, so v0_i = −ξ_i·E_th_i > 0 and every unit is active in range.
      const cv = c.sensitivitySpread;
      let norm2 = 0;
      for (let i = 0; i < n; i++) {
        const sign = i % 2 === 0 ? 1 : -1;
        const magnitude = cv > 0 ? structureRng.gamma(1 / (cv * cv), c.sensitivity * cv * cv) : c.sensitivity;
        xi[i] = sign * magnitude;
        const threshold =
          c.recruitment === 'beyondRange'
            ? -sign * (c.positionRange + structureRng.uniform() * c.thresholdSpread)
            : c.positionRange * (2 * structureRng.uniform() - 1);
        v0[i] = -xi[i]! * threshold;
        norm2 += xi[i]! * xi[i]!;
      }
      if (c.recruitment === 'beyondRange') {
        for (let i = 0; i < n; i++) eta[i] = xi[i]! / norm2;
        aux[C0] = dot(eta, v0);
      } else {
        aux[C0] = fitReadout(xi, v0, c.positionRange, eta);
      }
      for (let i = 0; i < n; i++) v[i] = Math.max(0, v0[i]! + xi[i]! * c.initialPosition);
    } else {
      if (c.coupling > 0) {
        m = alloc.f64(n * n);
        gaussianMatrix(m, structureRng, { rows: n, cols: n, gain: c.coupling, density: 1, zeroDiagonal: true });
      }
      v.fill(c.initialPosition);
    }
    aux[TARGET] = c.initialPosition;
    const buffers: IntegratorBuffers = { k1: alloc.f64(n), k2: alloc.f64(n), k3: alloc.f64(n), k4: alloc.f64(n), tmp: alloc.f64(n) };
    return { v, xi, eta, v0, m, aux, field: alloc.f64(n), buffers };
  },

  step(s, c, ctx) {
    const n = c.size;
    const dt = ctx.dt;
    const aux = s.aux;
    // Commanded velocity (°/ms): generic channel 0 and the live knob are in °/s, the schedule in °/ms.
    const command = (ctx.input[0]! + ctx.live.velocity) / 1000 + scheduledVelocity(c, ctx.t, dt);
    const blink = blinkAt(c, ctx.t, dt, blinkScratch);
    const velocity = blink.removeInput ? 0 : command;
    aux[TARGET]! += command * dt;
    aux[VELOCITY] = velocity * 1000;
    aux[COMMAND] = command * 1000;
    aux[BLINK] = blink.active ? 1 : 0;
    if (command !== 0 || blink.active) aux[EVENTS]! += 1;
    if (blink.kick > 0) ctx.rng.addNormal(s.v, blink.kick);
    const noise = ctx.live.noise;

    if (c.form === 'discrete') {
      // v[t+1] = r·v[t] + f(W·u[t] + M·v[t]) with W = 1 and u[t] = ė·dt, the displacement commanded this step.
      if (s.m.length) matVec(s.m, n, n, s.v, s.field);
      else s.field.fill(0);
      const u = velocity * dt;
      for (let i = 0; i < n; i++) s.field[i]! += u;
      applyNonlinearity(c.nonlinearity, s.field);
      const r = ctx.live.r;
      for (let i = 0; i < n; i++) s.v[i] = r * s.v[i]! + s.field[i]!;
      if (noise > 0) ctx.rng.addNormal(s.v, noise);
      return;
    }

    const tau = c.tau;
    net.eta = s.eta;
    net.xi = s.xi;
    net.v0 = s.v0;
    net.n = n;
    net.tau = tau;
    net.lambda = ctx.live.lambda;
    net.c0 = aux[C0]!;
    net.velocity = velocity;
    integrators[c.integrator](s.v, ctx.t, dt, networkDerivative, s.buffers);
    if (noise > 0) {
      ctx.rng.addNormal(s.v, noise * Math.sqrt(dt / tau));
    }
    // Rates are non-negative (only reached outside the oculomotor range, or by a large kick or noise).
    for (let i = 0; i < n; i++) if (s.v[i]! < 0) s.v[i] = 0;
  },

  observe: (s, c) => ({
    rates: s.v,
    eyePosition: eyePosition(s, c),
    targetPosition: s.aux[TARGET]!,
    velocity: s.aux[VELOCITY]!,
    blink: s.aux[BLINK]!,
    eventCount: s.aux[EVENTS]!,
  }),

  // Network form: fit τ_net only where every unit is above threshold (|E| ≤ range; thresholds lie beyond it).
  metrics: (rec, c) => driftFigures(rec, c.form === 'network' ? c.positionRange : Infinity),
});
