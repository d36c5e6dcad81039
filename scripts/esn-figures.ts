/**
 * The ESN figures of issue #5, beside the papers' (reference/models.md):
 * - Jaeger 2001 §6, Mackey-Glass τ = 17, 400 units: NRMSE84 over 20 free-running trials (paper 2.8e-4), for several
 *   reservoirs, and the readout-solver ablation (normal equations, tiny ridge, QR + noise 1e-9, noise 1e-5);
 *   τ = 30 with state noise 1e-5 (paper 0.11); the 1,000-unit Jaeger & Haas 2004 preset.
 * - ReservoirPy tutorial: 100 units, 10- and 100-step forecasts (R² 0.99918 and 0.95083 there).
 * - Memory capacity (Jaeger 2001b) of linear and tanh reservoirs; the echo state property against ρ; NARMA-10;
 *   sound versus time-reversed twin.
 *   npm run build && node dist/scripts/esn-figures.js [reservoirs=5]
 */
import { esn } from '../src/models/esn/esn.js';
import type { EsnConfig } from '../src/models/esn/config.js';
import { createRuntime } from '../src/engine/simulator.js';
import { plainAlloc } from '../src/engine/alloc.js';
import { Rng } from '../src/engine/random/rng.js';
import { runToEnd } from '../src/engine/training.js';

const [reservoirs = 5] = process.argv.slice(2).map(Number);
const preset = (name: string) => esn.presets.find((p) => p.name === name)!.config;

function train(over: Partial<EsnConfig>, req: Record<string, unknown>, seed: number): Record<string, any> {
  const c = esn.configSchema.parse(over);
  const rt = createRuntime(esn, c, seed, plainAlloc);
  const t0 = performance.now();
  try {
    const r = runToEnd(esn.train!.run(rt.state as never, c, req, { rng: Rng.fromSeed(seed + 1000), alloc: plainAlloc, progress: () => {}, cancelled: () => false }, rt.live as never));
    return { ...r.metrics, curves: r.curves, seconds: +((performance.now() - t0) / 1000).toFixed(1) };
  } catch (e) {
    return { error: (e as Error).message.slice(0, 80) };
  }
}
const e = (x: unknown) => (typeof x === 'number' ? x.toExponential(2) : String(x));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

console.log('## Jaeger 2001 Mackey-Glass τ = 17, 400 units, 3000 training steps (1000 washout), 20 trials of 84 free steps');
const jaeger = preset('jaeger2001-mackey-glass');
const mg = { task: 'mackey-glass', tau: 17, steps: 3000, washout: 1000, trials: 20, testWashout: 500 };
const all: number[] = [];
for (let seed = 1; seed <= reservoirs; seed++) {
  const m = train(jaeger, { ...mg, seed: 100 + seed }, seed);
  all.push(...(m.curves?.trialNrmse ?? []));
  console.log(`reservoir ${seed}: NRMSE84 (rms over 20) ${e(m.nrmse84)}, median trial ${e(m.medianTrialNrmse)}, train NRMSE ${e(m.trainNrmse)}, cond ${e(m.conditionEstimate)}, ${m.seconds} s`);
}
console.log(`all ${all.length} trials: median ${e(median(all))}, rms ${e(Math.sqrt(all.reduce((a, v) => a + v * v, 0) / all.length))}`);

console.log('\n## readout solver and training noise (reservoir 1)');
for (const [name, readout] of [
  ['normal equations λ = 0', { lambda: 0, solver: 'cholesky', trainingNoise: 0 }],
  ['Cholesky λ = 1e-12', { lambda: 1e-12, solver: 'cholesky', trainingNoise: 0 }],
  ['QR λ = 0, noise 1e-9 (preset)', { lambda: 0, solver: 'qr', trainingNoise: 1e-9 }],
  ['QR λ = 0, noise 1e-5', { lambda: 0, solver: 'qr', trainingNoise: 1e-5 }],
] as const) {
  const m = train({ ...jaeger, readout }, { ...mg, seed: 101 }, 1);
  console.log(`${name}: NRMSE84 ${e(m.nrmse84 ?? m.error)}, median ${e(m.medianTrialNrmse)}`);
}

console.log('\n## τ = 30, training noise 1e-5 (paper: 0.11)');
{
  const m = train({ ...jaeger, readout: { lambda: 0, solver: 'qr', trainingNoise: 1e-5 } }, { ...mg, tau: 30, seed: 101 }, 1);
  console.log(`NRMSE84 ${e(m.nrmse84)}, median ${e(m.medianTrialNrmse)}`);
}

