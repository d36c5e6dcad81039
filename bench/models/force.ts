/**
 * FORCE (Sussillo & Abbott 2009) at the published size N = 1000: steps per second while learning (Euler step plus an
 * O(N²) RLS update every 2 steps) and while testing (Euler step only), through `advance` as a run does: with the
 * state allocated as a run allocates it (in the WebAssembly memory, so M·r is the CSR kernel and the RLS update the
 * rls kernel, not their JS twins on plain arrays).
 * numpy runs the same loop on one thread (bench/python/force.py), with M as a scipy.sparse CSR matrix as the model
 * keeps it (the published code's sprandn), or dense when scipy is missing (the row then says so).
 */
import type { BenchContext } from '../harness.js';
import { force } from '../../src/models/force/force.js';
import { advance, type ForceState } from '../../src/models/force/network.js';
import { rlsReset } from '../../src/engine/linalg/rls.js';
import { createRuntime } from '../../src/engine/simulator.js';

export default async function bench(ctx: BenchContext): Promise<void> {
  const n = 1000;
  const steps = ctx.quick ? 100 : 500;
  const repeats = ctx.quick ? 2 : 5;
  const py = ctx.python('force.py', { n, steps, repeats }) as { stepsPerSecond: { learning: number; testing: number }; sparse?: boolean } | null;
  const refName = py?.sparse ? 'numpy+scipy.sparse (1 thread)' : 'numpy, dense M (1 thread)';
  const config = force.configSchema.parse({ size: n, warmupTime: 0, chaosProbe: false });
  const rt = createRuntime(force, config, 1);
  const s = rt.state as ForceState;
  const x0 = Float64Array.from(s.x);
  for (const learn of [true, false]) {
    const ms = ctx.time(() => {
      // The same start each repeat: learning from P₀ = I/α and w = 0. Testing never reads P: resetting it (8 MB at
      // N = 1000, as long as ~15 test steps) would time the set-up, not the step loop; numpy skips it likewise.
      s.x.set(x0);
      s.w.fill(0);
      if (learn) rlsReset(s.p, n, config.alpha);
      for (let i = 0; i < steps; i++) advance(s, config, learn);
    }, repeats);
    const ref = py ? (learn ? py.stepsPerSecond.learning : py.stepsPerSecond.testing) : null;
    ctx.report({
      name: `force N=1000 p=0.1, ${learn ? 'training (RLS every 2 steps)' : 'testing (learning off)'}`,
      value: (steps * 1000) / ms,
      unit: 'steps/s',
      higherIsBetter: true,
      reference: ref ? { name: refName, value: ref } : null,
    });
  }
}
