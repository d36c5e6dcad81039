import type { Preset } from '../contract.js';
import type { WtaConfig } from './config.js';

const drives = [0.3, 0.55, 0.9, 0.4, 1.0, 0.2, 0.65, 0.85, 0.7, 0.1];
const given = { type: 'given' as const, values: drives };

export const wtaPresets: Preset<WtaConfig>[] = [
  {
    name: 'hard-wta-beta1.5',
    description: 'β = 1.5 > 1: only the unit with the largest input (unit 4, I = 1) stays active, at v = I_max',
    reference: 'Dayan & Abbott 2001, ch. 7',
    config: { variant: 'lateral', size: 10, beta: 1.5, tau: 10, dt: 0.2, drive: given },
    run: { steps: 2000 },
  },
  {
    name: 'soft-competition-beta0.3',
    description: 'β = 0.3 < 1: inhibition only sharpens, several units stay active (v_i = (I_i − βS)/(1 − β) on the active set)',
    reference: 'Dayan & Abbott 2001, ch. 7',
    config: { variant: 'lateral', size: 10, beta: 0.3, tau: 10, dt: 0.2, drive: given },
    run: { steps: 2000 },
  },
  {
    name: 'noisy-bump-dayan-abbott',
    description: 'A noisy Gaussian bump over 50 units (before WTA) is reduced to one active unit near its peak (after WTA)',
    reference: 'Dayan & Abbott 2001, Fig. 7.18 (before/after winner-take-all), as on the lecture slide',
    config: {
      variant: 'lateral',
      size: 50,
      beta: 1.2,
      tau: 10,
      dt: 0.2,
      drive: { type: 'bump', center: 25, width: 5, amplitude: 1, baseline: 0.2, jitter: 0.1, speed: 0 },
    },
    run: { steps: 3000 },
  },
  {
    name: 'inhibitory-population',
    description: '10 excitatory units and one inhibitory unit that inhibits them all (β = 2, α = β, τ_I = 2 ms): the max again',
    reference: 'Kappel et al. 2014, Fig. 1 (lateral inhibition through an inhibitory pool)',
    config: { variant: 'inhibitory', size: 10, beta: 2, inhibitoryUnits: 1, tauInhibitory: 2, tau: 10, dt: 0.1, drive: given },
    run: { steps: 5000 },
  },
  {
    name: 'soft-wta-kappel',
    description: 'Stochastic WTA: one spike per step goes to unit i with probability ∝ exp(I_i/T), T = 0.1',
    reference: 'Kappel et al. 2014 (stochastic WTA circuit)',
    config: { variant: 'soft', size: 10, temperature: 0.1, tau: 10, dt: 1, drive: given },
    run: { steps: 5000 },
  },
  {
    name: 'moving-bump',
    description: 'A bump drifting around a ring of 40 units at 4 units/s: the winner follows it, with a lag set by the competition',
    config: {
      variant: 'lateral',
      size: 40,
      beta: 1.2,
      tau: 10,
      dt: 0.2,
      drive: { type: 'bump', center: 0, width: 3, amplitude: 1, baseline: 0, jitter: 0, speed: 4 },
    },
    run: { steps: 25_000, recordEvery: 50 },
  },
];
