import type { Preset } from '../contract.js';
import type { RateConfig } from './config.js';

const single = (r: number): Partial<RateConfig> => ({
  size: 1,
  inputs: 1,
  time: 'discrete',
  r,
  nonlinearity: 'linear',
  recurrent: { type: 'none' },
  inputWeights: { type: 'identity' },
  initialState: { type: 'zeros' },
});

const pulseRun = { steps: 100, inputs: [{ type: 'pulse', channel: 0, onset: 10, duration: 1, amplitude: 1 }] };

export const ratePresets: Preset<RateConfig>[] = [
  { name: 'integrator-r1', description: 'One linear unit with r = 1: a pulse is held forever (a perfect integrator)', config: single(1), run: pulseRun },
  { name: 'leaky-r0.9', description: 'One linear unit with r = 0.9: a pulse decays as 0.9ᵗ', config: single(0.9), run: pulseRun },
  { name: 'runaway-r1.05', description: 'One linear unit with r = 1.05: a pulse grows as 1.05ᵗ', config: single(1.05), run: pulseRun },
  {
    name: 'chaotic-g1.5',
    description: 'N = 1000 tanh units, random M with g = 1.5: spontaneous chaotic activity',
    reference: 'Sompolinsky, Crisanti & Sommers 1988',
    config: { size: 1000, inputs: 1, time: 'continuous', tau: 10, dt: 1, recurrent: { type: 'random', gain: 1.5, density: 1, zeroDiagonal: true, symmetric: false } },
    run: { steps: 1000 },
  },
  {
    name: 'quiescent-g0.9',
    description: 'N = 1000 tanh units, random M with g = 0.9: activity decays to rest',
    config: { size: 1000, inputs: 1, time: 'continuous', tau: 10, dt: 1, recurrent: { type: 'random', gain: 0.9, density: 1, zeroDiagonal: true, symmetric: false } },
    run: { steps: 1000 },
  },
];
