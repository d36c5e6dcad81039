/**
 * `precision: float32` for the two kinds whose step is a dense mat-vec (`rate`, `esn`): the float32 session is the
 * float64 session of the same seed rounded, stays close to it (contracting network), is bit-identical run to run and
 * on every kernel path (native/WebAssembly in place, JS twin on arrays outside the WebAssembly memory), survives
 * SQLite persistence and reset, and an ESN in float32 still learns.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plainAlloc, sharedAlloc, type Alloc } from '../../src/engine/alloc.js';
import { Rng } from '../../src/engine/random/rng.js';
import { createRuntime, runSimulation } from '../../src/engine/simulator.js';
import { heapOffset } from '../../src/engine/wasm/heap.js';
import type { EsnConfig } from '../../src/models/esn/config.js';
import { esn } from '../../src/models/esn/esn.js';
import { esnPresets } from '../../src/models/esn/presets.js';
import type { EsnState } from '../../src/models/esn/reservoir.js';
import { rate, type RateState } from '../../src/models/rate/rate.js';
import { decodeState, encodeState } from '../../src/store/state-codec.js';
import { build, createSession, runAndWait } from '../helper.js';
import { runToEnd } from '../../src/engine/training.js';

const app = await build({ maxSteps: 100_000 });
const dir = mkdtempSync(path.join(os.tmpdir(), 'rnnlab-f32-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** g = 0.9 < 1: activity decays to rest, rounding differences are not amplified. Continuous, Euler, dt/τ = 0.1. */
const contracting = (precision: string) => ({
  size: 200,
  inputs: 1,
  precision,
  recurrent: { type: 'random', gain: 0.9, density: 1, zeroDiagonal: true, symmetric: false },
});
const sine = [{ type: 'sine', channel: 0, amplitude: 1, frequency: 20, phase: 0, offset: 0 }];

const bits = (a: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(a).buffer));
/** Every Float64Array/Float32Array in a state, by path. */
function floatArrays(state: unknown, at = '', out: [string, Float64Array | Float32Array][] = []): [string, Float64Array | Float32Array][] {
  if (state instanceof Float64Array || state instanceof Float32Array) out.push([at, state]);
  else if (state && typeof state === 'object' && !ArrayBuffer.isView(state)) for (const [k, v] of Object.entries(state)) floatArrays(v, `${at}.${k}`, out);
  return out;
}