console.log('\n## Jaeger & Haas 2004 preset (1000 units)');
{
  const m = train(preset('jaeger-haas2004-mackey-glass'), { ...mg, seed: 101 }, 1);
  console.log(`NRMSE84 ${e(m.nrmse84)}, median ${e(m.medianTrialNrmse)}, ${m.seconds} s`);
}

console.log('\n## ReservoirPy tutorial forecaster (100 units), min–max scaled τ = 17, 2000 training steps');
for (const h of [10, 100]) {
  const r2s: number[] = [];
  for (let seed = 1; seed <= reservoirs; seed++) {
    const m = train(preset('reservoirpy-forecaster'), { task: 'mackey-glass', forecast: h, scaling: 'minmax', steps: 2000, washout: 100, testSteps: 500, seed: 200 + seed }, seed);
    r2s.push(m.testR2);
  }
  console.log(`forecast ${h}: test R² median ${median(r2s).toFixed(5)} (${r2s.map((v) => v.toFixed(5)).join(', ')}); ReservoirPy: ${h === 10 ? '0.99918' : '0.95083'}`);
}

console.log('\n## memory capacity (u ~ U[−0.8, 0.8], 60 delays, 6000 training / 3000 test steps)');
for (const [name, over] of [
  ['linear N = 20', preset('linear-memory')],
  ['linear N = 50 (λ = 1e-12: λ = 0 is numerically rank deficient)', { ...preset('linear-memory'), size: 50, readout: { lambda: 1e-12, solver: 'qr', trainingNoise: 0 } }],
  ['tanh N = 20 (input scaling 1)', { ...preset('linear-memory'), activation: 'tanh', inputScaling: 1 }],
  ['tanh N = 50 (input scaling 0.1)', { ...preset('linear-memory'), size: 50, activation: 'tanh' }],
] as const) {
  const m = train(over as Partial<EsnConfig>, { task: 'memory', maxDelay: over.size === 50 ? 120 : 60, steps: 6000, testSteps: 3000, washout: 200, seed: 5 }, 1);
  console.log(`${name}: ${m.error ?? `MC ${m.memoryCapacity?.toFixed(2)} (bound ${m.bound})`}`);
}

console.log('\n## echo state property against ρ (100 tanh units, 10% density, input U[−1, 1] · 0.1 scaling, 1000 steps)');
for (const rho of [0.5, 0.9, 1.0, 1.1, 1.3, 1.6, 2, 3]) {
  const m = train({ size: 100, density: 0.1, spectralRadius: rho, inputs: 1, inputScaling: 0.1 }, { task: 'echo-state', steps: 1000, seed: 7 }, 1);
  console.log(`ρ = ${rho}: distance ratio ${e(m.distanceRatio)}, echo state property ${m.echoStateProperty}`);
}

console.log('\n## NARMA-10 (200 units, ρ 0.9, 3000 training / 1000 test steps)');
{
  const xs: number[] = [];
  for (let seed = 1; seed <= reservoirs; seed++) xs.push(train({ size: 200, density: 0.1, spectralRadius: 0.9, inputs: 1, inputScaling: 0.5 }, { task: 'narma10', steps: 3000, testSteps: 1000, seed: 300 + seed }, seed).testNrmse);
  console.log(`test NRMSE median ${median(xs).toFixed(3)} (${xs.map((v) => v.toFixed(3)).join(', ')})`);
}

console.log('\n## sound versus its time-reversed twin (200 units, 16 channels, 4 words)');
{
  const xs: number[] = [];
  for (let seed = 1; seed <= reservoirs; seed++) {
    xs.push(
      train(
        { size: 200, density: 0.1, spectralRadius: 0.9, leakRate: 0.3, inputs: 16, inputScaling: 0.5, readout: { lambda: 1e-4, solver: 'cholesky', trainingNoise: 0 } },
        { task: 'reverse', grid: { channels: 16, binMs: 5, lowHz: 250, highHz: 8000 }, stimulus: { words: 4, trainTrials: 200, testTrials: 200, noise: 0.05 }, seed: 400 + seed },
        seed,
      ).accuracy,
    );
  }
  console.log(`test accuracy median ${median(xs).toFixed(3)} (${xs.map((v) => v.toFixed(3)).join(', ')}); chance 0.5`);
}
