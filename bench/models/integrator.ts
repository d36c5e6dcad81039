/**
 * Step-loop speed of the `integrator` kind: the tuned network (Euler, rank-one feedback: O(N) per step) at two
 * sizes, and the lecture's single discrete unit; numpy runs the same update on one thread as the reference.
 */
import type { BenchContext } from '../harness.js';
import { integrator } from '../../src/models/integrator/integrator.js';
import { createRuntime, runSimulation } from '../../src/engine/simulator.js';

export default async function bench(ctx: BenchContext): Promise<void> {
  const steps = ctx.quick ? 2000 : 20_000;
  const cases = [
    { name: 'network N=50', config: { form: 'network', size: 50, noise: 1 } },
    { name: 'network N=1000', config: { form: 'network', size: 1000, noise: 1 } },
    // Without noise: the step loop alone (with noise, N normal draws per step dominate).
    { name: 'network N=1000 noiseless', config: { form: 'network', size: 1000, noise: 0 } },
    { name: 'discrete single unit r=1', config: { form: 'discrete', size: 1, r: 1 } },
  ] as const;
  for (const k of cases) {
    const config = integrator.configSchema.parse({ ...k.config, saccades: [{ onset: 10, amplitude: 10, duration: 20 }] });
    const ms = ctx.time(() => {
      const rt = createRuntime(integrator, config, 1);
      runSimulation(integrator, config, rt, { steps, record: ['eyePosition'], recordEvery: 100 });
    });
    const py = ctx.python('integrator.py', { form: config.form, size: config.size, steps, noise: config.noise }) as { seconds: number } | null;
    ctx.report({
      name: `integrator ${k.name}, euler`,
      value: steps / (ms / 1000),
      unit: 'steps/s',
      higherIsBetter: true,
      reference: py ? { name: 'numpy (1 thread)', value: steps / py.seconds } : null,
    });
  }
}
