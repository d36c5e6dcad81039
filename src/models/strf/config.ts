import { z } from 'zod';
import { spectrogramGridSchema } from '../../stimuli/spectrogram.js';
import { stimulusProblems, stimulusSchema } from '../../stimuli/stimulus.js';

const grid = spectrogramGridSchema.shape;

/** Parametric Gabor STRFs (Qiu, Schreiner & Escabí 2003): one per unit, best frequencies spread over the axis. */
export const gaborFieldsSchema = z.object({
  type: z.literal('gabor'),
  latencyMs: z.number().min(0).max(1000).default(25).describe('Time lag of the field centre (ms)'),
  temporalWidthMs: z.number().positive().max(1000).default(10).describe('s.d. of the temporal envelope (ms)'),
  spectralWidthOct: z.number().positive().max(10).default(0.35).describe('s.d. of the spectral envelope (octaves)'),
  temporalHz: z.number().min(-200).max(200).default(15).describe('Temporal modulation of the carrier (Hz): excitation then delayed inhibition'),
  spectralCyclesPerOctave: z.number().min(0).max(10).default(0.6).describe('Spectral modulation of the carrier (cycles/octave): flanking inhibition'),
  jitter: z.number().min(0).max(1).default(0.25).describe('Relative random spread of latency, widths and modulations across units'),
  gain: z.number().min(0).max(1e4).default(1).describe('Peak weight of a field (per channel·bin of level)'),
});

export const explicitFieldsSchema = z.object({
  type: z.literal('explicit'),
  strfs: z
    .array(z.array(z.array(z.number().min(-1e6).max(1e6)).max(400)).max(256))
    .min(1)
    .max(256)
    .describe('One STRF per unit: channels × lags (row c = channel c, column τ = lag τ bins, τ = 0 the current bin)'),
});

export const strfConfigSchema = z
  .object({
    ...grid,
    units: z.number().int().min(1).max(256).default(8).describe('Number of units (ignored with explicit fields: one per STRF)'),
    lags: z.number().int().min(1).max(400).default(20).describe('Length of every STRF in time bins (memory of a unit)'),
    fields: z.discriminatedUnion('type', [gaborFieldsSchema, explicitFieldsSchema]).default(gaborFieldsSchema.parse({ type: 'gabor' })).describe('The receptive fields: parametric Gabor or given arrays'),
    stimulus: stimulusSchema.default({ type: 'dynamicRipple', maxTemporalHz: 40, maxSpectralCyclesPerOctave: 4, temporalChangeHz: 1.5, spectralChangeHz: 3, components: 1, depth: 0.9, durationMs: 10_000, level: 1 }).describe('The sound played (looped); generic inputs, one per channel, add to it'),
    loop: z.boolean().default(true).describe('Play the stimulus again from the start when it ends (otherwise silence)'),
    nonlinearity: z.enum(['linear', 'relu', 'sigmoid', 'exp']).default('relu').describe('Output nonlinearity f of r = r₀ + g·f(s − θ)'),
    threshold: z.number().min(-1e4).max(1e4).default(1).describe('θ, subtracted from the linear drive before f (the default Gabor fields drive ≈ 1.6 ± 0.8 with ripples of level 1)'),
    baselineHz: z.number().min(0).max(1000).default(0).describe('r₀, spontaneous rate (Hz)'),
    gainHz: z.number().min(0).max(1e4).default(30).describe('g, rate per unit of f (Hz)'),
    spiking: z.boolean().default(true).describe('Draw Poisson spike counts from the rate in each bin (live)'),
  })
  .superRefine((c, ctx) => {
    if (c.highHz <= c.lowHz) ctx.addIssue({ code: 'custom', path: ['highHz'], message: 'must be above lowHz' });
    for (const p of stimulusProblems(c.stimulus, c)) ctx.addIssue({ code: 'custom', path: ['stimulus', ...p.path], message: p.message });
    if (c.fields.type === 'explicit') {
      c.fields.strfs.forEach((f, i) => {
        if (f.length !== c.channels) ctx.addIssue({ code: 'custom', path: ['fields', 'strfs', i], message: `needs ${c.channels} rows (channels), got ${f.length}` });
        f.forEach((row, ch) => {
          if (row.length !== c.lags) ctx.addIssue({ code: 'custom', path: ['fields', 'strfs', i, ch], message: `needs ${c.lags} lags, got ${row.length}` });
        });
      });
    }
    if (c.channels * c.lags > 20_000) ctx.addIssue({ code: 'custom', path: ['lags'], message: `channels × lags = ${c.channels * c.lags} is over 20000` });
  });

export type StrfConfig = z.infer<typeof strfConfigSchema>;

export const strfLiveSchema = z.object({
  spiking: z.boolean().optional().describe('Poisson spikes on/off'),
  gainHz: z.number().min(0).max(1e4).optional().describe('Rate gain g (Hz)'),
  threshold: z.number().min(-1e4).max(1e4).optional().describe('Threshold θ'),
  stimulusGain: z.number().min(0).max(100).optional().describe('Factor on the stimulus levels'),
});
export type StrfLive = { spiking: boolean; gainHz: number; threshold: number; stimulusGain: number };
