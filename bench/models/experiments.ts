/**
 * Experiments across the pool: the same 64-task sweep (hopfield recall, N=400, one task per grid point) through the
 * HTTP API on a server with one worker and with two; the figure is tasks per second, the reference the one-worker
 * server, so the ratio is the speed-up from the second core (about 2 on an idle 2-core machine; on a loaded one
 * the second worker only gets what the other processes leave, so the note gives the load average).
 */
import os from 'node:os';
import type { BenchContext } from '../harness.js';
import { buildApp } from '../../src/app.js';

async function sweepSeconds(poolSize: number, tasks: number, size: number): Promise<number> {
  const app = await buildApp({ ignoreEnv: true, logger: false, settings: { dataDir: ':memory:', poolSize } });
  try {
    const body = {
      model: 'hopfield',
      config: { size, patterns: { type: 'random', count: Math.round(size * 0.1) }, cue: { pattern: 0, flip: 0.2 } },
      grid: { 'cue.flip': { start: 0.05, stop: 0.4, num: tasks } },
      seeds: 1,
      run: { steps: 40 },
    };
    // Warm-up: every worker loads its modules once.
    const warm = await app.inject({ method: 'POST', url: '/v1/experiments', payload: { ...body, grid: { 'cue.flip': [0.1, 0.2, 0.3, 0.4] } } });
    await waitDone(app, warm.json().id);
    const t0 = performance.now();
    const res = await app.inject({ method: 'POST', url: '/v1/experiments', payload: body });
    await waitDone(app, res.json().id);
    return (performance.now() - t0) / 1000;
  } finally {
    await app.close();
  }
}

async function waitDone(app: Awaited<ReturnType<typeof buildApp>>, id: string): Promise<void> {
  for (;;) {
    const e = (await app.inject({ method: 'GET', url: `/v1/experiments/${id}?results=false` })).json();
    if (e.status !== 'running') {
      if (e.status !== 'done' || e.progress.failed > 0) throw new Error(`sweep ended ${e.status}: ${JSON.stringify(e.progress)}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

export default async function bench(ctx: BenchContext): Promise<void> {
  const tasks = 64;
  const size = ctx.quick ? 250 : 400;
  const repeats = ctx.quick ? 1 : 3;
  const one: number[] = [];
  const two: number[] = [];
  for (let i = 0; i < repeats; i++) {
    one.push(await sweepSeconds(1, tasks, size));
    two.push(await sweepSeconds(2, tasks, size));
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  ctx.report({
    name: `experiment ${tasks} tasks hopfield N=${size}, 2 workers`,
    value: tasks / med(two),
    unit: 'tasks/s',
    higherIsBetter: true,
    reference: { name: '1 worker', value: tasks / med(one) },
    // The ratio only means something on an otherwise idle machine: say how busy it was.
    note: `wall ${med(two).toFixed(2)} s vs ${med(one).toFixed(2)} s; ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`,
  });
}
