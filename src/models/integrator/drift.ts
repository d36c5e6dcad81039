/**
 * Task figures of an integrator run, from the recorded eye position: how well does it hold a fixation?
 *
 * Fixations are the stretches between disruptions (a step with a velocity command or a blink), found from the
 * recorded `eventCount` (the number of such steps so far): two consecutive samples with the same count have no
 * command and no blink between them, whatever `recordEvery` is.
 */
import type { Recording } from '../contract.js';

export interface DriftFigures extends Record<string, number | number[] | string | null> {
  /** Fitted drift time constant (ms): 1/|a| for dE/dt = a·E (E relative to the null position 0°). */
  driftTimeConstant: number | null;
  /** 'leak' (back to the null position), 'runaway' (away from it) or 'hold' (no measurable drift). */
  driftDirection: string;
  /** The fitted a of dE/dt = a·E, per second. */
  driftRateConstant: number | null;
  /** Mean |dE/dt| over fixations (°/s), each fixation's slope fitted by least squares, weighted by its length. */
  driftRate: number | null;
  maxDriftRate: number | null;
  /** Landing error after each saccade or blink (°): E at the start of the next fixation − (E at the end of the previous one + the displacement commanded in between). */
  positionErrors: number[];
  /** E − target at the end of each fixation after the first: the landing errors plus the drift accumulated (°). */
  fixationEndErrors: number[];
  meanAbsPositionError: number | null;
  finalPosition: number | null;
  /** Undisturbed sample pairs left out of the time-constant fit because |E| was past the linear range. */
  samplesOutsideRange: number;
}

/** Fixations shorter than this (ms) are left out of the drift-rate figure (a slope over a few ms is noise). */
const minFixation = 50;

/**
 * `linearRange` (°): the fit of the time constant uses only samples with |E| within it, where every unit is above
 * threshold and τ dE/dt = −(1−λ)E holds exactly; past it units fall silent and the line attractor is broken.
 */
export function driftFigures(rec: Recording, linearRange = Infinity): DriftFigures {
  const e = rec.fields.eyePosition!.data;
  const target = rec.fields.targetPosition!.data;
  const events = rec.fields.eventCount!.data;
  const t = rec.t;
  const n = e.length;
  const out: DriftFigures = {
    driftTimeConstant: null,
    driftDirection: 'hold',
    driftRateConstant: null,
    driftRate: null,
    maxDriftRate: null,
    positionErrors: [],
    fixationEndErrors: [],
    meanAbsPositionError: null,
    finalPosition: n ? e[n - 1]! : null,
    samplesOutsideRange: 0,
  };
  if (n < 2) return out;

  // Pooled fit of dE/dt = a·E through the origin over every undisturbed pair of samples: the central difference
  // against the midpoint is exact to O((aΔt)²) for an exponential, so a is unbiased by the sampling interval.
  let sxy = 0;
  let sxx = 0;
  let outside = 0;
  for (let k = 0; k + 1 < n; k++) {
    if (events[k + 1] !== events[k]) continue;
    if (Math.abs(e[k]!) > linearRange || Math.abs(e[k + 1]!) > linearRange) {
      outside++;
      continue;
    }
    const dtk = t[k + 1]! - t[k]!;
    const slope = (e[k + 1]! - e[k]!) / dtk;
    const mid = 0.5 * (e[k + 1]! + e[k]!);
    sxy += slope * mid * dtk;
    sxx += mid * mid * dtk;
  }
  out.samplesOutsideRange = outside;
  if (sxx > 0) {
    const a = sxy / sxx; // per ms
    out.driftRateConstant = a * 1000;
    // A drift slower than 1e9 ms (≈ 11 days) is a hold, as far as a simulation can tell.
    if (Math.abs(a) > 1e-9) {
      out.driftTimeConstant = 1 / Math.abs(a);
      out.driftDirection = a < 0 ? 'leak' : 'runaway';
    }
  }

  // Per fixation (≥ 2 samples with no disruption between them): least-squares slope of E(t), and where it landed.
  let weighted = 0;
  let totalLength = 0;
  let maxRate = 0;
  const errors: number[] = [];
  const endErrors: number[] = [];
  let start = 0;
  let previousEnd = -1;
  for (let k = 1; k <= n; k++) {
    if (k < n && events[k] === events[k - 1]) continue;
    const end = k - 1; // a run of samples start..end with the same event count
    if (end > start) {
      const length = t[end]! - t[start]!;
      if (length >= minFixation) {
        const rate = Math.abs(lineSlope(t, e, start, end)) * 1000;
        weighted += rate * length;
        totalLength += length;
        maxRate = Math.max(maxRate, rate);
      }
      if (previousEnd >= 0) {
        // Landing error: where the eye is now against where it was plus the displacement commanded since.
        errors.push(e[start]! - (e[previousEnd]! + target[start]! - target[previousEnd]!));
        endErrors.push(e[end]! - target[end]!);
      }
      previousEnd = end;
    } else if (previousEnd < 0 && events[start]! === 0) {
      previousEnd = start;
    }
    start = k;
  }
  if (totalLength > 0) {
    out.driftRate = weighted / totalLength;
    out.maxDriftRate = maxRate;
  }
  out.fixationEndErrors = endErrors;
  out.positionErrors = errors;
  if (errors.length) out.meanAbsPositionError = errors.reduce((s, x) => s + Math.abs(x), 0) / errors.length;
  return out;
}

function lineSlope(x: Float64Array, y: Float64Array, from: number, to: number): number {
  const m = to - from + 1;
  let mx = 0;
  let my = 0;
  for (let i = from; i <= to; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= m;
  my /= m;
  let sxy = 0;
  let sxx = 0;
  for (let i = from; i <= to; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : 0;
}
