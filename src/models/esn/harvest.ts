/**
 * State harvesting and the readout fit (Jaeger 2001 §3; Lukoševičius 2012 §4): drive the reservoir with a sequence,
 * teacher-forcing the fed-back output where there is feedback, throw away the washout (the initial transient the
 * echo state property lets the network forget), collect [x; u; 1] rows, and solve ridge regression for W_out.
 */
import { ridgeFit, type RidgeFit } from '../../engine/linalg/ridge.js';
import type { Rng } from '../../engine/random/rng.js';
import type { TrainContext } from '../contract.js';
import type { EsnConfig } from './config.js';
import type { RidgeSettings } from './readout.js';
import { writeFeatures } from './readout.js';
import { readOutput, updateReservoir, type EsnState } from './reservoir.js';

/** A driving sequence: T steps of K inputs and of L teacher outputs (row-major). */
export interface Sequence {
  steps: number;
  /** T × K inputs, or null for none (zeros). */
  inputs: Float64Array | null;
  /** T × L desired outputs d(n). The fed-back value at step n is d(n − 1) (teacher forcing). */
  targets: Float64Array | null;
  /** Feed d(n − 1) in as the input u(n) instead of the (absent) feedback: one-step-ahead generative training. */
  targetAsInput?: boolean;
}

export interface HarvestOptions {
  washout: number;
  noise: number;
  rng: Rng | null;
  leak: number;
  ctx?: TrainContext;
  /** Progress range this harvest covers. */
  progress?: [number, number];
}

/**
 * Drive the reservoir through `seq` (continuing from its current state) and return the feature rows after the washout
 * (rows × F) and the matching targets (rows × L). Leaves s.y = d(T − 1) (the teacher's last value) so a free run
 * continues from the teacher.
 */
export function harvest(s: EsnState, c: EsnConfig, seq: Sequence, o: HarvestOptions): { x: Float64Array; y: Float64Array; rows: number } | null {
  const k = c.inputs;
  const l = s.outputs;
  const f = s.features.length;
  const rows = Math.max(0, seq.steps - o.washout);
  const x = new Float64Array(rows * f);
  const y = new Float64Array(rows * l);
  const u = new Float64Array(k);
  const fb = s.y;
  for (let n = 0; n < seq.steps; n++) {
    if (seq.inputs) for (let i = 0; i < k; i++) u[i] = seq.inputs[n * k + i]!;
    else u.fill(0);
    if (seq.targets && n > 0) {
      for (let j = 0; j < l; j++) fb[j] = seq.targets[(n - 1) * l + j]!;
      if (seq.targetAsInput) for (let j = 0; j < Math.min(k, l); j++) u[j] = fb[j]!;
    }
    updateReservoir(s, c, u, fb, o.leak, o.noise, o.rng);
    if (n >= o.washout) {
      const r = n - o.washout;
      writeFeatures(s.x, u, c.readoutInput, x, r * f);
      if (seq.targets) for (let j = 0; j < l; j++) y[r * l + j] = seq.targets[n * l + j]!;
    }
    if (o.ctx && (n & 1023) === 1023) {
      if (o.ctx.cancelled()) return null;
      const [a, b] = o.progress ?? [0, 1];
      o.ctx.progress(a + ((b - a) * n) / seq.steps);
    }
  }
  if (seq.targets && seq.steps > 0) for (let j = 0; j < l; j++) fb[j] = seq.targets[(seq.steps - 1) * l + j]!;
  return { x, y, rows };
}

/** Fit W_out by ridge regression and install it. */
export function fitReadout(s: EsnState, x: Float64Array, y: Float64Array, rows: number, r: RidgeSettings): RidgeFit {
  const f = s.features.length;
  let fit: RidgeFit;
  try {
    fit = ridgeFit(x, rows, f, y, s.outputs, { lambda: r.lambda, solver: r.solver });
  } catch (e) {
    const advice = r.solver === 'qr' ? 'raise readout.lambda or add readout.trainingNoise' : 'raise readout.lambda, add readout.trainingNoise, or use readout.solver "qr"';
    throw new RangeError(`readout fit failed: ${(e as Error).message}. The harvested states are ill-conditioned: ${advice}`);
  }
  s.wOut.set(fit.weights);
  s.trained = true;
  return fit;
}

/**
 * Run freely for `steps` steps from the current state: the output is fed back (through W_fb, or as the input when
 * `outputAsInput`), inputs otherwise zero. Writes the L outputs of each step into `out` (steps × L).
 */
export function freeRun(s: EsnState, c: EsnConfig, steps: number, outputAsInput: boolean, leak: number, out: Float64Array): void {
  const k = c.inputs;
  const l = s.outputs;
  const u = new Float64Array(k);
  for (let n = 0; n < steps; n++) {
    if (outputAsInput) for (let j = 0; j < Math.min(k, l); j++) u[j] = s.y[j]!;
    updateReservoir(s, c, u, s.y, leak, 0, null);
    readOutput(s, c);
    for (let j = 0; j < l; j++) out[n * l + j] = s.y[j]!;
  }
}
