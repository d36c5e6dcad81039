/**
 * Experiments across the pool: the same 64-task sweep (hopfield recall, N=600, one task per grid point) through the
 * HTTP API on a server with one worker and with two; the figure is tasks per second, the reference the one-worker
 * server, so the ratio is the speed-up from the second core (about 2 on an idle 2-core machine; on a loaded one
 * the second worker only gets what the other processes leave, so the note gives the load average).
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BenchContext } from '../harness.js';
import { buildApp } from '../../src/app.js';

/** Wall seconds of the sweep, and how busy the workers were: Σ task time in the workers / (wall × workers). */
const hopfieldSweep = (size: number, tasks: number) => ({
  model: 'hopfield',
  config: { size, patterns: { type: 'random', count: Math.round(size * 0.1) }, cue: { pattern: 0, flip: 0.2 } },
  grid: { 'cue.flip': { start: 0.05, stop: 0.4, num: tasks } },
  seeds: 1,
  run: { steps: 40 },
});
/** A compute-bound sweep whose network stays in each core's cache: rate N=200 against the gain g. */
const rateSweep = (tasks: number, steps: number) => ({
  model: 'rate',
  config: { size: 200, inputs: 0, recurrent: { type: 'random', gain: 1, density: 1, zeroDiagonal: true, symmetric: false } },
  grid: { 'recurrent.gain': { start: 0.5, stop: 2, num: tasks } },
  seeds: 1,
  run: { steps, record: ['norm'] },
});

async function sweepSeconds(poolSize: number, body: Record<string, unknown>, warmGrid: Record<string, unknown>): Promise<{ seconds: number; busy: number }> {
  const app = await buildApp({ ignoreEnv: true, logger: false, settings: { dataDir: ':memory:', poolSize, maxEventLoopDelayMs: 0 } });
  try {
    // Warm-up: every worker loads its modules once.
    const warm = await app.inject({ method: 'POST', url: '/v1/experiments', payload: { ...body, grid: warmGrid } });
    await waitDone(app, warm.json().id);
    const t0 = performance.now();
    const res = await app.inject({ method: 'POST', url: '/v1/experiments', payload: body });
    await waitDone(app, res.json().id);
    const seconds = (performance.now() - t0) / 1000;
    const rows = (await app.inject({ method: 'GET', url: `/v1/experiments/${res.json().id}/results` })).json().rows as { ms: number }[];
    const taskSeconds = rows.reduce((a, r) => a + r.ms, 0) / 1000;
    return { seconds, busy: taskSeconds / (seconds * poolSize) };
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

/**
 * Control: the same fixed CPU-bound work (no rnnlab code) on one bare worker thread and on two. Its ratio is what
 * the machine lets two threads have right now; the sweep's ratio should be read against it.
 */
async function bareThreadsSeconds(threads: number, jobs: number, work: number): Promise<number> {
  const code = `const { parentPort } = require('node:worker_threads');
    parentPort.on('message', (n) => { let x = 0; for (let i = 0; i < n; i++) x += Math.sqrt(i); parentPort.postMessage(x); });`;
  const ws = Array.from({ length: threads }, () => new Worker(code, { eval: true }));
  try {
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      ws.map(async (w) => {
        while (next < jobs) {
          next++;
          await new Promise((r) => {
            w.once('message', r);
            w.postMessage(work / jobs);
          });
        }
      }),
    );
    return (performance.now() - t0) / 1000;
  } finally {
    await Promise.all(ws.map((w) => w.terminate()));
  }
}

export default async function bench(ctx: BenchContext): Promise<void> {
  const tasks = 64;
  const size = ctx.quick ? 250 : 600;
  const repeats = ctx.quick ? 1 : 3;
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const sweeps = async (body: Record<string, unknown>, warmGrid: Record<string, unknown>) => {
    const one: number[] = [];
    const two: number[] = [];
    const busy: number[] = [];
    for (let i = 0; i < repeats; i++) {
      one.push((await sweepSeconds(1, body, warmGrid)).seconds);
      const r = await sweepSeconds(2, body, warmGrid);
      two.push(r.seconds);
      busy.push(r.busy);
    }
    return { one, two, busy };
  };
  const { one, two, busy } = await sweeps(hopfieldSweep(size, tasks), { 'cue.flip': [0.1, 0.2, 0.3, 0.4] });
  const rateRuns = await sweeps(rateSweep(tasks, ctx.quick ? 1000 : 8000), { 'recurrent.gain': [1, 1.5] });
  const work = ctx.quick ? 1e8 : 3e8;
  const bare1: number[] = [];
  const bare2: number[] = [];
  for (let i = 0; i < repeats; i++) {
    bare1.push(await bareThreadsSeconds(1, 8, work));
    bare2.push(await bareThreadsSeconds(2, 8, work));
  }
  ctx.report({
    name: 'control: bare CPU-bound work, 2 threads',
    value: 8 / med(bare2),
    unit: 'jobs/s',
    higherIsBetter: true,
    reference: { name: '1 thread', value: 8 / med(bare1) },
    note: `what this machine gives a second thread now; load average ${os.loadavg()[0]!.toFixed(1)}`,
  });
  ctx.report({
    name: `experiment ${tasks} tasks hopfield N=${size}, 2 workers`,
    value: tasks / med(two),
    unit: 'tasks/s',
    higherIsBetter: true,
    reference: { name: '1 worker', value: tasks / med(one) },
    // The ratio only means something on an otherwise idle machine: say how busy it was.
    note: `wall ${med(two).toFixed(2)} s vs ${med(one).toFixed(2)} s; both workers busy ${(100 * med(busy)).toFixed(0)}% of the time; ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`,
  });
  ctx.report({
    name: `experiment ${tasks} tasks rate N=200 (in cache), 2 workers`,
    value: tasks / med(rateRuns.two),
    unit: 'tasks/s',
    higherIsBetter: true,
    reference: { name: '1 worker', value: tasks / med(rateRuns.one) },
    note: `wall ${med(rateRuns.two).toFixed(2)} s vs ${med(rateRuns.one).toFixed(2)} s; workers busy ${(100 * med(rateRuns.busy)).toFixed(0)}%`,
  });
}

