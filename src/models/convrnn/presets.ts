import type { Preset } from '../contract.js';
import type { CellType, ConvRnnConfig, LayerConfig } from './config.js';

const layer = (channels: number, cell: CellType, pool: LayerConfig['pool'] = 'max'): LayerConfig => ({
  channels,
  kernel: 3,
  stride: 1,
  pool,
  poolSize: 2,
  cell,
  recurrentKernel: 3,
});

const trainRun = { steps: 160, record: ['response', 'evoked', 'logits'] };

/** The architectures of the comparison in docs/convrnn.md (scripts/convrnn-compare.ts). */
export const comparisonLayers: Record<string, LayerConfig[]> = {
  'gated-2': [layer(8, 'gated'), layer(8, 'gated')],
  'vanilla-2': [layer(8, 'vanilla'), layer(8, 'vanilla')],
  'feedforward-4': [layer(8, 'none', 'none'), layer(8, 'none'), layer(16, 'none', 'none'), layer(16, 'none')],
};

export const convrnnPresets: Preset<ConvRnnConfig>[] = [
  {
    name: 'gated-2layer-curve-tracing',
    description: 'Two conv layers with reciprocal gated cells on the curve-tracing task (the default)',
    reference: 'Nayebi et al. 2018, reciprocal gated cell',
    config: { layers: comparisonLayers['gated-2'] },
    run: trainRun,
  },
  {
    name: 'vanilla-2layer-curve-tracing',
    description: 'The same two layers with vanilla (SimpleRNN) cells',
    reference: 'Nayebi et al. 2018, SimpleRNN baseline',
    config: { layers: comparisonLayers['vanilla-2'] },
    run: trainRun,
  },
  {
    name: 'feedforward-4layer-curve-tracing',
    description: 'A deeper feed-forward CNN (four conv layers, no recurrence) on the same task',
    reference: 'Nayebi et al. 2018, feed-forward baseline',
    config: { layers: comparisonLayers['feedforward-4'] },
    run: trainRun,
  },
  {
    name: 'time-course-T32',
    description:
      'Image on for 12 steps, off for 20: the feed-forward first layer returns to rest at once, the gated and LSTM layers above decay gradually',
    reference: 'Nayebi et al. 2018, Fig. 5 (temporal protocol)',
    config: { timeSteps: 32, imageOffStep: 12, layers: [layer(8, 'none'), layer(8, 'gated'), layer(8, 'lstm', 'none')] },
    run: { steps: 128, record: ['response', 'evoked'] },
  },
  {
    name: 'glyphs-ABCD',
    description: 'Four letters of the 5×7 font, shifted by up to 3 pixels, with noise and an occluder; gated cells',
    config: { classes: 4, task: { type: 'glyphs', chars: 'ABCD', scale: 1, maxShift: 3 }, noise: 0.2, occluders: 1 },
    run: trainRun,
  },
  {
    name: 'lstm-2layer-glyphs',
    description: 'ConvLSTM cells on the glyph task',
    reference: 'Shi et al. 2015; Nayebi et al. 2018, LSTM baseline',
    config: { classes: 4, task: { type: 'glyphs', chars: 'ABCD', scale: 1, maxShift: 3 }, layers: [layer(8, 'lstm'), layer(8, 'lstm')] },
    run: trainRun,
  },
  {
    name: 'time-decay-2layer',
    description: 'Time-decay cells: a leaky memory per channel with a learnt decay',
    reference: 'Nayebi et al. 2018, time-decay baseline',
    config: { layers: [layer(8, 'timeDecay'), layer(8, 'timeDecay')] },
    run: trainRun,
  },
];
