/**
 * Task figures of a FORCE run, from the recorded output z, target f and phase (0 spontaneous, 1 learning,
 * 2 testing): mean absolute error in training and testing, test error per period of the target (the reference
 * advises it: over long tests a slow phase drift dominates a single number), correlation with the target, and each
 * figure per output (every joint of a gait).
 */
import type { Recording } from '../contract.js';

export type Figures = Record<string, number | number[] | string | boolean | null>;

export interface Series {
  t: Float64Array;
  output: Float64Array;
  target: Float64Array;
  phase: Float64Array;
  /** Outputs per sample. */
  width: number;
}

export function seriesOf(rec: Recording): Series | null {
  const output = rec.fields.output;
  const target = rec.fields.target;
  const phase = rec.fields.phase;
  if (!output || !target || !phase) return null;
  return { t: rec.t, output: output.data, target: target.data, phase: phase.data, width: output.width };
}

/** MAE per output over the samples of one phase (and optionally a time window); null entries when none. */
function maeByOutput(s: Series, phase: number, from = -Infinity, to = Infinity): { mae: number[]; count: number } {
  const sum = new Array<number>(s.width).fill(0);
  let count = 0;
  for (let i = 0; i < s.phase.length; i++) {
    if (s.phase[i] !== phase || s.t[i]! < from || s.t[i]! >= to) continue;
    count++;
    for (let o = 0; o < s.width; o++) sum[o]! += Math.abs(s.output[i * s.width + o]! - s.target[i * s.width + o]!);
  }
  return { mae: sum.map((x) => x / Math.max(1, count)), count };
}

/** Pearson correlation of output o with its target over one phase; null when either is constant. */
function correlation(s: Series, phase: number, o: number): number | null {
  let n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (let i = 0; i < s.phase.length; i++) {
    if (s.phase[i] !== phase) continue;
    const a = s.output[i * s.width + o]!;
    const b = s.target[i * s.width + o]!;
    n++; sa += a; sb += b; saa += a * a; sbb += b * b; sab += a * b;
  }
  if (n < 2) return null;
  const va = saa - (sa * sa) / n;
  const vb = sbb - (sb * sb) / n;
  if (!(va > 0) || !(vb > 0)) return null;
  return (sab - (sa * sb) / n) / Math.sqrt(va * vb);
}

const meanOf = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const round = (x: number): number => Number(x.toPrecision(6));

export function forceFigures(s: Series, period: number, names: string[]): Figures {
  const out: Figures = { outputs: names.join(',') };
  const train = maeByOutput(s, 1);
  const test = maeByOutput(s, 2);
  out.trainSamples = train.count;
  out.testSamples = test.count;
  out.trainMAE = train.count ? round(meanOf(train.mae)) : null;
  out.testMAE = test.count ? round(meanOf(test.mae)) : null;
  if (s.width > 1) {
    out.perOutputTrainMAE = train.count ? train.mae.map(round) : null;
    out.perOutputTestMAE = test.count ? test.mae.map(round) : null;
  }
  if (test.count) {
    const corr = Array.from({ length: s.width }, (_, o) => correlation(s, 2, o));
    out.testCorrelation = corr.every((c) => c !== null) ? round(meanOf(corr as number[])) : null;
    if (s.width > 1) out.perOutputTestCorrelation = corr.map((c) => (c === null ? null : round(c))) as number[];
    // Per period of the target, from the first test sample; a trailing part shorter than half a period is dropped.
    let start = Infinity, end = -Infinity;
    for (let i = 0; i < s.phase.length; i++) {
      if (s.phase[i] === 2) {
        start = Math.min(start, s.t[i]!);
        end = Math.max(end, s.t[i]!);
      }
    }
    const perPeriod: number[] = [];
    for (let a = start; a <= end && perPeriod.length < 10_000; a += period) {
      const p = maeByOutput(s, 2, a, a + period);
      if (p.count > 0 && (end - a >= period / 2 || perPeriod.length === 0)) perPeriod.push(round(meanOf(p.mae)));
    }
    out.testMAEPerPeriod = perPeriod;
    out.firstTestPeriodMAE = perPeriod[0] ?? null;
  }
  return out;
}
