/**
 * Configuration of a ConvRNN (Nayebi et al., NeurIPS 2018): a stack of convolutional layers, each with an optional
 * local recurrent cell, and a linear readout, unrolled for T time steps.
 */
import { z } from 'zod';
import { hasGlyph } from '../../stimuli/glyphs.js';

export const cellTypes = ['none', 'vanilla', 'timeDecay', 'lstm', 'gated'] as const;
export type CellType = (typeof cellTypes)[number];

export const layerSchema = z.object({
  channels: z.number().int().min(1).max(64).default(8).describe('Output channels (feature maps) of the layer'),
  kernel: z.number().int().min(1).max(9).default(3).describe('Feed-forward convolution kernel size (pixels, square)'),
  stride: z.number().int().min(1).max(4).default(1).describe('Feed-forward convolution stride (pixels)'),
  pool: z.enum(['none', 'max', 'avg']).default('none').describe('Pooling after the cell: none, max or average'),
  poolSize: z.number().int().min(2).max(4).default(2).describe('Pooling window and stride (pixels)'),
  cell: z
    .enum(cellTypes)
    .default('gated')
    .describe(
      'Local recurrent cell: none (feed-forward), vanilla (SimpleRNN), timeDecay (leaky, learnt per-channel decay), ' +
        'lstm (ConvLSTM), gated (reciprocal gated cell with bypass)',
    ),
  recurrentKernel: z.number().int().min(1).max(7).default(3).describe('Kernel size of the recurrent convolutions (pixels)'),
});
export type LayerConfig = z.infer<typeof layerSchema>;

export const taskSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('curve-tracing'),
      curveLength: z.number().int().min(4).max(200).default(14).describe('Mean length of each curve (pixels)'),
    }),
    z.object({
      type: z.literal('glyphs'),
      chars: z.string().min(2).max(36).default('ABCD').describe('The characters to tell apart (one class each), from the 5×7 font'),
      scale: z.number().int().min(1).max(4).default(1).describe('Pixel scaling of the 5×7 glyphs'),
      maxShift: z.number().int().min(0).max(32).default(3).describe('Largest random translation from the centre (pixels)'),
    }),
  ])
  .default({ type: 'curve-tracing', curveLength: 14 });
export type TaskConfig = z.infer<typeof taskSchema>;

const defaultLayers: LayerConfig[] = [
  { channels: 8, kernel: 3, stride: 1, pool: 'max', poolSize: 2, cell: 'gated', recurrentKernel: 3 },
  { channels: 8, kernel: 3, stride: 1, pool: 'max', poolSize: 2, cell: 'gated', recurrentKernel: 3 },
];

export const convrnnConfigSchema = z
  .object({
    imageSize: z.number().int().min(8).max(64).default(16).describe('Side of the square single-channel input image (pixels)'),
    classes: z.number().int().min(2).max(36).default(2).describe('Number of output classes of the linear readout'),
    layers: z.array(layerSchema).min(1).max(8).default(defaultLayers).describe('The convolutional layers, input side first'),
    activation: z.enum(['elu', 'relu', 'tanh']).default('elu').describe('Nonlinearity f of the layers (Nayebi et al. use ELU)'),
    timeSteps: z.number().int().min(1).max(64).default(16).describe('T, the number of unrolled time steps of one trial (steps of ~10 ms)'),
    imageOffStep: z
      .number()
      .int()
      .min(0)
      .max(64)
      .default(12)
      .describe('Runs: the image is shown for steps 0…imageOffStep−1 of each trial and blank after (the paper: off after step 12); ≥ timeSteps: shown throughout'),
    readoutSteps: z.number().int().min(1).max(64).default(1).describe('Logits are averaged over the last readoutSteps steps of a trial'),
    task: taskSchema.describe('The generated task shown in runs and used by train when no images are uploaded'),
    noise: z.number().min(0).max(2).default(0).describe('Standard deviation of Gaussian pixel noise added to every image'),
    occluders: z.number().int().min(0).max(8).default(0).describe('Random blank rectangles (2–4 pixels a side) drawn over every image'),
    weightGain: z.number().positive().max(10).default(1).describe('Feed-forward weights: sd = gain·√(2/fan-in) (He)'),
    recurrentGain: z.number().min(0).max(10).default(0.5).describe('Recurrent weights: sd = gain/√fan-in'),
    featureMaps: z.boolean().default(false).describe('Frames include every layer’s feature maps (map0, map1, …) (live)'),
  })
  .superRefine((c, ctx) => {
    if (c.readoutSteps > c.timeSteps) {
      ctx.addIssue({ code: 'custom', path: ['readoutSteps'], message: `must be at most timeSteps (${c.timeSteps})` });
    }
    let side = c.imageSize;
    c.layers.forEach((l, i) => {
      side = Math.ceil(side / l.stride);
      if (l.pool !== 'none') side = Math.floor(side / l.poolSize);
      if (side < 1) ctx.addIssue({ code: 'custom', path: ['layers', i], message: `the feature map shrinks to nothing at layer ${i}` });
    });
    if (c.task.type === 'glyphs') {
      const chars = [...c.task.chars];
      const bad = chars.filter((ch) => !hasGlyph(ch));
      if (bad.length) ctx.addIssue({ code: 'custom', path: ['task', 'chars'], message: `no glyph for ${bad.join(', ')} (A–Z, 0–9)` });
      if (new Set(chars).size !== chars.length) ctx.addIssue({ code: 'custom', path: ['task', 'chars'], message: 'characters must differ' });
      if (chars.length !== c.classes) ctx.addIssue({ code: 'custom', path: ['classes'], message: `the glyph task has ${chars.length} classes` });
      if (7 * c.task.scale > c.imageSize) ctx.addIssue({ code: 'custom', path: ['task', 'scale'], message: 'glyphs do not fit the image' });
    }
    if (c.task.type === 'curve-tracing' && c.classes !== 2) {
      ctx.addIssue({ code: 'custom', path: ['classes'], message: 'curve tracing has 2 classes (connected or not)' });
    }
  });
export type ConvRnnConfig = z.infer<typeof convrnnConfigSchema>;

export const convrnnLiveSchema = z.object({
  imageOffStep: z.number().int().min(0).max(64).optional().describe('Steps the image is shown in each trial'),
  noise: z.number().min(0).max(2).optional().describe('Pixel noise sd of the next images'),
  featureMaps: z.boolean().optional().describe('Frames include every layer’s feature maps'),
});
export type ConvRnnLive = { imageOffStep: number; noise: number; featureMaps: boolean };
