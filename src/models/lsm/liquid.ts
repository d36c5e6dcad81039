/**
 * The liquid's dynamics, one step of dt ms (Maass, Natschläger & Markram 2002, appendix B):
 *   τ_m dV/dt = −V + R_in·(I_b + I_syn + I_noise),    spike when V ≥ θ, then V = V_reset for t_ref
 *   I_syn: each arriving spike adds A·u_n·R_n (dynamic) or A (static); exc/inh currents decay with τ_s = 3 / 6 ms.
 * V is advanced exactly for the current held over the step (exponential Euler), so a neuron under constant current
 * fires at the analytic LIF rate up to the dt grid. Spikes arrive after the synapse's delay through a ring buffer.
 */
import type { Alloc } from '../../engine/alloc.js';
import type { Rng } from '../../engine/random/rng.js';
import { buildCircuit, type Circuit } from './circuit.js';
import type { LsmConfig, LsmLive } from './config.js';
import { createSchedule, type InputSchedule } from './input-spikes.js';
import { nextEfficacy } from './synapses.js';

/** Indices into `counters`: the mutable scalars live in shared memory too, so a worker's steps are seen back. */
export const STEP = 0;
export const TRIAL_STEP = 1;
export const TRIAL_INDEX = 2;
export const TRIALS_SCORED = 3;
export const LAST_OBSERVED = 4;
export const TRAINED = 5;

export interface LiquidState extends Circuit, InputSchedule, Record<string, unknown> {
  counters: Float64Array;
  v: Float64Array;
  iExc: Float64Array;
  iInh: Float64Array;
  /** Steps of refractoriness left, and each neuron's refractory period in steps. */
  refractoryLeft: Int32Array;
  refractorySteps: Int32Array;
  /** Time of the last spike (ms since the trial's reset), −1 for none: the Δ of the synapse recursion. */
  lastSpike: Float64Array;
  /** Step index of the last spike (for the raster), −1 for none. */
  lastSpikeStep: Float64Array;
  /** u and R of every synapse after its last presynaptic spike. */
  synu: Float64Array;
  synR: Float64Array;
  /** Pending synaptic input, [slot][neuron], slot = arrival step mod ringLen. */
  ringExc: Float64Array;
  ringInh: Float64Array;
  ringLen: number;
  /**
   * Spike trains low-pass filtered with the readout's τ (Maass 2002: 30 ms): the liquid state x(t). Decayed lazily
   * (spikes are sparse): trace[i] is the value at step traceStep[i]; `syncTraces` brings all to the current step.
   */
  trace: Float64Array;
  traceStep: Float64Array;
  /**
   * The neurons each ring slot holds arrivals for ([slot][0 … touchedCount[slot]−1]): a step visits only those, not
   * all n (a spike reaches ~10 of the 135–1000 neurons).
   */
  touched: Int32Array;
  touchedCount: Int32Array;
  /** Neurons that spiked in the last step (first `spikeCount` entries) and input spikes per channel. */
  spikeList: Int32Array;
  spikeCount: Int32Array;
  inputSpikes: Float64Array;
}

export function createLiquid(c: LsmConfig, rng: Rng, alloc: Alloc): LiquidState {
  const circuit = buildCircuit(c, rng.fork(), alloc);
  const schedule = createSchedule(c, rng.fork(), alloc);
  const n = circuit.n;
  const ringLen = circuit.maxDelay + 2;
  const refractorySteps = alloc.i32(n);
  for (let i = 0; i < n; i++) refractorySteps[i] = Math.round((circuit.inhibitory[i] ? c.refractoryInh : c.refractoryExc) / c.dt);
  const m = circuit.synTarget.length;
  const s: LiquidState = {
    ...circuit,
    ...schedule,
    counters: alloc.f64(8),
    v: alloc.f64(n),
    iExc: alloc.f64(n),
    iInh: alloc.f64(n),
    refractoryLeft: alloc.i32(n),
    refractorySteps,
    lastSpike: alloc.f64(n),
    lastSpikeStep: alloc.f64(n),
    synu: alloc.f64(m),
    synR: alloc.f64(m),
    ringExc: alloc.f64(ringLen * n),
    ringInh: alloc.f64(ringLen * n),
    ringLen,
    trace: alloc.f64(n),
    traceStep: alloc.f64(n),
    touched: alloc.i32(ringLen * n),
    touchedCount: alloc.i32(ringLen),
    spikeList: alloc.i32(n),
    spikeCount: alloc.i32(1),
    inputSpikes: alloc.f64(c.inputs),
  };
  s.counters[LAST_OBSERVED] = -1;
  s.lastSpikeStep.fill(-1);
  resetLiquid(s, c, rng.fork());
  return s;
}

/** Start the liquid afresh (a new trial): V₀ ~ U[lo, hi], no currents in flight, synapses rested, traces empty. */
export function resetLiquid(s: LiquidState, c: LsmConfig, rng: Rng): void {
  const [lo, hi] = c.initialV;
  for (let i = 0; i < s.n; i++) s.v[i] = rng.range(lo, hi);
  s.iExc.fill(0);
  s.iInh.fill(0);
  s.ringExc.fill(0);
  s.ringInh.fill(0);
  s.touchedCount.fill(0);
  s.refractoryLeft.fill(0);
  s.lastSpike.fill(-1);
  s.trace.fill(0);
  s.traceStep.fill(s.counters[STEP]!);
}

