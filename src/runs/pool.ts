/**
 * The piscina worker pool that runs every simulation and training. Tasks are `workers/simulate.ts` (compiled to
 * dist/workers/simulate.js: workers run compiled JavaScript, also when the tests run the app from TypeScript).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { wasmWorkerData } from '../engine/wasm/heap.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** dist/workers/simulate.js, whether this file runs from src/ (tests) or from dist/src/ (the built server). */
export function workerFile(): string {
  const fromDist = path.resolve(here, '../../workers/simulate.js');
  if (here.includes(`${path.sep}dist${path.sep}`) && existsSync(fromDist)) return fromDist;
  const root = path.resolve(here, '../..');
  const built = path.join(root, 'dist', 'workers', 'simulate.js');
  if (!existsSync(built)) throw new Error(`worker bundle missing at ${built}: run "npm run build" first`);
  return built;
}

export function createPool(threads: number, maxQueue: number | 'auto' = 'auto'): Piscina {
  return new Piscina({
    filename: workerFile(),
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
    // For simulations the queue lives in our scheduler (fair between users and lanes) and piscina holds ≤ threads
    // tasks; the network builder takes requests as they come.
    maxQueue,
    // Every thread shares the process's WebAssembly memory, where model state lives: kernels read it in place.
    workerData: wasmWorkerData(),
  });
}
