import type { Preset } from '../contract.js';
import type { LsmConfig } from './config.js';

const memoryInput: LsmConfig['input'] = { type: 'templates', templates: 2, templateRateHz: 20, segments: 4, segmentMs: 250, jitterMs: 4 };
const memoryRun = { steps: 20_000, recordEvery: 10 }; // two 1 s trials

export const lsmPresets: Preset<LsmConfig>[] = [
  {
    name: 'maass2002-memory-dynamic',
    description: '135 LIF neurons (15×3×3), dynamic synapses; input of four 250 ms segments from two 20 Hz templates. Train (task "memory"), then run: readout k recalls segment k',
    reference: 'Maass, Natschläger & Markram 2002, §5 and appendix B',
    config: { input: memoryInput, synapses: 'dynamic', readouts: 4 },
    run: memoryRun,
  },
  {
    name: 'maass2002-memory-static',
    description: 'The same liquid with static synapses (amplitude matched to the dynamic ones at 20 Hz): older segments are recalled worse',
    reference: 'Maass, Natschläger & Markram 2002, §5 (static-synapse control)',
    config: { input: memoryInput, synapses: 'static', readouts: 4 },
    run: memoryRun,
  },
  {
    name: 'poisson-liquid',
    description: 'The default liquid driven by one 20 Hz Poisson spike train: watch the raster',
    reference: 'Maass, Natschläger & Markram 2002, appendix B',
    config: { input: { type: 'poisson', rateHz: 20 } },
    run: { steps: 10_000, record: ['spiked', 'populationRate'] },
  },
  {
    name: 'single-lif-constant-current',
    description: 'One LIF neuron (τ_m = 30 ms, θ = 15 mV, reset 13.5 mV, 3 ms refractory) under 20 nA: it fires at the analytic rate 1/(t_ref + τ_m·ln((RI − V_r)/(RI − θ)))',
    config: { grid: [1, 1, 1], inhibitoryFraction: 0, inputs: 0, backgroundCurrent: 20, initialV: [13.5, 13.5], observePotentials: true },
    run: { steps: 10_000, record: ['v', 'spiked'] },
  },
  {
    name: 'liquid-1000',
    description: '1,000 neurons on a 10×10×10 grid with the paper\'s wiring, driven by four 20 Hz Poisson channels',
    config: { grid: [10, 10, 10], inputs: 4, input: { type: 'poisson', rateHz: 20 } },
    run: { steps: 10_000, record: ['populationRate'] },
  },
];