/** Decay every trace to the current step: after this, `trace` is x(t) now. Returns Σ_i x_i(t). */
export function syncTraces(s: LiquidState, c: LsmConfig): number {
  const { n, trace, traceStep } = s;
  const step = s.counters[STEP]!;
  // After a previous sync most neurons share the same lag k: compute exp(−k·dt/τ) once per distinct lag in a row.
  let lastK = -1;
  let factor = 1;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const k = step - traceStep[i]!;
    if (k > 0) {
      if (k !== lastK) {
        lastK = k;
        factor = Math.exp((-k * c.dt) / c.readoutTau);
      }
      trace[i]! *= factor;
    }
    traceStep[i] = step;
    sum += trace[i]!;
  }
  return sum;
}

/** The part of a schedule one step reads: this trial's sorted spike times per channel and the read positions. */
export type TrialSpikes = Pick<InputSchedule, 'trialTimes' | 'trialCount' | 'trialPtr' | 'trialCap'>;

/**
 * One step. `trialTime` is the time since the trial start (ms) for scheduled input (`spikes`, by default the
 * state's own schedule); `extraRateHz` adds a Poisson rate per channel (the run's generic inputs). Advances STEP.
 */
export function stepLiquid(
  s: LiquidState,
  c: LsmConfig,
  rng: Rng,
  live: LsmLive,
  trialTime: number,
  extraRateHz: Float64Array | null,
  spikes: TrialSpikes = s,
): void {
  // Arrays into locals: the state object has many keys, and the hot loops should not look them up each time.
  const { n, v: vm, iExc, iInh, ringExc, ringInh, refractoryLeft, trace, spikeList, lastSpike } = s;
  const dt = c.dt;
  const step = s.counters[STEP]!;
  const { touched, touchedCount } = s;
  const slot0 = step % s.ringLen;
  const base = slot0 * n;
  for (let q = 0, nq = touchedCount[slot0]!; q < nq; q++) {
    const i = touched[base + q]!;
    iExc[i]! += ringExc[base + i]!;
    iInh[i]! += ringInh[base + i]!;
    ringExc[base + i] = 0;
    ringInh[base + i] = 0;
  }
  touchedCount[slot0] = 0;

  // Input spikes in [trialTime, trialTime + dt) reach their targets' excitatory current at once.
  const poissonRate = c.input.type === 'poisson' ? live.rateHz : 0;
  const tEnd = trialTime + dt;
  const { trialTimes, trialCount, trialPtr, trialCap } = spikes;
  const { inStart, inTarget, inA } = s;
  for (let ch = 0; ch < c.inputs; ch++) {
    let count = 0;
    const off = ch * trialCap;
    const total = trialCount[ch]!;
    let p = trialPtr[ch]!;
    while (p < total && trialTimes[off + p]! < tEnd) {
      count++;
      p++;
    }
    trialPtr[ch] = p;
    const rate = poissonRate + (extraRateHz ? extraRateHz[ch]! : 0);
    if (rate > 0 && rng.uniform() < (rate * dt) / 1000) count++;
    s.inputSpikes[ch] = count;
    if (count === 0) continue;
    for (let k = inStart[ch]!; k < inStart[ch + 1]!; k++) iExc[inTarget[k]!]! += count * inA[k]!;
  }

  // Membrane: exact for the current held over the step; then the synaptic currents decay (one pass).
  const decayM = Math.exp(-dt / c.tauM);
  const decayE = Math.exp(-dt / c.tauSynExc);
  const decayI = Math.exp(-dt / c.tauSynInh);
  const r = c.inputResistance;
  const ib = live.backgroundCurrent;
  const noise = live.noiseCurrent;
  const threshold = c.threshold;
  const reset = c.reset;
  const refractorySteps = s.refractorySteps;
  let fired = 0;
  for (let i = 0; i < n; i++) {
    const ie = iExc[i]!;
    const ii = iInh[i]!;
    iExc[i] = ie * decayE;
    iInh[i] = ii * decayI;
    if (refractoryLeft[i]! > 0) {
      refractoryLeft[i]!--;
      continue;
    }
    let current = ib + ie + ii;
    if (noise > 0) current += noise * rng.normal();
    const vInf = r * current;
    const v = vInf + (vm[i]! - vInf) * decayM;
    if (v >= threshold) {
      vm[i] = reset;
      refractoryLeft[i] = refractorySteps[i]!;
      spikeList[fired++] = i;
    } else {
      vm[i] = v;
    }
  }
  s.spikeCount[0] = fired;

  // Propagate this step's spikes (emitted at the step's end): arrival `delay` after the spike.
  const tSpike = trialTime + dt;
  const dynamic = c.synapses === 'dynamic';
  const { synStart, synTarget, synDelay, synA, synU, synD, synF, synu, synR, inhibitory, ringLen, traceStep } = s;
  for (let q = 0; q < fired; q++) {
    const j = spikeList[q]!;
    const delta = lastSpike[j]! >= 0 ? tSpike - lastSpike[j]! : -1;
    const ring = inhibitory[j] ? ringInh : ringExc;
    for (let k = synStart[j]!; k < synStart[j + 1]!; k++) {
      const efficacy = dynamic ? nextEfficacy(k, delta, synU, synD, synF, synu, synR) : 1;
      const slot = (step + 1 + synDelay[k]!) % ringLen;
      const idx = slot * n + synTarget[k]!;
      if (ringExc[idx] === 0 && ringInh[idx] === 0) touched[slot * n + touchedCount[slot]!++] = synTarget[k]!;
      ring[idx]! += synA[k]! * efficacy;
    }
    lastSpike[j] = tSpike;
    s.lastSpikeStep[j] = step + 1;
    trace[j] = trace[j]! * Math.exp((-(step + 1 - traceStep[j]!) * dt) / c.readoutTau) + 1;
    traceStep[j] = step + 1;
  }
  s.counters[STEP] = step + 1;
}
