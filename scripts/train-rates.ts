/**
 * Every kind's training cost estimate against a measurement, over cases large enough that the estimated terms
 * dominate (tens to hundreds of MB, seconds of work): peak memory growth and wall time of each case in a fresh
 * process (scripts/train-peak.ts), and the rate the estimate implies (estimated flops per second). The fastest rate
 * per kind is what src/models/train-rates.ts holds.
 *
 *   npm run build && node dist/scripts/train-rates.js [kind…]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const rateCases: { kind: string; config: unknown; request: unknown }[] = [
  { kind: 'hopfield', config: { size: 2500, patterns: { type: 'random', count: 200 } }, request: { recall: { patterns: 5 } } },
  { kind: 'hopfield', config: { size: 1500, rule: 'storkey', patterns: { type: 'random', count: 100 } }, request: { recall: { patterns: 2 } } },
  { kind: 'hopfield', config: { size: 1500, rule: 'pseudo-inverse', patterns: { type: 'random', count: 400 } }, request: { recall: { patterns: 3 } } },
  { kind: 'boltzmann', config: { visible: 9, hidden: 600, data: { type: 'bars-and-stripes', n: 3 } }, request: { epochs: 2, negativePhase: 'pcd', samples: 100 } },
  { kind: 'boltzmann', config: { visible: 16, hidden: 0, data: { type: 'bars-and-stripes', n: 4 } }, request: { epochs: 3, samples: 100 } },
  { kind: 'boltzmann', config: { visible: 9, hidden: 200 }, request: { mode: 'sample', samples: 20000, burnIn: 10, thin: 2 } },
  { kind: 'esn', config: { size: 400 }, request: { task: 'narma10', steps: 20000 } },
  { kind: 'esn', config: { size: 1000, density: 0.05 }, request: { task: 'narma10', steps: 10000 } },
  { kind: 'esn', config: { size: 300 }, request: { task: 'memory', maxDelay: 200, steps: 20000, testSteps: 5000 } },
  { kind: 'esn', config: { size: 300 }, request: { task: 'narma10', steps: 15000, readout: { solver: 'qr' } } },
  { kind: 'esn', config: { size: 500, feedbackScaling: 1, inputs: 0, bias: 0.2 }, request: { task: 'mackey-glass', steps: 12000, trials: 2 } },
  { kind: 'lsm', config: { input: { type: 'templates' }, grid: [15, 15, 6] }, request: { trainTrials: 20, testTrials: 10 } },
  { kind: 'force', config: { size: 1000 }, request: { trainTime: 100, testTime: 50 } },
  { kind: 'force', config: { size: 600, variant: 'internal' }, request: { trainTime: 100, testTime: 20 } },
  { kind: 'strf', config: { lags: 60, channels: 64, units: 16 }, request: { stimulus: { type: 'dynamicRipple', durationMs: 60000 } } },
  { kind: 'strf', config: { lags: 40, channels: 32, units: 32 }, request: { method: 'sta', stimulus: { type: 'dynamicRipple', durationMs: 300000 } } },
  { kind: 'tdnn', config: { hidden: 800, window: 10 }, request: { task: 'forwardReversed', trainTrials: 3000, testTrials: 500 } },
  { kind: 'tdnn', config: { hidden: 300, window: 8 }, request: { task: 'forwardReversed', method: 'gradient', trainTrials: 100, testTrials: 20, epochs: 2 } },
  { kind: 'convrnn', config: { imageSize: 32, layers: [{ channels: 4, kernel: 5, cell: 'gated', recurrentKernel: 5, pool: 'max', poolSize: 2 }], timeSteps: 16, imageOffStep: 16 }, request: { epochs: 1, batchSize: 32, trainSize: 64, testSize: 8 } },
  { kind: 'convrnn', config: { imageSize: 32, layers: [{ channels: 8, kernel: 3, cell: 'lstm', recurrentKernel: 3, pool: 'max', poolSize: 2 }], timeSteps: 12 }, request: { epochs: 1, batchSize: 32, trainSize: 64, testSize: 8 } },
];

export interface PeakReport {
  estimate: { peakBytes: number; flops: number } | null;
  measured: { peakBytes: number; ms: number; cpuMs: number };
  flopsPerSecond: number | null;
  loopFlopsPerSecond: number | null;
  estimatedSeconds: number | null;
}

/** Run one case in a fresh process (compiled train-peak.js next to this file). */
export function measureTraining(c: { kind: string; config: unknown; request: unknown }): PeakReport {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'train-peak.js');
  const out = execFileSync(process.execPath, ['--expose-gc', script, JSON.stringify(c)], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, NODE_NO_WARNINGS: '1' } });
  return JSON.parse(out.trim().split('\n').pop()!) as PeakReport;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const only = process.argv.slice(2);
  const best: Record<string, number> = {};
  for (const c of rateCases) {
    if (only.length && !only.includes(c.kind)) continue;
    const r = measureTraining(c);
    const rate = r.loopFlopsPerSecond ?? 0;
    best[c.kind] = Math.max(best[c.kind] ?? 0, rate);
    console.log(
      [c.kind.padEnd(10), `${((r.estimate?.peakBytes ?? 0) / 1e6).toFixed(1)} MB est`.padStart(14), `${(r.measured.peakBytes / 1e6).toFixed(1)} MB measured`.padStart(19),
        `ratio ${(r.measured.peakBytes / Math.max(1, r.estimate?.peakBytes ?? 1)).toFixed(2)}`, `${r.measured.cpuMs.toFixed(0)} ms cpu`.padStart(13), `loops ${(rate / 1e9).toFixed(2)} GF/s`, `estimated ${(r.estimatedSeconds ?? 0).toFixed(2)} s`].join('  '),
    );
  }
  console.log('fastest loop rate per kind (flops/s):', JSON.stringify(Object.fromEntries(Object.entries(best).map(([k, v]) => [k, Number(v.toPrecision(2))]))));
}
