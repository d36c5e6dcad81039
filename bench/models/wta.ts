/**
 * Step-loop speed of the `wta` kind: the lateral form (O(k) per step thanks to Σ_{j≠i} v_j = S − v_i), the explicit
 * inhibitory population, and the soft WTA's softmax draw; numpy runs the same updates on one thread as the reference.
 * The model does a little more per step than the numpy loop (it recomputes the drive, base + generic inputs, and
 * finds the winner every step). With fixed drives and T the soft WTA reuses softmax(I/T) from the last step (the same
 * probabilities, bit for bit); numpy recomputes it, which costs it less than checking whether the drives changed.
 */
import type { BenchContext } from '../harness.js';
import { wta } from '../../src/models/wta/wta.js';
import { createRuntime, runSimulation } from '../../src/engine/simulator.js';

export default async function bench(ctx: BenchContext): Promise<void> {
  const steps = ctx.quick ? 2000 : 20_000;
  const cases = [
    { name: 'lateral k=10', config: { variant: 'lateral', size: 10, dt: 0.2 } },
    { name: 'lateral k=1000', config: { variant: 'lateral', size: 1000, dt: 0.005 } },
    { name: 'inhibitory k=1000, 1 inhibitory', config: { variant: 'inhibitory', size: 1000, dt: 0.005 } },
    { name: 'soft k=1000', config: { variant: 'soft', size: 1000, dt: 1 } },
  ] as const;
  for (const k of cases) {
    const config = wta.configSchema.parse(k.config);
    const ms = ctx.time(() => {
      const rt = createRuntime(wta, config, 1);
      runSimulation(wta, config, rt, { steps, record: ['margin'], recordEvery: 100 });
    });
    const py = ctx.python('wta.py', { variant: config.variant, size: config.size, dt: config.dt, steps }) as { seconds: number } | null;
    ctx.report({
      name: `wta ${k.name}, euler`,
      value: steps / (ms / 1000),
      unit: 'steps/s',
      higherIsBetter: true,
      reference: py ? { name: 'numpy (1 thread)', value: steps / py.seconds } : null,
    });
  }
}