async function recording(id: string, steps: number, inputs: unknown[] = sine): Promise<number[][]> {
  const run = await runAndWait(app, id, { steps, inputs, record: ['activity'] });
  const rec = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run.id}/recording?format=json` })).json();
  return rec.fields.activity as number[][];
}

describe('rate in float32', () => {
  it('over HTTP, g = 0.9, N = 200: activity within 1e-4 (relative, per step) of the float64 session of the same seed over 100 steps', async () => {
    const id32 = await createSession(app, { model: 'rate', config: contracting('float32'), seed: 3 });
    const id64 = await createSession(app, { model: 'rate', config: contracting('float64'), seed: 3 });
    const s = (await app.inject({ method: 'GET', url: `/v1/sessions/${id32}` })).json();
    expect(s.config.precision).toBe('float32');
    const a32 = await recording(id32, 100);
    const a64 = await recording(id64, 100);
    expect(a32).toHaveLength(100);
    // Tolerance. Each step rounds M·v (N = 200 products summed in float32, u = 2⁻²⁴ ≈ 6e-8): with the signs of random
    // weights the sum's relative error is ~√N·u ≈ 1e-6 (worst case (N + 2)·u ≈ 1.2e-5), and it enters v scaled by
    // dt/τ = 0.1. f is the float32 tanh (linalg/tanh-f32.ts), within 2 ulp ≤ 4u ≈ 2.4e-7 relative of tanh (Math.tanh
    // rounded was ≤ u), and |tanh′| ≤ 1 passes the field's error on unamplified: per step ~1e-6 + 2.4e-7 < 1.3e-6,
    // also scaled by 0.1. The linearised Euler map contracts by about 1 − (1 − g)·dt/τ = 0.99 per step, so over 100
    // steps the accumulated error stays below Σ_k 0.99ᵏ · 0.1 · 1.3e-6 < 1.3e-5 relative; 1e-4 leaves a factor 7
    // (measured: 1.5e-7; 1.4e-7 with Math.tanh).
    let worst = 0;
    let differs = false;
    for (let t = 0; t < 100; t++) {
      let d = 0;
      let n = 0;
      for (let i = 0; i < 200; i++) {
        d += (a32[t]![i]! - a64[t]![i]!) ** 2;
        n += a64[t]![i]! ** 2;
        if (a32[t]![i] !== a64[t]![i]) differs = true;
      }
      worst = Math.max(worst, Math.sqrt(d / n));
    }
    expect(worst).toBeLessThan(1e-4);
    expect(differs).toBe(true); // float32 really ran: a float64 session would agree exactly
    // every value the float32 session reports is a float32 number
    for (const row of a32) for (const v of row) expect(Math.fround(v)).toBe(v);
  });

  it('weights and state are Float32Array in the WebAssembly memory, the float64 weights rounded', () => {
    const c32 = rate.configSchema.parse(contracting('float32'));
    const c64 = rate.configSchema.parse(contracting('float64'));
    const s32 = createRuntime(rate, c32, 3, sharedAlloc).state as RateState;
    const s64 = createRuntime(rate, c64, 3, sharedAlloc).state as RateState;
    const arrays = floatArrays(s32);
    expect(arrays.map(([p]) => p).sort()).toEqual(
      ['.buffers.k1', '.buffers.k2', '.buffers.k3', '.buffers.k4', '.buffers.tmp', '.drive', '.field', '.input32', '.m', '.v', '.w'].sort(),
    );
    for (const [p, a] of arrays) {
      expect(a, p).toBeInstanceOf(Float32Array);
      expect(heapOffset(a), p).toBeGreaterThanOrEqual(0);
    }
    // same seeded draws, rounded: M, W and v₀ of float32 are those of float64 through Math.fround
    for (const k of ['m', 'w', 'v'] as const) {
      expect(s32[k].length).toBe(s64[k].length);
      expect(bits(s32[k])).toEqual(bits(Float32Array.from(s64[k], Math.fround)));
    }
  });

  it('two float32 sessions with the same seed are bit-identical, over HTTP and on the JS path of matVecF32', async () => {
    const noisy = { ...contracting('float32'), noise: 0.05, time: 'discrete', r: 0.5 };
    const a = await createSession(app, { model: 'rate', config: noisy, seed: 8 });
    const b = await createSession(app, { model: 'rate', config: noisy, seed: 8 });
    const inputs = [{ type: 'noise', channel: 0, sd: 0.5 }];
    const ra = await recording(a, 150, inputs);
    const rb = await recording(b, 150, inputs);
    expect(bits(ra.flat())).toEqual(bits(rb.flat()));

    // In process: native/WebAssembly kernels reading the WebAssembly memory in place, against the plain-JS twin on
    // arrays outside it (plainAlloc), in both time forms, with rk4, with noise: the same bits.
    for (const over of [{ time: 'continuous', integrator: 'rk4' }, { time: 'discrete', noise: 0.05 }, { size: 37, inputs: 3 }]) {
      const c = rate.configSchema.parse({ ...contracting('float32'), recurrent: { type: 'random', gain: 1.5, density: 1, zeroDiagonal: true, symmetric: false }, ...over });
      const go = (alloc: Alloc) => {
        const rt = createRuntime(rate, c, 21, alloc);
        const spec = { steps: 200, inputs: [{ type: 'noise' as const, channel: 'all' as const, mean: 0, sd: 0.5 }], record: ['activity'] };
        const v = runSimulation(rate, c, rt, spec, {}, alloc).recording.fields.activity!.data;
        const st = rt.state as RateState;
        return { v, inHeap: heapOffset(st.m) >= 0 && heapOffset(st.v) >= 0, isF32: st.m instanceof Float32Array };
      };
      const fast = go(sharedAlloc);
      const js = go(plainAlloc);
      expect(fast.inHeap && !js.inHeap && fast.isF32 && js.isF32).toBe(true);
      expect(bits(js.v)).toEqual(bits(fast.v));
    }
  });

  it('state survives SQLite (codec and a restart), reset, GET /state and a live change; the run continues bit-identically', async () => {
    // the codec keeps Float32Array as Float32Array, bit for bit
    const c = rate.configSchema.parse(contracting('float32'));
    const rt = createRuntime(rate, c, 4);
    runSimulation(rate, c, rt, { steps: 20 });
    const back = decodeState<RateState>(encodeState(rt.state));
    const before = floatArrays(rt.state);
    const after = floatArrays(back);
    expect(after.map(([p]) => p)).toEqual(before.map(([p]) => p));
    after.forEach(([p, a], i) => {
      expect(a, p).toBeInstanceOf(Float32Array);
      expect(bits(a)).toEqual(bits(before[i]![1]));
    });

    const config = { ...contracting('float32'), noise: 0.02 };
    const inputs = [{ type: 'noise', channel: 0, sd: 0.5 }];
    const first = await build({ dataDir: dir }, { autoClose: false });
    const id = await createSession(first, { model: 'rate', config, seed: 5 });
    const run0 = await runAndWait(first, id, { steps: 50, inputs, record: ['activity'] });
    const rec0 = (await first.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run0.id}/recording?format=npy` })).rawPayload;
    // reset: back to step 0 with the same network; the same run gives the same bits
    expect((await first.inject({ method: 'POST', url: `/v1/sessions/${id}/reset` })).statusCode).toBe(200);
    const run0b = await runAndWait(first, id, { steps: 50, inputs, record: ['activity'] });
    const rec0b = (await first.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run0b.id}/recording?format=npy` })).rawPayload;
    expect(rec0b.equals(rec0)).toBe(true);
    expect((await first.inject({ method: 'PATCH', url: `/v1/sessions/${id}`, payload: { live: { noise: 0.03 } } })).statusCode).toBe(200);
    await runAndWait(first, id, { steps: 100, inputs });
    const state1 = (await first.inject({ method: 'GET', url: `/v1/sessions/${id}/state` })).json();
    expect(state1.step).toBe(150);
    expect(state1.fields.activity).toHaveLength(200);
    for (const v of state1.fields.activity) expect(Math.fround(v)).toBe(v);
    await first.close();

    const second = await build({ dataDir: dir });
    const state2 = (await second.inject({ method: 'GET', url: `/v1/sessions/${id}/state` })).json();
    expect(state2.step).toBe(150);
    expect(state2.fields.activity).toEqual(state1.fields.activity);
    expect((await second.inject({ method: 'GET', url: `/v1/sessions/${id}` })).json()).toMatchObject({ config: { precision: 'float32' }, live: { noise: 0.03 } });
    const run2 = await runAndWait(second, id, { steps: 100, inputs, record: ['activity'] });

    // reference: one uninterrupted session (50 steps, reset, 50, live change, 100, 100)
    const ref = await createSession(second, { model: 'rate', config, seed: 5 });
    await runAndWait(second, ref, { steps: 50, inputs });
    await second.inject({ method: 'POST', url: `/v1/sessions/${ref}/reset` });
    await runAndWait(second, ref, { steps: 50, inputs });
    await second.inject({ method: 'PATCH', url: `/v1/sessions/${ref}`, payload: { live: { noise: 0.03 } } });
    await runAndWait(second, ref, { steps: 100, inputs });
    const refRun = await runAndWait(second, ref, { steps: 100, inputs, record: ['activity'] });
    const a = (await second.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run2.id}/recording?format=npy` })).rawPayload;
    const b = (await second.inject({ method: 'GET', url: `/v1/sessions/${ref}/runs/${refRun.id}/recording?format=npy` })).rawPayload;
    expect(a.equals(b)).toBe(true);
  });
});

