/**
 * Configuration of the `lsm` kind: every default is Maass, Natschläger & Markram (2002), appendix B (see
 * shared/reference/models.md). Four synapse types are named by (presynaptic, postsynaptic): ee, ei, ie, ii.
 */
import { z } from 'zod';

/** Per-synapse-type numbers: E→E, E→I, I→E, I→I. */
const perType = (d: { ee: number; ei: number; ie: number; ii: number }, what: string, min: number, max: number) =>
  z
    .object({
      ee: z.number().min(min).max(max).default(d.ee).describe(`${what}, E→E`),
      ei: z.number().min(min).max(max).default(d.ei).describe(`${what}, E→I`),
      ie: z.number().min(min).max(max).default(d.ie).describe(`${what}, I→E`),
      ii: z.number().min(min).max(max).default(d.ii).describe(`${what}, I→I`),
    })
    .default(d)
    .describe(`${what} per synapse type (E→E, E→I, I→E, I→I)`);

const udf = (u: number, d: number, f: number) => ({ U: u, D: d, F: f });
const udfSchema = (def: { U: number; D: number; F: number }, name: string) =>
  z
    .object({
      U: z.number().gt(0).max(1).default(def.U).describe(`${name}: utilisation U (mean)`),
      D: z.number().gt(0).max(100).default(def.D).describe(`${name}: depression time constant D (s, mean)`),
      F: z.number().gt(0).max(100).default(def.F).describe(`${name}: facilitation time constant F (s, mean)`),
    })
    .default(def)
    .describe(`${name} dynamic synapses: mean U, D (s), F (s) (Markram et al. 1998; each drawn with 50% SD)`);

const spikeTimes = z
  .array(z.array(z.number().min(0).max(1e7)).max(100_000))
  .max(1000)
  .describe('One list of spike times (ms, from the trial start) per input channel');

export const inputSourceSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('poisson'),
      rateHz: z.number().min(0).max(1000).default(20).describe('Rate of each input channel (Hz, live)'),
    }),
    z.object({
      type: z.literal('templates'),
      templates: z.number().int().min(2).max(16).default(2).describe('Number of Poisson templates (drawn once, seeded)'),
      templateRateHz: z.number().min(0).max(1000).default(20).describe('Rate of the template spike trains (Hz)'),
      segments: z.number().int().min(1).max(16).default(4).describe('Segments per trial; each is a piece of one template'),
      segmentMs: z.number().positive().max(10_000).default(250).describe('Length of a segment (ms)'),
      jitterMs: z.number().min(0).max(100).default(4).describe('SD of the Gaussian jitter added to every template spike (ms)'),
    }),
    z.object({
      type: z.literal('spikeTimes'),
      times: spikeTimes,
      periodMs: z.number().positive().max(1e7).optional().describe('Repeat the pattern with this period (ms); once if absent'),
    }),
  ])
  .default({ type: 'poisson', rateHz: 20 });

