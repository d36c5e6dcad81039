import type { Preset } from '../contract.js';
import type { IntegratorConfig } from './config.js';

/** A fixation task: saccades of mixed size and direction with a blink in the middle of a long fixation. */
const task: Pick<IntegratorConfig, 'saccades' | 'blinks'> = {
  saccades: [
    { onset: 500, amplitude: 10, duration: 20 },
    { onset: 2500, amplitude: 10, duration: 20 },
    { onset: 4500, amplitude: -30, duration: 40 },
    { onset: 7500, amplitude: 15, duration: 25 },
  ],
  blinks: [{ onset: 6000, duration: 150, removeInput: true, kick: 10 }],
};

const network = (lambda: number, noise: number): Partial<IntegratorConfig> => ({
  form: 'network',
  size: 50,
  tau: 100,
  dt: 1,
  lambda,
  noise,
  ...task,
});

/** The lecture's single unit v[t+1] = r·v[t] + f(W·u[t]) (no other unit, so diag(M) = 0 trivially), one step per ms. */
const single = (r: number): Partial<IntegratorConfig> => ({
  form: 'discrete',
  size: 1,
  dt: 1,
  r,
  nonlinearity: 'linear',
  coupling: 0,
  saccades: [{ onset: 100, amplitude: 10, duration: 20 }],
  blinks: [],
});

export const integratorPresets: Preset<IntegratorConfig>[] = [
  {
    name: 'goldfish-tuned',
    description:
      'N = 50 threshold-linear units, τ = 100 ms, feedback λ = 0.998 (τ_net = τ/(1−λ) = 50 s) with a little noise: ' +
      'saccades are held with drift < 1 °/s, and a blink does not erase the position',
    reference: 'Seung et al. 2000; goldfish drift < 1 °/s (Mensh et al. 2004); sensitivity 2.8 (spikes/s)/° (Aksay et al. 2000)',
    config: network(0.998, 1),
    run: { steps: 10_000, recordEvery: 5 },
  },
  {
    name: 'recruitment-within-range',
    description:
      'λ = 1, units recruited one by one across the range (threshold-linear tuning curves as recorded in the goldfish), ' +
      'readout tuned by least squares: a line attractor only approximately, with a small position-dependent drift; ' +
      'the larger readout weights make it more sensitive to noise and blinks than the exact line',
    reference: 'Seung et al. 2000 (weights tuned by regression); Aksay et al. 2000 (recruitment thresholds)',
    config: { ...network(1, 0.5), recruitment: 'withinRange' },
    run: { steps: 10_000, recordEvery: 5 },
  },
  {
    name: 'mistuned-leaky',
    description: 'λ = 0.95: after each saccade the eye drifts back to centre with τ_net = τ/(1−λ) = 2 s',
    reference: 'Seung et al. 2000 (mistuned integrator)',
    config: network(0.95, 0),
    run: { steps: 10_000, recordEvery: 5 },
  },
  {
    name: 'mistuned-unstable',
    description: 'λ = 1.05: the eye runs away from centre with τ_net = τ/(λ−1) = 2 s until units hit threshold',
    reference: 'Seung et al. 2000 (mistuned integrator)',
    config: network(1.05, 0),
    run: { steps: 10_000, recordEvery: 5 },
  },
  {
    name: 'single-unit-r1-perfect',
    description: 'Lecture slide: r = 1, a perfect integrator; a 10° saccade is remembered exactly, forever',
    reference: 'Lecture, "Neural integration in RNNs"',
    config: single(1),
    run: { steps: 2000 },
  },
  {
    name: 'single-unit-r0.995-leaky',
    description: 'Lecture slide: r < 1, activity decays back to baseline as rᵗ (τ = −dt/ln r ≈ 200 ms)',
    reference: 'Lecture, "Neural integration in RNNs"',
    config: single(0.995),
    run: { steps: 2000 },
  },
  {
    name: 'single-unit-r1.002-runaway',
    description: 'Lecture slide: r > 1, runaway activity growing as rᵗ (×e every ≈ 500 ms)',
    reference: 'Lecture, "Neural integration in RNNs"',
    config: single(1.002),
    run: { steps: 2000 },
  },
];