describe('esn in float32', () => {
  const preset = (name: string) => esnPresets.find((p) => p.name === name)!.config;
  function train(over: Partial<EsnConfig>, seed: number, req: unknown) {
    const c = esn.configSchema.parse(over);
    const rt = createRuntime(esn, c, seed, sharedAlloc);
    const ctx = { rng: Rng.fromSeed(seed + 1000), alloc: sharedAlloc, progress() {}, cancelled: () => false };
    const r = runToEnd(esn.train!.run(rt.state as EsnState, c, req, ctx, rt.live as never));
    if (r.state) rt.state = r.state;
    return { r, rt, c };
  }

  it('reservoir: dense float32 W, W_in, W_fb, x, work buffers in the WebAssembly memory; the float64 weights rounded', () => {
    const c32 = esn.configSchema.parse({ size: 80, density: 0.2, feedbackScaling: 0.5, precision: 'float32' });
    const c64 = esn.configSchema.parse({ size: 80, density: 0.2, feedbackScaling: 0.5 });
    const s32 = createRuntime(esn, c32, 2).state as EsnState;
    const s64 = createRuntime(esn, c64, 2).state as EsnState;
    for (const k of ['w', 'wIn', 'wFb', 'x', 'pre', 'biasInput', 'fb32'] as const) {
      expect(s32[k], k).toBeInstanceOf(Float32Array);
      expect(heapOffset(s32[k] as Float32Array), k).toBeGreaterThanOrEqual(0);
    }
    for (const k of ['wOut', 'y', 'u', 'features'] as const) expect(s32[k], k).toBeInstanceOf(Float64Array);
    const csr = s64.w as { rowPtr: Int32Array; colIdx: Int32Array; values: Float64Array };
    const dense = new Float64Array(80 * 80);
    for (let i = 0; i < 80; i++) for (let q = csr.rowPtr[i]!; q < csr.rowPtr[i + 1]!; q++) dense[i * 80 + csr.colIdx[q]!] = csr.values[q]!;
    expect(bits(s32.w as Float32Array)).toEqual(bits(Float32Array.from(dense, Math.fround)));
    expect(bits(s32.wIn)).toEqual(bits(Float32Array.from(s64.wIn, Math.fround)));
    expect(bits(s32.wFb)).toEqual(bits(Float32Array.from(s64.wFb, Math.fround)));
  });

  it('still learns: NARMA-10 NRMSE within 1% of float64', () => {
    const narma = (precision: 'float64' | 'float32') =>
      train({ size: 200, density: 0.1, spectralRadius: 0.9, inputs: 1, inputScaling: 0.5, bias: 0, precision }, 3, { task: 'narma10', steps: 3000, testSteps: 1000, washout: 100 }).r
        .metrics.testNrmse as number;
    const n64 = narma('float64');
    const n32 = narma('float32');
    expect(n32).toBeLessThan(0.5); // the float64 test's bound (mean predictor: 1)
    expect(Math.abs(n32 - n64)).toBeLessThan(0.01 * n64);
    expect(n32).not.toBe(n64); // float32 really ran
  });

  it('still learns: Jaeger 2001 Mackey-Glass (feedback) NRMSE84 < 1e-3 and within 3× of float64, then runs free in float32', () => {
    // The generative task needs precise states (NRMSE84 ~ 1e-4, Jaeger 2001 §6): float32 rounding (~1e-7 per step)
    // acts like extra state noise of that size, the same order as the preset's training noise (1e-9 on 1e-1 states).
    const mg = (precision: 'float64' | 'float32') =>
      train({ ...preset('jaeger2001-mackey-glass'), precision }, 1, { task: 'mackey-glass', tau: 17, steps: 3000, washout: 1000, trials: 10, testWashout: 300, seed: 11 });
    const m64 = mg('float64').r.metrics.nrmse84 as number;
    const { r: r32, rt, c } = mg('float32');
    const m32 = r32.metrics.nrmse84 as number;
    expect(m32).toBeLessThan(1e-3);
    expect(m32).toBeLessThan(3 * m64);
    // then it runs free from the trained state, in float32, and the run metrics compare it with the continuation
    const out = runSimulation(esn, c, rt, { steps: 200, record: ['output', 'state'] });
    expect(out.metrics.r2 as number).toBeGreaterThan(0.99);
    for (const v of out.recording.fields.state!.data.subarray(0, 400)) expect(Math.fround(v)).toBe(v);
  });

  it('over HTTP: trains and runs in float32, bit-identical for the same seed', async () => {
    const go = async () => {
      const id = await createSession(app, { model: 'esn', config: { size: 100, spectralRadius: 0.9, inputs: 1, precision: 'float32' }, seed: 6 });
      const t = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { task: 'narma10', steps: 1500, testSteps: 500, seed: 2 } });
      expect(t.statusCode).toBe(200);
      const run = await runAndWait(app, id, { steps: 50, record: ['state', 'output'], inputs: [{ type: 'noise', channel: 0, sd: 0.2 }] });
      const rec = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run.id}/recording?format=npy` })).rawPayload;
      return { nrmse: t.json().metrics.testNrmse as number, rec };
    };
    const a = await go();
    const b = await go();
    expect(a.nrmse).toBeLessThan(0.7);
    expect(a.nrmse).toBe(b.nrmse);
    expect(a.rec.equals(b.rec)).toBe(true);
  });
});

describe('validation', () => {
  it('a bad precision is a 400 problem naming config.precision, for rate and esn', async () => {
    for (const model of ['rate', 'esn']) {
      const res = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model, config: { precision: 'float16' } } });
      expect(res.statusCode).toBe(400);
      expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
      const body = res.json();
      expect(body.code).toBe('RNN_ERR_VALIDATION');
      expect(body.errors.map((e: { path: string }) => e.path)).toContain('config.precision');
    }
    const schema = (await app.inject({ method: 'GET', url: '/v1/models/rate' })).json();
    expect(JSON.stringify(schema)).toContain('float32');
  });
});
