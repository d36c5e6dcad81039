/**
 * Measure one training in this (fresh) process: its peak memory growth and its wall time, next to the kind's own
 * estimate (`train.cost`). Run with --expose-gc; prints one JSON line.
 *
 *   node --expose-gc dist/scripts/train-peak.js '{"kind":"esn","config":{"size":400},"request":{"task":"narma10"}}'
 *
 * The rate is the estimate's flops over the CPU time the training used (not wall time: the machine may be shared).
 * peak: the growth of the process' maximum resident set (getrusage) during the training, over the resident set
 * just before it (after a full GC): the memory the operating system had to give the training, which is what runs a
 * machine out of memory. tests/models/train-cost.test.ts holds every kind's estimate to it.
 */
import { getModel } from '../src/models/index.js';
import { createRuntime } from '../src/engine/simulator.js';
import { sharedAlloc } from '../src/engine/alloc.js';
import { Rng } from '../src/engine/random/rng.js';
import { runToEnd } from '../src/engine/training.js';
import { KERNEL_FLOPS_PER_SECOND, trainSeconds } from '../src/models/train-rates.js';

const arg = JSON.parse(process.argv[2] ?? '{}') as { kind: string; config?: unknown; request?: unknown; seed?: number };
const model = getModel(arg.kind);
if (!model?.train) throw new Error(`no trainable kind ${arg.kind}`);
const config = model.configSchema.parse(arg.config ?? {});
const request = model.train.schema.parse(arg.request ?? {});
const rt = createRuntime(model, config, arg.seed ?? 1, sharedAlloc);
const estimate = model.train.cost?.(config, request, rt.state) ?? null;
const issues = model.train.validate?.(config, request, rt.state) ?? [];
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
gc?.();
const rssBefore = process.memoryUsage().rss;
const maxBefore = process.resourceUsage().maxRSS * 1024;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const result = runToEnd(
  model.train.run(rt.state, config, request, { rng: Rng.fromSeed(2), alloc: sharedAlloc, progress() {}, cancelled: () => false }, rt.live),
);
const ms = performance.now() - t0;
// CPU time of the process (one thread does the work): robust to a loaded machine, unlike wall time.
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
const maxAfter = process.resourceUsage().maxRSS * 1024;
console.log(
  JSON.stringify({
    kind: arg.kind,
    issues,
    estimate,
    measured: { peakBytes: Math.max(0, maxAfter - Math.max(maxBefore, rssBefore)), rssBefore, maxBefore, maxAfter, ms, cpuMs },
    flopsPerSecond: estimate ? estimate.flops / (cpuMs / 1000) : null,
    // the loop rate this case implies once its kernel flops are taken out at the kernel rate
    loopFlopsPerSecond: estimate ? (estimate.flops - (estimate.kernelFlops ?? 0)) / Math.max(1e-3, cpuMs / 1000 - (estimate.kernelFlops ?? 0) / KERNEL_FLOPS_PER_SECOND) : null,
    estimatedSeconds: estimate ? trainSeconds(arg.kind, estimate) : null,
    metricKeys: Object.keys(result.metrics).length,
  }),
);
