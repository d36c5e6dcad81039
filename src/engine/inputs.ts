/**
 * Generic external inputs u[t], one value per channel, built from a list of simple generators that add up:
 * constant, pulse (onset, duration, amplitude), step, sine, white noise and an explicit sequence. Times are in the
 * model's time unit (ms for most kinds). The engine evaluates them once per step into a preallocated vector.
 */
import { z } from 'zod';
import type { Rng } from './random/rng.js';

const channel = z
  .union([z.number().int().min(0), z.literal('all')])
  .default('all')
  .describe('Input channel index (0-based), or "all" for every channel');

export const inputSpecSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('constant'),
    channel,
    amplitude: z.number().describe('Value added on every step'),
  }),
  z.object({
    type: z.literal('pulse'),
    channel,
    onset: z.number().min(0).describe('Start time (model time unit, ms by default)'),
    duration: z.number().positive().describe('Length of the pulse (model time unit)'),
    amplitude: z.number().describe('Height of the pulse'),
  }),
  z.object({
    type: z.literal('step'),
    channel,
    onset: z.number().min(0).describe('Time from which the value is on (model time unit)'),
    amplitude: z.number().describe('Height of the step'),
  }),
  z.object({
    type: z.literal('sine'),
    channel,
    amplitude: z.number().describe('Peak amplitude'),
    frequency: z.number().min(0).describe('Cycles per 1000 model time units (Hz when time is in ms)'),
    phase: z.number().default(0).describe('Phase in radians'),
    offset: z.number().default(0).describe('Constant added to the sine'),
  }),
  z.object({
    type: z.literal('noise'),
    channel,
    mean: z.number().default(0).describe('Mean of the white noise'),
    sd: z.number().min(0).describe('Standard deviation per step'),
  }),
  z.object({
    type: z.literal('sequence'),
    channel,
    values: z.array(z.number()).min(1).max(1_000_000).describe('One value per step, from the run start'),
    repeat: z.boolean().default(false).describe('Start over at the end (otherwise 0 after the end)'),
  }),
]);

export type InputSpec = z.infer<typeof inputSpecSchema>;
export const inputListSchema = z.array(inputSpecSchema).max(256).default([]);

/** Evaluates a list of input generators step by step into one vector. */
export class InputGenerator {
  private readonly specs: InputSpec[];
  private readonly k: number;
  private readonly rng: Rng;

  constructor(specs: InputSpec[], channels: number, rng: Rng) {
    for (const s of specs) {
      if (s.channel !== 'all' && s.channel >= channels) {
        throw new RangeError(`input channel ${s.channel} does not exist: the model has ${channels} input channel(s)`);
      }
    }
    this.specs = specs;
    this.k = channels;
    this.rng = rng;
  }

  get empty(): boolean {
    return this.specs.length === 0;
  }

  /**
   * Write u at absolute time `t` (model unit) and `runStep` steps into the run into `out`, then scale by the live
   * gain and per-channel amplitudes.
   */
  fill(out: Float64Array, t: number, runStep: number, gain: number, amplitudes?: readonly number[]): void {
    out.fill(0);
    for (const s of this.specs) {
      let v = 0;
      let noise: Extract<InputSpec, { type: 'noise' }> | null = null;
      switch (s.type) {
        case 'constant':
          v = s.amplitude;
          break;
        case 'pulse':
          v = t >= s.onset && t < s.onset + s.duration ? s.amplitude : 0;
          break;
        case 'step':
          v = t >= s.onset ? s.amplitude : 0;
          break;
        case 'sine':
          v = s.offset + s.amplitude * Math.sin((2 * Math.PI * s.frequency * t) / 1000 + s.phase);
          break;
        case 'noise':
          noise = s;
          break;
        case 'sequence': {
          const n = s.values.length;
          v = runStep < n ? s.values[runStep]! : s.repeat ? s.values[runStep % n]! : 0;
          break;
        }
      }
      if (s.channel === 'all') {
        for (let i = 0; i < this.k; i++) out[i]! += noise ? this.noise(noise) : v;
      } else {
        out[s.channel]! += noise ? this.noise(noise) : v;
      }
    }
    if (gain !== 1) for (let i = 0; i < this.k; i++) out[i]! *= gain;
    if (amplitudes) for (let i = 0; i < this.k && i < amplitudes.length; i++) out[i]! *= amplitudes[i]!;
  }

  private noise(s: Extract<InputSpec, { type: 'noise' }>): number {
    return this.rng.normal(s.mean, s.sd);
  }
}
