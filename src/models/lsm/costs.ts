/**
 * Expected sizes of a liquid (Maass, Natschläger & Markram 2002 wiring: a synapse a → b with probability
 * C_pair·exp(−(D(a,b)/λ)²)) and the arithmetic of simulating it, from the config alone: for the session's state
 * bytes (every synapse carries a target, a delay, A, U, D, F and its u, R), the build's wiring pass and the
 * trainings' time estimates.
 */
import type { LsmConfig } from './config.js';

/** Arithmetic per neuron and step (membrane, currents, refractoriness, lazy traces) and per synaptic event. */
export const FLOPS_PER_NEURON_STEP = 30;
export const FLOPS_PER_SYNAPTIC_EVENT = 40;
/** A typical rate of the paper's liquid under its inputs (Hz), for the number of synaptic events. */
export const TYPICAL_RATE_HZ = 30;

export function neuronCount(c: LsmConfig): number {
  return c.grid[0] * c.grid[1] * c.grid[2];
}

/**
 * Expected number of recurrent synapses: Σ_{a≠b} C_pair·exp(−|a − b|²/λ²), summed over the lattice offsets δ (each
 * occurring (g_x − |δ_x|)(g_y − |δ_y|)(g_z − |δ_z|) times) with C averaged over the pair types: O(n), not O(n²).
 */
export function expectedSynapses(c: LsmConfig): number {
  if (c.lambda === 0) return 0;
  const [gx, gy, gz] = c.grid;
  const f = c.inhibitoryFraction;
  const C = (1 - f) * (1 - f) * c.connectivity.ee + (1 - f) * f * (c.connectivity.ei + c.connectivity.ie) + f * f * c.connectivity.ii;
  const l2 = c.lambda * c.lambda;
  let sum = 0;
  for (let dx = -(gx - 1); dx < gx; dx++) {
    for (let dy = -(gy - 1); dy < gy; dy++) {
      for (let dz = -(gz - 1); dz < gz; dz++) {
        if (dx === 0 && dy === 0 && dz === 0) continue;
        const e = Math.exp(-(dx * dx + dy * dy + dz * dz) / l2);
        if (e < 1e-12) continue;
        sum += (gx - Math.abs(dx)) * (gy - Math.abs(dy)) * (gz - Math.abs(dz)) * e;
      }
    }
  }
  return C * sum;
}

/** Flops of one step of the liquid: every neuron, and the synaptic events of the spikes arriving (recurrent and input). */
export function liquidStepFlops(c: LsmConfig, synapses = expectedSynapses(c)): number {
  const n = neuronCount(c);
  const spikesPerStep = (n * TYPICAL_RATE_HZ * c.dt) / 1000;
  const inputRate = c.input.type === 'poisson' ? c.input.rateHz : c.input.type === 'templates' ? c.input.templateRateHz : TYPICAL_RATE_HZ;
  const inputEvents = (c.inputs * inputRate * c.dt * c.inputConnectivity * n) / 1000;
  const recurrentEvents = n > 0 ? spikesPerStep * (synapses / n) : 0;
  return n * FLOPS_PER_NEURON_STEP + (recurrentEvents + inputEvents) * FLOPS_PER_SYNAPTIC_EVENT;
}

/** Expected spikes of one Poisson train of `rateHz` over `ms`, with room for the spread (mean + 3 s.d.). */
function trainCap(rateHz: number, ms: number): number {
  const mean = (rateHz * ms) / 1000;
  return Math.max(1, Math.ceil(mean + 3 * Math.sqrt(mean)));
}

/**
 * Bytes of a liquid's state (liquid.ts, circuit.ts, input-spikes.ts, lsm.ts `create`): per neuron its position,
 * type, membrane and synaptic currents, refractoriness, spike times, traces and readout weights; per synapse its
 * target, delay, A, U, D, F and its u, R (56 bytes); the delay rings (two of ringLen × n currents and the touched
 * lists); per input synapse a target and an amplitude; the template spike trains. The synapse count is the
 * expectation of the random wiring.
 */
export function liquidStateBytes(c: LsmConfig): { bytes: number; synapses: number } {
  const n = neuronCount(c);
  const m = expectedSynapses(c);
  const k = c.inputs;
  const delays = c.inhibitoryFraction > 0 ? [c.delay.ee, c.delay.ei, c.delay.ie, c.delay.ii] : [c.delay.ee];
  const ringLen = (m > 0 ? Math.round(Math.max(...delays) / c.dt) : 0) + 2;
  const inSyn = k * n * c.inputConnectivity;
  let schedule = 4 * k + 4 + 4 * (c.input.type === 'templates' ? c.input.segments : 1);
  if (c.input.type === 'templates') {
    const cap = trainCap(c.input.templateRateHz, c.input.segments * c.input.segmentMs);
    schedule += 8 * c.input.templates * k * cap + 4 * c.input.templates * k + 8 * k * c.input.templates * cap;
  } else if (c.input.type === 'spikeTimes') {
    const cap = Math.max(1, ...c.input.times.map((t) => t.length));
    schedule += 8 * k * cap + 4 * k + 8 * k * cap;
  } else schedule += 8 * k;
  const perNeuron = 3 * 8 + 1 + 4 + 4 * 2 + 8 * 3 + 8 * 2 + 8 * 2 + 4 + 1 + 4;
  const bytes = n * perNeuron + 4 + m * 56 + 2 * 8 * ringLen * n + 4 * ringLen * n + 4 * ringLen + 4 * (k + 1) + 12 * inSyn + 8 * k + 8 * 8 + schedule + 8 * (c.readouts * (n + 1) + 2 * c.readouts);
  return { bytes, synapses: m };
}

/** Flops of building a liquid: the wiring pass over all n² ordered pairs (a distance, an exp and a uniform each), every synapse's draws, every input synapse's. */
export function liquidBuildFlops(c: LsmConfig, synapses: number): number {
  const n = neuronCount(c);
  return 30 * n * n + 100 * synapses + 25 * c.inputs * n;
}
