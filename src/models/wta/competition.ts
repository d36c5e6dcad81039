/**
 * Task figures of a WTA run: who won, how fast the competition settled, by how much, and whether the max operation
 * was right (the winner is the unit with the largest input). For the soft WTA: how often each unit won against the
 * softmax probabilities it should sample (Kappel et al. 2014), with a χ² test.
 */
import type { Recording } from '../contract.js';
import { chiSquareTest } from './chi-square.js';

type Figures = Record<string, number | number[] | string | boolean | null>;

/** Units below this fraction of the winner's activity count as silent. */
const activeFraction = 1e-3;
/** Settled: every unit stays within this fraction of the largest final activity of its final value. */
const settleTolerance = 0.01;

export function argmax(x: ArrayLike<number>, from = 0, n = x.length): number {
  let best = 0;
  for (let i = 1; i < n; i++) if (x[from + i]! > x[from + best]!) best = i;
  return best;
}

export function softmax(drive: ArrayLike<number>, temperature: number, out: Float64Array): Float64Array {
  // Subtract the maximum first so that exp never overflows at small T.
  let max = -Infinity;
  for (let i = 0; i < out.length; i++) max = Math.max(max, drive[i]!);
  let sum = 0;
  for (let i = 0; i < out.length; i++) sum += out[i] = Math.exp((drive[i]! - max) / temperature);
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

/** Hard (deterministic) competition: from the recorded activity and the final drive. */
export function competitionFigures(rec: Recording, drive: Float64Array): Figures {
  const act = rec.fields.activity!;
  const k = act.width;
  const samples = act.data.length / k;
  if (samples === 0) return {};
  const last = (samples - 1) * k;
  const final = act.data.subarray(last, last + k);
  const winner = argmax(final);
  const top = final[winner]!;
  let second = -Infinity;
  let active = 0;
  for (let i = 0; i < k; i++) {
    if (i !== winner) second = Math.max(second, final[i]!);
    if (final[i]! > activeFraction * Math.abs(top) && final[i]! > 0) active++;
  }
  // Settling time: the first sample after which no unit leaves a band around its final value.
  const band = settleTolerance * Math.max(Math.abs(top), 1e-12);
  let settledFrom = 0;
  for (let s = samples - 1; s >= 0; s--) {
    let inside = true;
    for (let i = 0; i < k && inside; i++) if (Math.abs(act.data[s * k + i]! - final[i]!) > band) inside = false;
    if (!inside) {
      settledFrom = s + 1;
      break;
    }
  }
  const largest = argmax(drive);
  const t0 = rec.t[0]! - (rec.t.length > 1 ? rec.t[1]! - rec.t[0]! : 0);
  return {
    winner,
    winnerActivity: top,
    largestInputUnit: largest,
    largestInput: drive[largest]!,
    winnerIsLargestInput: winner === largest,
    margin: top - second,
    relativeMargin: top !== 0 ? (top - second) / Math.abs(top) : null,
    activeUnits: active,
    settled: settledFrom < samples - 1,
    settlingTime: settledFrom < samples - 1 ? rec.t[Math.max(0, settledFrom)]! - t0 : null,
  };
}

/** Soft competition: winner counts from the recorded `winner` field against softmax(I/T) of the final drive. */
export function softFigures(rec: Recording, drive: Float64Array, temperature: number): Figures {
  const w = rec.fields.winner!.data;
  const k = drive.length;
  const counts = new Array<number>(k).fill(0);
  let spikes = 0;
  for (let s = 0; s < w.length; s++) {
    if (w[s]! >= 0) {
      counts[w[s]!]!++;
      spikes++;
    }
  }
  const predicted = Array.from(softmax(drive, temperature, new Float64Array(k)));
  const figures: Figures = {
    winner: argmax(counts),
    largestInputUnit: argmax(drive),
    winnerIsLargestInput: argmax(counts) === argmax(drive),
    spikes,
    winnerCounts: counts,
    winnerFrequencies: counts.map((c) => (spikes ? c / spikes : 0)),
    predictedProbabilities: predicted,
  };
  if (spikes > 0) {
    const test = chiSquareTest(counts, predicted);
    figures.chiSquare = test.statistic;
    figures.degreesOfFreedom = test.degreesOfFreedom;
    figures.pValue = test.pValue;
  }
  return figures;
}
