/**
 * The benchmark harness: `npm run bench` runs every module in bench/models/ and prints one table of figures, each
 * beside a reference (numpy on one thread, Brian2, …) as a ratio when the reference could be run here.
 * Figures are medians of repeated runs; nothing here is a test (the machines are shared and noisy).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export interface BenchRow {
  /** What was measured, e.g. "rate N=1000 dense, euler". */
  name: string;
  value: number;
  /** Unit of value, e.g. "steps/s", "ms", "GFLOP/s". */
  unit: string;
  /** true when larger is better (rates), false for times. */
  higherIsBetter: boolean;
  reference?: { name: string; value: number } | null;
  note?: string;
  /** The bench module (bench/models/<family>.ts) that reported it; set by bench/run.ts. */
  family?: string;
}

export interface BenchContext {
  report(row: BenchRow): void;
  /**
   * Run a Python script (a file under bench/python/) with numpy pinned to one thread; returns its stdout parsed as
   * JSON, or null when python3 or numpy is missing. Args are passed as JSON in argv[1].
   */
  python(script: string, args?: unknown): unknown | null;
  /** Median wall time in ms of `fn` over `repeats` runs (after one warm-up). */
  time(fn: () => void, repeats?: number): number;
  /** Quick mode (BENCH_QUICK=1): smaller sizes, fewer repeats. */
  quick: boolean;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** bench/python lives in the source tree; from dist/bench we go up two levels. */
export const pythonDir = path.resolve(here, here.includes(`${path.sep}dist${path.sep}`) ? '../../bench/python' : 'python');

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function createContext(rows: BenchRow[]): BenchContext {
  const quick = process.env.BENCH_QUICK === '1';
  return {
    quick,
    report(row) {
      rows.push(row);
      printRow(row);
    },
    python(script, args) {
      const py = process.env.PYTHON ?? 'python3';
      const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
      const res = spawnSync(py, [path.join(pythonDir, script), JSON.stringify(args ?? {})], { env, encoding: 'utf8', timeout: 600_000 });
      if (res.status !== 0) {
        if (res.stderr && !/No module named/.test(res.stderr)) process.stderr.write(`[bench] ${script}: ${res.stderr.slice(0, 500)}\n`);
        return null;
      }
      try {
        return JSON.parse(res.stdout.trim().split('\n').at(-1) ?? 'null');
      } catch {
        return null;
      }
    },
    time(fn, repeats = quick ? 3 : 7) {
      fn();
      const ts: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const t0 = performance.now();
        fn();
        ts.push(performance.now() - t0);
      }
      return median(ts);
    },
  };
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a >= 1000 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 0.01 ? x.toFixed(3) : x.toExponential(2);
}

export function ratio(row: BenchRow): number | null {
  if (!row.reference || !(row.reference.value > 0) || !(row.value > 0)) return null;
  return row.higherIsBetter ? row.value / row.reference.value : row.reference.value / row.value;
}

function printRow(row: BenchRow): void {
  const r = ratio(row);
  const ref = row.reference ? `${row.reference.name}: ${fmt(row.reference.value)} ${row.unit}` : 'no reference here';
  const rs = r === null ? '' : `  ratio ${r.toFixed(2)}`;
  console.log(`${row.name.padEnd(52)} ${fmt(row.value).padStart(10)} ${row.unit.padEnd(10)} | ${ref}${rs}${row.note ? `  (${row.note})` : ''}`);
}
