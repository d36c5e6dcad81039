import type { Preset } from '../contract.js';
import type { BoltzmannConfig } from './boltzmann-config.js';

export const boltzmannPresets: Preset<BoltzmannConfig>[] = [
  {
    name: 'bars-and-stripes-rbm',
    description: 'An RBM with 9 visible and 16 hidden units for 3×3 bars-and-stripes: train it (CD-k), then sample',
    reference: 'MacKay 2003, ch. 43; Hinton 2002',
    config: { visible: 9, hidden: 16, architecture: 'restricted', data: { type: 'bars-and-stripes', n: 3 }, weights: { type: 'random', sd: 0.1 } },
    run: { steps: 200 },
  },
  {
    name: 'bars-and-stripes-visible',
    description: 'A fully visible machine (9 units) for 3×3 bars-and-stripes, trained with the exact Boltzmann rule',
    reference: 'Ackley, Hinton & Sejnowski 1985',
    config: { visible: 9, hidden: 0, architecture: 'full', data: { type: 'bars-and-stripes', n: 3 } },
    run: { steps: 200 },
  },
  {
    name: 'annealing',
    description: 'Random couplings, geometric annealing from T = 10 to 0.05 over 200 sweeps: the energy falls into a minimum',
    reference: 'Kirkpatrick, Gelatt & Vecchi 1983',
    config: { visible: 64, hidden: 0, units: 'pm1', weights: { type: 'random', sd: 0.5 }, data: { type: 'shapes', n: 8, shapes: ['square', 'plus'] }, annealing: { type: 'geometric', from: 10, to: 0.05, sweeps: 200 } },
    run: { steps: 300 },
  },
  {
    name: 'gibbs-10-units',
    description: 'Ten units, random couplings, T = 1.3: the visited states follow the Boltzmann distribution (metric gibbsTotalVariation, ≈ c/√sweeps)',
    config: { visible: 10, hidden: 0, weights: { type: 'random', sd: 1 }, temperature: 1.3 },
    run: { steps: 20000, record: ['state'] },
  },
];
