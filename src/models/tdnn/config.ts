import { z } from 'zod';
import { nonlinearityNames } from '../../engine/nonlinearity.js';
import { spectrogramGridSchema } from '../../stimuli/spectrogram.js';
import { stimulusProblems, stimulusSchema } from '../../stimuli/stimulus.js';

export const tdnnConfigSchema = z
  .object({
    ...spectrogramGridSchema.shape,
    window: z.number().int().min(1).max(400).default(10).describe('w, the number of time bins the network sees at once (its whole memory)'),
    hidden: z.number().int().min(0).max(2000).default(200).describe('Hidden units (0: the readout sees the raw window, a linear tapped delay line)'),
    outputs: z.number().int().min(1).max(64).default(1).describe('Output units'),
    nonlinearity: z.enum(nonlinearityNames).default('tanh').describe('f of the hidden layer'),
    hiddenGain: z.number().min(0).max(100).default(3).describe('Hidden weights ~ N(0, gain²/(w·channels)): how strongly a window drives a hidden unit'),
    biasSd: z.number().min(0).max(100).default(0.5).describe('s.d. of the hidden biases'),
    stimulus: stimulusSchema.nullable().default(null).describe('A sound to play (null: the generic inputs only, one per channel)'),
    loop: z.boolean().default(false).describe('Play the stimulus again when it ends (otherwise silence)'),
  })
  .superRefine((c, ctx) => {
    if (c.highHz <= c.lowHz) ctx.addIssue({ code: 'custom', path: ['highHz'], message: 'must be above lowHz' });
    if (c.stimulus) for (const p of stimulusProblems(c.stimulus, c)) ctx.addIssue({ code: 'custom', path: ['stimulus', ...p.path], message: p.message });
    const fan = c.window * c.channels;
    if (fan * Math.max(1, c.hidden) > 4_000_000) {
      ctx.addIssue({ code: 'custom', path: ['hidden'], message: `window × channels × hidden = ${fan * c.hidden} weights, over 4e6` });
    }
  });

export type TdnnConfig = z.infer<typeof tdnnConfigSchema>;

export const tdnnLiveSchema = z.object({
  stimulusGain: z.number().min(0).max(100).optional().describe('Factor on the stimulus levels'),
});
export type TdnnLive = { stimulusGain: number };
