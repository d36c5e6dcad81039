/**
 * The liquid's anatomy (Maass, Natschläger & Markram 2002, appendix B): neurons on the integer points of a 3-D grid,
 * a random fraction inhibitory, and a synapse from a to b (a ≠ b) with probability C·exp(−(D(a,b)/λ)²), C by the
 * (pre, post) type. Synapses are stored by presynaptic neuron (CSR), the order a spike is propagated in.
 */
import type { Alloc } from '../../engine/alloc.js';
import type { Rng } from '../../engine/random/rng.js';
import { neuronCount, type LsmConfig } from './config.js';
import { drawUdf, gammaAmplitude, steadyStateEfficacy } from './synapses.js';

export interface Circuit {
  n: number;
  /** x, y, z of each neuron (grid units), row-major n × 3. */
  positions: Float64Array;
  /** 1 for inhibitory neurons. */
  inhibitory: Uint8Array;
  /** CSR by presynaptic neuron: synapses of neuron j are synStart[j] … synStart[j+1]−1. */
  synStart: Int32Array;
  synTarget: Int32Array;
  /** Delay in whole steps (≥ 0) added to the one step a spike takes to arrive. */
  synDelay: Int32Array;
  /** Signed amplitude A (nA); for static synapses already multiplied by the matched efficacy. */
  synA: Float64Array;
  synU: Float64Array;
  /** ms */
  synD: Float64Array;
  /** ms */
  synF: Float64Array;
  /** Input channel k projects to inTarget[inStart[k] … inStart[k+1]−1] with amplitudes inA (nA, static). */
  inStart: Int32Array;
  inTarget: Int32Array;
  inA: Float64Array;
  maxDelay: number;
}

type Pair = 'ee' | 'ei' | 'ie' | 'ii';
const pairOf = (preInh: number, postInh: number): Pair => (preInh ? (postInh ? 'ii' : 'ie') : postInh ? 'ei' : 'ee');

export function buildCircuit(c: LsmConfig, rng: Rng, alloc: Alloc): Circuit {
  const n = neuronCount(c);
  const [gx, gy] = c.grid;
  const typeRng = rng.fork();
  const wiringRng = rng.fork();
  const synRng = rng.fork();
  const inputRng = rng.fork();

  const positions = alloc.f64(3 * n);
  for (let i = 0; i < n; i++) {
    positions[3 * i] = i % gx;
    positions[3 * i + 1] = Math.floor(i / gx) % gy;
    positions[3 * i + 2] = Math.floor(i / (gx * gy));
  }
  // Exactly round(f·n) inhibitory neurons, placed at random.
  const inhibitory = alloc.u8(n);
  const order = typeRng.permutation(n);
  const nInh = Math.round(c.inhibitoryFraction * n);
  for (let i = 0; i < nInh; i++) inhibitory[order[i]!] = 1;

  // Wiring: pass over all ordered pairs (the paper's rule has no cut-off); collect targets per presynaptic neuron.
  const lambda2 = c.lambda * c.lambda;
  const targets: number[] = [];
  const start = alloc.i32(n + 1);
  for (let a = 0; a < n; a++) {
    start[a] = targets.length;
    for (let b = 0; b < n; b++) {
      if (a === b || lambda2 === 0) continue;
      const dx = positions[3 * a]! - positions[3 * b]!;
      const dy = positions[3 * a + 1]! - positions[3 * b + 1]!;
      const dz = positions[3 * a + 2]! - positions[3 * b + 2]!;
      const p = c.connectivity[pairOf(inhibitory[a]!, inhibitory[b]!)] * Math.exp(-(dx * dx + dy * dy + dz * dz) / lambda2);
      if (wiringRng.uniform() < p) targets.push(b);
    }
  }
  start[n] = targets.length;
  const m = targets.length;
  const synTarget = alloc.i32(m);
  const synDelay = alloc.i32(m);
  const synA = alloc.f64(m);
  const synU = alloc.f64(m);
  const synD = alloc.f64(m);
  const synF = alloc.f64(m);
  const interval = c.staticMatchRateHz > 0 ? 1000 / c.staticMatchRateHz : 0;
  let maxDelay = 0;
  for (let a = 0; a < n; a++) {
    for (let k = start[a]!; k < start[a + 1]!; k++) {
      const b = targets[k]!;
      const pair = pairOf(inhibitory[a]!, inhibitory[b]!);
      synTarget[k] = b;
      const d = Math.round(c.delay[pair] / c.dt);
      synDelay[k] = d;
      if (d > maxDelay) maxDelay = d;
      const [U, D, F] = drawUdf(synRng, c[pair], c.udfSd);
      synU[k] = U;
      synD[k] = D;
      synF[k] = F;
      const A = gammaAmplitude(synRng, c.amplitude[pair], c.amplitudeSd) * (inhibitory[a] ? -1 : 1);
      // Static variant: the amplitude the dynamic twin delivers on average at the matched rate (first spike if 0 Hz).
      synA[k] = c.synapses === 'static' ? A * (interval > 0 ? steadyStateEfficacy(U, D, F, interval) : U) : A;
    }
  }

  // Input channels: static synapses, to each neuron with probability inputConnectivity (appendix B amplitudes).
  const inTargets: number[] = [];
  const inAmps: number[] = [];
  const inStart = alloc.i32(c.inputs + 1);
  for (let ch = 0; ch < c.inputs; ch++) {
    inStart[ch] = inTargets.length;
    for (let b = 0; b < n; b++) {
      if (inputRng.uniform() >= c.inputConnectivity) continue;
      inTargets.push(b);
      inAmps.push(gammaAmplitude(inputRng, inhibitory[b] ? c.inputAmplitudeInh : c.inputAmplitudeExc, c.amplitudeSd));
    }
  }
  inStart[c.inputs] = inTargets.length;
  const inTarget = alloc.i32(inTargets.length);
  inTarget.set(inTargets);
  const inA = alloc.f64(inAmps.length);
  inA.set(inAmps);

  return { n, positions, inhibitory, synStart: start, synTarget, synDelay, synA, synU, synD, synF, inStart, inTarget, inA, maxDelay };
}