export const lsmConfigSchema = z
  .object({
    grid: z
      .tuple([z.number().int().min(1).max(100), z.number().int().min(1).max(100), z.number().int().min(1).max(100)])
      .default([15, 3, 3])
      .describe('Columns of the 3-D integer grid the neurons sit on (x, y, z; spacing 1)'),
    inhibitoryFraction: z.number().min(0).max(1).default(0.2).describe('Fraction of neurons that are inhibitory (chosen at random)'),
    lambda: z.number().min(0).max(100).default(2).describe('λ of the connection probability C·exp(−(D/λ)²), in grid units (0: no recurrent synapses)'),
    connectivity: perType({ ee: 0.3, ei: 0.2, ie: 0.4, ii: 0.1 }, 'Connection scale C', 0, 1),
    synapses: z.enum(['dynamic', 'static']).default('dynamic').describe('dynamic: Markram/Tsodyks U, D, F; static: fixed amplitude'),
    staticMatchRateHz: z
      .number()
      .min(0)
      .max(1000)
      .default(20)
      .describe('Static variant: each synapse gets the steady-state amplitude A·u·R its dynamic twin has at this presynaptic rate (Hz); 0 = first-spike amplitude A·U'),
    ee: udfSchema(udf(0.5, 1.1, 0.05), 'E→E'),
    ei: udfSchema(udf(0.05, 0.125, 1.2), 'E→I'),
    ie: udfSchema(udf(0.25, 0.7, 0.02), 'I→E'),
    ii: udfSchema(udf(0.32, 0.144, 0.06), 'I→I'),
    udfSd: z.number().min(0).max(2).default(0.5).describe('SD of U, D and F relative to their mean (Gaussian; negatives redrawn uniformly in [0, 2·mean])'),
    amplitude: perType({ ee: 30, ei: 60, ie: 19, ii: 19 }, 'Mean synaptic amplitude |A| (nA; inhibitory ones act negatively)', 0, 1e4),
    amplitudeSd: z.number().min(0).max(10).default(1).describe('SD of the gamma-distributed amplitudes relative to their mean'),
    delay: perType({ ee: 1.5, ei: 0.8, ie: 0.8, ii: 0.8 }, 'Transmission delay (ms)', 0, 100),
    tauSynExc: z.number().positive().max(1000).default(3).describe('Decay time constant of excitatory synaptic currents (ms)'),
    tauSynInh: z.number().positive().max(1000).default(6).describe('Decay time constant of inhibitory synaptic currents (ms)'),
    tauM: z.number().positive().max(1000).default(30).describe('Membrane time constant τ_m (ms)'),
    threshold: z.number().max(1000).default(15).describe('Firing threshold (mV)'),
    reset: z.number().max(1000).default(13.5).describe('Reset potential after a spike (mV)'),
    refractoryExc: z.number().min(0).max(100).default(3).describe('Absolute refractory period of excitatory neurons (ms)'),
    refractoryInh: z.number().min(0).max(100).default(2).describe('Absolute refractory period of inhibitory neurons (ms)'),
    backgroundCurrent: z.number().min(-1e4).max(1e4).default(13.5).describe('Constant background current I_b (nA, live)'),
    noiseCurrent: z.number().min(0).max(1e4).default(0).describe('SD of a white-noise current added per step (nA, live; 0 in the paper)'),
    inputResistance: z.number().positive().max(1e4).default(1).describe('Input resistance R_in (MΩ); V∞ = R_in·I'),
    initialV: z
      .tuple([z.number(), z.number()])
      .default([13.5, 15])
      .describe('Initial membrane potentials drawn uniformly in [lo, hi] (mV)'),
    inputs: z.number().int().min(0).max(1000).default(1).describe('Number of input spike channels'),
    inputConnectivity: z.number().min(0).max(1).default(0.3).describe('Probability that an input channel projects to a given neuron'),
    inputAmplitudeExc: z.number().min(-1e4).max(1e4).default(18).describe('Mean amplitude of input synapses onto excitatory neurons (nA)'),
    inputAmplitudeInh: z.number().min(-1e4).max(1e4).default(9).describe('Mean amplitude of input synapses onto inhibitory neurons (nA)'),
    input: inputSourceSchema.describe(
      'Input spike source; the generic inputs u_k[t] of a run add to channel k a Poisson rate of u_k Hz',
    ),
    resetEachTrial: z.boolean().default(true).describe('templates/spikeTimes with a period: restart the liquid (V₀, currents, synapses) at each trial'),
    readoutTau: z.number().positive().max(1e4).default(30).describe('Time constant of the low-pass filter on spike trains the readout sees (ms)'),
    readouts: z.number().int().min(1).max(64).default(4).describe('Number of readout outputs (one per segment in the memory task)'),
    dt: z.number().positive().max(5).default(0.1).describe('Integration step (ms)'),
    observePotentials: z
      .boolean()
      .default(false)
      .describe('Show membrane potentials `v` in frames and recordings from the start (live: potentials)'),
  })
  .superRefine((c, ctx) => {
    const n = c.grid[0] * c.grid[1] * c.grid[2];
    // Wiring looks at every ordered pair (the paper's rule has no cut-off): 10⁴ neurons is 10⁸ pairs, about a second.
    if (n > 10_000) ctx.addIssue({ code: 'custom', path: ['grid'], message: `at most 10000 neurons, the grid has ${n}` });
    if (c.reset >= c.threshold) ctx.addIssue({ code: 'custom', path: ['reset'], message: 'reset must lie below the threshold' });
    if (c.initialV[0] > c.initialV[1]) ctx.addIssue({ code: 'custom', path: ['initialV'], message: 'lo must not exceed hi' });
    if (c.input.type === 'spikeTimes' && c.input.times.length !== c.inputs) {
      ctx.addIssue({ code: 'custom', path: ['input', 'times'], message: `needs ${c.inputs} lists (one per input channel), got ${c.input.times.length}` });
    }
    if (c.input.type === 'templates' && c.inputs < 1) {
      ctx.addIssue({ code: 'custom', path: ['inputs'], message: 'templates need at least one input channel' });
    }
    // The delay ring holds (delay/dt + 2) slots of n currents, twice (exc, inh).
    const slots = Math.round(Math.max(c.delay.ee, c.delay.ei, c.delay.ie, c.delay.ii) / c.dt) + 2;
    if (slots * n > 5_000_000) {
      ctx.addIssue({ code: 'custom', path: ['delay'], message: `delays of ${slots - 2} steps × ${n} neurons need a ${slots * n}-entry ring (at most 5000000): shorten the delays or raise dt` });
    }
    if (c.input.type === 'templates') {
      const spikes = (c.input.templates * c.inputs * c.input.templateRateHz * c.input.segments * c.input.segmentMs) / 1000;
      if (spikes > 2_000_000) ctx.addIssue({ code: 'custom', path: ['input'], message: `the templates would hold about ${Math.round(spikes)} spikes (at most 2000000)` });
    }
  });

export type LsmConfig = z.infer<typeof lsmConfigSchema>;

export const lsmLiveSchema = z.object({
  backgroundCurrent: z.number().min(-1e4).max(1e4).optional().describe('Background current I_b (nA)'),
  noiseCurrent: z.number().min(0).max(1e4).optional().describe('SD of the white-noise current (nA)'),
  rateHz: z.number().min(0).max(1000).optional().describe('Poisson source: rate of every input channel (Hz)'),
  potentials: z.boolean().optional().describe('Observe membrane potentials `v` (frames get N more numbers)'),
});
export type LsmLive = { backgroundCurrent: number; noiseCurrent: number; rateHz: number; potentials: boolean };

export function neuronCount(c: LsmConfig): number {
  return c.grid[0] * c.grid[1] * c.grid[2];
}
