/**
 * Input spike trains of the liquid, per trial:
 * - templates (Maass, Natschläger & Markram 2002, §5 / appendix B): a few Poisson spike-train templates drawn once
 *   per session; a trial is `segments` segments of `segmentMs`, segment s copied from the same window of a randomly
 *   chosen template, every spike moved by Gaussian jitter (SD `jitterMs`). `labels[s]` is the template used.
 * - spikeTimes: the user's spike times, repeated every `periodMs` when given.
 * - poisson: no schedule (drawn step by step in the model).
 * All buffers are preallocated; `beginTrial` allocates nothing.
 */
import type { Alloc } from '../../engine/alloc.js';
import type { Rng } from '../../engine/random/rng.js';
import type { LsmConfig } from './config.js';

export interface InputSchedule {
  /** Template spike times (ms), [template][channel][0 … cap−1]. */
  templateTimes: Float64Array;
  templateCount: Int32Array;
  templateCap: number;
  /** This trial's spike times (ms from the trial start), [channel][0 … trialCap−1], sorted. */
  trialTimes: Float64Array;
  trialCount: Int32Array;
  /** Next spike of each channel to deliver. */
  trialPtr: Int32Array;
  trialCap: number;
  /** Template of each segment in this trial. */
  labels: Int32Array;
}

/** Trial length (ms); Infinity when the input has no trials (Poisson, or user times without a period). */
export function trialLengthMs(c: LsmConfig): number {
  if (c.input.type === 'templates') return c.input.segments * c.input.segmentMs;
  if (c.input.type === 'spikeTimes' && c.input.periodMs !== undefined) return c.input.periodMs;
  return Infinity;
}

/** Homogeneous Poisson train on [0, length) at `rateHz`, by exponential intervals. */
function poissonTrain(rng: Rng, rateHz: number, length: number): number[] {
  const out: number[] = [];
  if (rateHz <= 0) return out;
  for (let t = rng.exponential(rateHz / 1000); t < length; t += rng.exponential(rateHz / 1000)) out.push(t);
  return out;
}

export function createSchedule(c: LsmConfig, rng: Rng, alloc: Alloc): InputSchedule {
  const k = c.inputs;
  let trains: number[][][] = [];
  if (c.input.type === 'templates') {
    const len = trialLengthMs(c);
    for (let tpl = 0; tpl < c.input.templates; tpl++) {
      const perChannel: number[][] = [];
      for (let ch = 0; ch < k; ch++) perChannel.push(poissonTrain(rng, c.input.templateRateHz, len));
      trains.push(perChannel);
    }
  } else if (c.input.type === 'spikeTimes') {
    trains = [c.input.times.map((ts) => ts.filter((t) => t < trialLengthMs(c)).sort((a, b) => a - b))];
  }
  const nTpl = trains.length;
  let cap = 1;
  for (const tpl of trains) for (const ts of tpl) cap = Math.max(cap, ts.length);
  // A trial takes each segment from one template: at most the sum of all templates' counts on a channel.
  let trialCap = 1;
  for (let ch = 0; ch < k; ch++) {
    let s = 0;
    for (const tpl of trains) s += tpl[ch]!.length;
    trialCap = Math.max(trialCap, s);
  }
  const templateTimes = alloc.f64(nTpl * k * cap);
  const templateCount = alloc.i32(nTpl * k);
  trains.forEach((tpl, i) =>
    tpl.forEach((ts, ch) => {
      templateCount[i * k + ch] = ts.length;
      templateTimes.set(ts, (i * k + ch) * cap);
    }),
  );
  const segments = c.input.type === 'templates' ? c.input.segments : 1;
  return {
    templateTimes,
    templateCount,
    templateCap: cap,
    trialTimes: alloc.f64(k * trialCap),
    trialCount: alloc.i32(k),
    trialPtr: alloc.i32(k),
    trialCap,
    labels: alloc.i32(segments),
  };
}

/**
 * Build the next trial's spike times. Templates: labels drawn uniformly (or taken from `labels` when given), then
 * each kept spike jittered and the channel re-sorted (insertion sort: the jitter only moves spikes locally).
 */
export function beginTrial(s: InputSchedule, c: LsmConfig, rng: Rng, labels?: ArrayLike<number>): void {
  const k = c.inputs;
  s.trialPtr.fill(0);
  if (c.input.type !== 'templates') {
    if (s.templateCount.length === 0) return;
    for (let ch = 0; ch < k; ch++) {
      const cnt = s.templateCount[ch]!;
      for (let i = 0; i < cnt; i++) s.trialTimes[ch * s.trialCap + i] = s.templateTimes[ch * s.templateCap + i]!;
      s.trialCount[ch] = cnt;
    }
    return;
  }
  const { segments, segmentMs, jitterMs, templates } = c.input;
  const length = segments * segmentMs;
  for (let seg = 0; seg < segments; seg++) s.labels[seg] = labels ? labels[seg]! : rng.int(templates);
  for (let ch = 0; ch < k; ch++) {
    const base = ch * s.trialCap;
    let cnt = 0;
    for (let seg = 0; seg < segments; seg++) {
      const tpl = s.labels[seg]!;
      const off = (tpl * k + ch) * s.templateCap;
      const n = s.templateCount[tpl * k + ch]!;
      const lo = seg * segmentMs;
      const hi = lo + segmentMs;
      for (let i = 0; i < n; i++) {
        const t0 = s.templateTimes[off + i]!;
        if (t0 < lo || t0 >= hi) continue;
        const t = jitterMs > 0 ? t0 + rng.normal(0, jitterMs) : t0;
        if (t < 0 || t >= length) continue;
        // insertion into the sorted channel list
        let j = cnt++;
        while (j > 0 && s.trialTimes[base + j - 1]! > t) {
          s.trialTimes[base + j] = s.trialTimes[base + j - 1]!;
          j--;
        }
        s.trialTimes[base + j] = t;
      }
    }
    s.trialCount[ch] = cnt;
  }
}
