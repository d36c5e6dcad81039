/**
 * `rate`: the lecture's generic rate RNN (Dayan & Abbott 2001, ch. 7), in its two forms:
 *   discrete   v[t+1] = r·v[t] + f(W·u[t] + M·v[t])
 *   continuous τ dv/dt = −v + f(W·u + M·v)          (euler or rk4, dt and τ in ms)
 * In float64 (default) or float32 (`precision`): then every array below is a Float32Array, M·v is `matVecF32` and
 * f = tanh is `tanhF32` (through applyNonlinearity).
 */
import { defineModel, type Recording } from '../contract.js';
import { integrators, type IntegratorBuffers } from '../../engine/integrators.js';
import { applyNonlinearity } from '../../engine/nonlinearity.js';
import { matVecIn, norm2, mean } from '../../engine/linalg/dense.js';
import { gaussianMatrix } from '../../engine/linalg/random-matrix.js';
import { allocFloat, type FloatArray } from '../../engine/precision.js';
import { rateConfigSchema, rateLiveSchema, type RateConfig, type RateLive } from './config.js';
import { ratePresets } from './presets.js';
import { rateBuildCost } from './build-cost.js';

/** All float arrays of one state share a precision: Float64Array, or Float32Array when `precision` is float32. */
export interface RateState extends Record<string, unknown> {
  v: FloatArray;
  /** M, N × N row-major (empty when there is no recurrence). */
  m: FloatArray;
  /** W, N × K row-major. */
  w: FloatArray;
  hasRecurrence: boolean;
  /** Input drive W·u for the current step. */
  drive: FloatArray;
  /** Work buffers. */
  field: FloatArray;
  buffers: IntegratorBuffers<FloatArray>;
  /** float32 only: the step's input u rounded to float32 (K), for the W·u kernel. */
  input32?: Float32Array;
}

function flatten(m: number[][], out: FloatArray): void {
  let k = 0;
  for (const row of m) for (const x of row) out[k++] = x;
}

