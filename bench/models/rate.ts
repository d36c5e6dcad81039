/**
 * Issue #2's figures: steps/s of `rate` (continuous, Euler, tanh, dense M) at N = 100, 1000, 2000 beside the same
 * loop in numpy, and (issue #8) the float32 session at N = 1000 beside numpy float32; the parallel speed-up of two sessions on the pool against one; and the frames per second
 * delivered to 50 WebSocket clients while one run streams.
 */
import WebSocket from 'ws';
import type { BenchContext } from '../harness.js';
import { rate } from '../../src/models/rate/rate.js';
import { createRuntime, runSimulation } from '../../src/engine/simulator.js';
import { buildApp } from '../../src/app.js';

const rateConfig = (size: number, precision: 'float64' | 'float32' = 'float64') =>
  rate.configSchema.parse({ size, inputs: 1, time: 'continuous', precision, recurrent: { type: 'random', gain: 1.5, density: 1, zeroDiagonal: true, symmetric: false } });

export default async function bench(ctx: BenchContext): Promise<void> {
  const sizes = [100, 1000, 2000];
  const steps: Record<string, number> = { 100: ctx.quick ? 5000 : 20000, 1000: ctx.quick ? 300 : 2000, 2000: ctx.quick ? 100 : 500 };
  const numpy = ctx.python('rate.py', { sizes, steps }) as Record<string, number> | null;
  for (const n of sizes) {
    const c = rateConfig(n);
    const rt = createRuntime(rate, c, 1);
    const ms = ctx.time(() => runSimulation(rate, c, rt, { steps: steps[n]!, record: [] }), ctx.quick ? 3 : 5);
    ctx.report({ name: `rate N=${n} dense, euler, tanh (in process)`, value: (steps[n]! / ms) * 1000, unit: 'steps/s', higherIsBetter: true, reference: numpy ? { name: 'numpy 1 thread', value: numpy[String(n)]! } : null });
  }

  // float32 (`precision: 'float32'`): the same loop at N = 1000 beside numpy in float32.
  {
    const n = 1000;
    const numpy32 = ctx.python('rate.py', { sizes: [n], steps: { [n]: steps[n] }, dtype: 'float32' }) as Record<string, number> | null;
    const c = rateConfig(n, 'float32');
    const rt = createRuntime(rate, c, 1);
    const ms = ctx.time(() => runSimulation(rate, c, rt, { steps: steps[n]!, record: [] }), ctx.quick ? 3 : 5);
    ctx.report({ name: `rate N=${n} dense, euler, tanh, float32 (in process)`, value: (steps[n]! / ms) * 1000, unit: 'steps/s', higherIsBetter: true, reference: numpy32 ? { name: 'numpy float32 1 thread', value: numpy32[String(n)]! } : null });
  }

  // Through the server: one session alone, then two at once on the 2-thread pool.
  const app = await buildApp({ ignoreEnv: true, logger: false, settings: { dataDir: ':memory:', poolSize: 2, maxEventLoopDelayMs: 0 } });
  const n = 1000;
  const runSteps = ctx.quick ? 500 : 10000;
  const create = async () => (await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'rate', config: rateConfig(n), seed: 1 } })).json().id as string;
  const run = (id: string) => app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: runSteps, record: ['meanRate'], wait: true } });
  const [a, b] = [await create(), await create()];
  await Promise.all([run(a), run(b)]); // warm both threads
  let t0 = performance.now();
  await run(a);
  const one = (runSteps / (performance.now() - t0)) * 1000;
  t0 = performance.now();
  await Promise.all([run(a), run(b)]);
  const two = ((2 * runSteps) / (performance.now() - t0)) * 1000;
  ctx.report({ name: 'rate N=1000 via the pool: 2 sessions at once (total)', value: two, unit: 'steps/s', higherIsBetter: true, reference: { name: '1 session alone', value: one }, note: 'ratio = parallel speed-up; goal ≥ 1.8 on 2 cores' });

  // 50 WebSocket clients watching one N=1000 run that streams a frame every step, paced at 60 fps.
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const id = await create();
  const clients = await Promise.all(
    Array.from({ length: 50 }, () => new Promise<{ ws: WebSocket; frames: number }>((resolve) => {
      const c = { ws: new WebSocket(`ws://127.0.0.1:${port}/v1/sessions/${id}/stream`), frames: 0 };
      c.ws.on('message', (_d, isBinary) => { if (isBinary) c.frames++; });
      c.ws.on('open', () => resolve(c));
    })),
  );
  const fps = 60;
  const frames = ctx.quick ? 120 : 600;
  t0 = performance.now();
  await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: frames, fps, record: ['meanRate'], wait: true } });
  await new Promise((r) => setTimeout(r, 200));
  const seconds = (performance.now() - t0) / 1000;
  const delivered = clients.reduce((s, c) => s + c.frames, 0);
  ctx.report({ name: '50 WebSocket clients, N=1000 frames at 60 fps', value: delivered / clients.length / seconds, unit: 'frames/s', higherIsBetter: true, reference: { name: 'paced rate', value: fps }, note: `${delivered} frames delivered in all` });
  for (const c of clients) c.ws.close();
  await app.close();
}
