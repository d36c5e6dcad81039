import type { Preset } from '../contract.js';
import type { ForceConfig } from './config.js';

const PAPER = 'Sussillo D, Abbott LF (2009) Neuron 63:544, Fig. 2 (published code)';

/** A run covering warm-up, training and a test as long as the training, recorded every τ. */
function protocol(c: { warmupTime?: number; trainTime?: number }, testTime = c.trainTime ?? 1440): Record<string, unknown> {
  const steps = Math.round(((c.warmupTime ?? 100) + (c.trainTime ?? 1440) + testTime) / 0.1);
  return { steps, recordEvery: 10, frameEvery: 20 };
}

export const forcePresets: Preset<ForceConfig>[] = [
  {
    name: 'sum-of-sines-fig2',
    description: 'The paper’s setup: N = 1000, p = 0.1, g = 1.5, α = 1, RLS every 2 steps, 1,440 τ of training on four summed sines',
    reference: PAPER,
    config: {},
    run: protocol({}),
  },
  {
    name: 'triangle-fig2',
    description: 'A triangle wave of period 60 τ',
    reference: PAPER,
    config: { target: { type: 'triangle', period: 60, amplitude: 1 } },
    run: protocol({}, 600),
  },
  {
    name: 'square-fig2',
    description: 'A square wave of period 120 τ: the jumps are smoothed by the network’s τ',
    reference: PAPER,
    config: { target: { type: 'square', period: 120, amplitude: 1 } },
    run: protocol({}, 600),
  },
  {
    name: 'periodic-sequence',
    description: 'A user sequence (here six points, linearly joined) repeated every 60 τ',
    config: { target: { type: 'sequence', period: 60, values: [[0], [1], [0.5], [-0.5], [-1], [0]], interpolation: 'linear' } },
    run: protocol({}, 600),
  },
  {
    name: 'walk',
    description: 'Six joint angles (hip, knee, ankle of both legs) of a walking gait, learned at once by one network',
    reference: 'Sussillo & Abbott 2009, Fig. 5 (motion capture there; generated gait-like joint angles here)',
    config: { target: { type: 'walk', period: 80 } },
    run: protocol({}, 800),
  },
  {
    name: 'run',
    description: 'Six joint angles of a running gait: shorter cycle, larger excursions',
    reference: 'Sussillo & Abbott 2009, Fig. 5 (motion capture there; generated gait-like joint angles here)',
    config: { target: { type: 'run', period: 50 } },
    run: protocol({}, 500),
  },
  {
    name: 'internal-all2all-fig1c',
    description: 'No feedback loop: the recurrent weights themselves learn (M ← M + w_f·Δwᵀ), all-to-all as in the published code',
    reference: 'Sussillo & Abbott 2009, Fig. 1C (FORCE_internal_all2all)',
    config: { variant: 'internal', density: 1 },
    run: protocol({}),
  },
  {
    name: 'spontaneous-chaos',
    description: 'No learning: 300 τ of the g = 1.5 network’s spontaneous chaotic activity, with the Lyapunov exponent',
    reference: 'Sompolinsky, Crisanti & Sommers 1988',
    config: { warmupTime: 300, trainTime: 0 },
    run: { steps: 3000, recordEvery: 10, frameEvery: 20 },
  },
];
