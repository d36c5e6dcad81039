/**
 * Run metrics of a trained ESN: compare the recorded output with the task's known continuation (kept by `train`).
 * NRMSE and R² in network coordinates over the free-running samples of the run (a teacher-forced warm-up shows the
 * teacher itself); NRMSE84 (Jaeger 2001 §6) as the error at the 84th free-running step after the last teacher-forced
 * one, in original coordinates, normalised by the signal's standard deviation: one trial, K = 1 in his formula, so
 * over K runs (teacher-forced segments) NRMSE84 = sqrt(mean of the runs' nrmse84²).
 */
import type { Recording } from '../contract.js';
import type { EsnConfig } from './config.js';
import { unsquashMG } from './mackey-glass.js';
import { errorFigures } from './readout.js';
import type { EsnState } from './reservoir.js';

export function esnMetrics(rec: Recording, _c: EsnConfig, s: EsnState): Record<string, number | number[] | string | boolean | null> {
  const out = rec.fields.output;
  const tgt = rec.fields.target;
  const m: Record<string, number | number[] | string | boolean | null> = { trained: s.trained };
  if (!out || !tgt || out.width !== 1) return m;
  const free = rec.fields.freeRunning?.data;
  let y = out.data;
  let d = tgt.data;
  if (free) {
    const keep: number[] = [];
    for (let k = 0; k < free.length; k++) if (free[k]! > 0) keep.push(k);
    m.teacherForcedSamples = free.length - keep.length;
    y = Float64Array.from(keep, (k) => out.data[k]!);
    d = Float64Array.from(keep, (k) => tgt.data[k]!);
  }
  const figs = errorFigures(y, d);
  if (figs.samples === 0) return m;
  m.nrmse = figs.nrmse;
  m.r2 = figs.r2;
  m.comparedSamples = figs.samples;
  // NRMSE84: the sample taken 84 free-running steps after the last teacher-forced one (recordEvery 1 finds it).
  const h = 84;
  const idx = free ? free.indexOf(h) : -1;
  if (idx >= 0 && Number.isFinite(tgt.data[idx]!) && Number.isFinite(s.targetVariance)) {
    const yo = s.squash === 'tanh-minus-1' ? unsquashMG(out.data[idx]!) : out.data[idx]!;
    const dO = s.squash === 'tanh-minus-1' ? unsquashMG(tgt.data[idx]!) : tgt.data[idx]!;
    m.nrmse84 = Math.abs(yo - dO) / Math.sqrt(s.targetVariance);
    m.error84 = yo - dO;
  }
  return m;
}