export const rate = defineModel<RateConfig, RateState, RateLive>({
  meta: {
    kind: 'rate',
    title: 'Rate RNN (discrete or continuous time)',
    summary:
      'N rate units with input weights W and recurrent weights M. With r = 1 and no other feedback a unit holds its ' +
      'input forever (a perfect integrator); r < 1 decays as rᵗ, r > 1 grows. A random M with gain g < 1 lets activity ' +
      'die out; g > 1 makes it chaotic (Sompolinsky, Crisanti & Sommers 1988).',
    equations: ['v[t+1] = r·v[t] + f(W·u[t] + M·v[t])', 'τ dv/dt = −v + f(W·u + M·v)'],
    references: [
      'Dayan P, Abbott LF (2001) Theoretical Neuroscience, ch. 7. MIT Press.',
      'Sompolinsky H, Crisanti A, Sommers HJ (1988) Chaos in random neural networks. Phys Rev Lett 61:259.',
    ],
    timeUnit: 'ms',
    fields: { activity: 'v, one value per unit', meanRate: 'mean of v over units', norm: '‖v‖₂' },
    activityField: 'activity',
  },
  configSchema: rateConfigSchema,
  liveSchema: rateLiveSchema,
  initialLive: (c) => ({ r: c.r, noise: c.noise }),
  presets: ratePresets,
  dt: (c) => c.dt,
  inputSize: (c) => c.inputs,
  size: (c) => c.size,
  cost: rateBuildCost,
  defaultRecord: ['activity', 'meanRate', 'norm'],
  metricFields: ['norm'],

  create(c, { rng, alloc }) {
    const n = c.size;
    const k = c.inputs;
    const weightRng = rng.fork();
    const inputRng = rng.fork();
    const initRng = rng.fork();
    const hasRecurrence = c.recurrent.type !== 'none';
    // float32: the same draws as float64, each rounded when stored (gaussianMatrix, fillNormal, flatten).
    const f = (len: number) => allocFloat(alloc, c.precision, len);
    const m = f(hasRecurrence ? n * n : 0);
    if (c.recurrent.type === 'random') {
      gaussianMatrix(m, weightRng, { rows: n, cols: n, ...c.recurrent });
    } else if (c.recurrent.type === 'explicit') {
      flatten(c.recurrent.matrix, m);
    }
    const w = f(n * k);
    if (c.inputWeights.type === 'random') {
      gaussianMatrix(w, inputRng, { rows: n, cols: k, gain: c.inputWeights.gain, density: c.inputWeights.density });
      // gaussianMatrix scales by 1/√(p·cols): with cols = K this is gain/√K per the schema.
    } else if (c.inputWeights.type === 'identity') {
      for (let i = 0; i < Math.min(n, k); i++) w[i * k + i] = 1;
    } else {
      flatten(c.inputWeights.matrix, w);
    }
    const v = f(n);
    if (c.initialState.type === 'random') initRng.fillNormal(v, 0, c.initialState.sd);
    else if (c.initialState.type === 'explicit') v.set(c.initialState.values);
    const buffers: IntegratorBuffers<FloatArray> = { k1: f(n), k2: f(n), k3: f(n), k4: f(n), tmp: f(n) };
    const state: RateState = { v, m, w, hasRecurrence, drive: f(n), field: f(n), buffers };
    if (c.precision === 'float32') state.input32 = alloc.f32(k);
    return state;
  },

  step(s, c, ctx) {
    const n = c.size;
    const k = c.inputs;
    if (k > 0) {
      if (s.input32) {
        s.input32.set(ctx.input);
        matVecIn(s.w, n, k, s.input32, s.drive);
      } else matVecIn(s.w, n, k, ctx.input, s.drive);
    }
    const noise = ctx.live.noise;
    if (c.time === 'discrete') {
      // field = W·u[t] + M·v[t]; v[t+1] = r·v[t] + f(field)
      if (s.hasRecurrence) matVecIn(s.m, n, n, s.v, s.field);
      else s.field.fill(0);
      for (let i = 0; i < n; i++) s.field[i]! += s.drive[i]!;
      applyNonlinearity(c.nonlinearity, s.field);
      const r = ctx.live.r;
      for (let i = 0; i < n; i++) s.v[i] = r * s.v[i]! + s.field[i]!;
      if (noise > 0) ctx.rng.addNormal(s.v, noise);
      return;
    }
    // τ dv/dt = −v + f(W·u + M·v), with u held over the step.
    const tau = c.tau;
    const derivative = (x: FloatArray, _t: number, out: FloatArray): void => {
      if (s.hasRecurrence) matVecIn(s.m, n, n, x, out);
      else out.fill(0);
      for (let i = 0; i < n; i++) out[i]! += s.drive[i]!;
      applyNonlinearity(c.nonlinearity, out);
      for (let i = 0; i < n; i++) out[i] = (out[i]! - x[i]!) / tau;
    };
    integrators[c.integrator](s.v, ctx.t, ctx.dt, derivative, s.buffers);
    if (noise > 0) {
      const scale = noise * Math.sqrt(ctx.dt / tau);
      ctx.rng.addNormal(s.v, scale);
    }
  },

  observe: (s) => ({ activity: s.v, meanRate: mean(s.v), norm: norm2(s.v) }),

  metrics(rec: Recording): Record<string, number | null> {
    const norm = rec.fields.norm!.data;
    const n = norm.length;
    if (n === 0) return {};
    // Growth rate of ‖v‖ per unit time over the second half of the run: < 0 decay, ≈ 0 hold, > 0 growth.
    const half = Math.floor(n / 2);
    let slope: number | null = null;
    if (n - half >= 2 && norm[half]! > 0 && norm[n - 1]! > 0) {
      slope = (Math.log(norm[n - 1]!) - Math.log(norm[half]!)) / (rec.t[n - 1]! - rec.t[half]!);
    }
    return { finalNorm: norm[n - 1]!, maxNorm: Math.max(...norm), logNormSlope: slope };
  },
});
